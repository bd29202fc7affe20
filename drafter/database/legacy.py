"""Drafts the page kept as files before it had a database (STATE_DIR/web/drafts/<id>/record.json,
the notes, draft.md and draft.md.bak) are imported on start, once each: nothing on disk is lost or
changed, and a draft already in the database is left alone."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from .models import models

__all__ = ["import_disk_drafts"]

_ID = re.compile(r"^[0-9a-f]{16}$")


def import_disk_drafts(db, drafts_dir: Path) -> int:
    """Import each draft directory not yet in the database; how many were imported."""
    if not drafts_dir.is_dir():
        return 0
    count = 0
    for d in sorted(drafts_dir.iterdir()):
        if not _ID.match(d.name) or db.has_draft(d.name):
            continue
        try:
            record = json.loads((d / "record.json").read_text("utf-8"))
            notes_name = record.get("notes_name") or "notes.md"
            notes = (d / notes_name).read_text("utf-8")
        except (OSError, ValueError):
            continue  # a half-written directory from a crash: nothing a person could open
        texts = [p.read_text("utf-8") for p in (d / "draft.md.bak", d / "draft.md") if p.is_file()]
        _insert(db, d.name, record, notes_name, notes, texts)
        count += 1
    return count


def _insert(db, draft_id: str, record: dict, notes_name: str, notes: str, texts: list[str]) -> None:
    from sqlalchemy.exc import IntegrityError

    m = models()
    created = float(record.get("created") or time.time())
    updated = float(record.get("updated") or created)
    status = record.get("status") or "interrupted"
    error = record.get("error") or ""
    if status == "running":
        status, error = "interrupted", "服务重启时这份初稿尚未写完，请重新生成"
    draft = m.Draft(id=draft_id, community_id=None, owner=str(record.get("owner") or ""), model=str(record.get("model") or "offline"),
                    notes_name=notes_name, notes_text=notes, status=status, title=str(record.get("title") or ""), error=error,
                    progress=list(record.get("progress") or []), done=int(record.get("done") or 0), total=int(record.get("total") or 0),
                    ok=record.get("ok"), created=created, updated=updated, updated_by="", version=len(texts), deleted=None)  # fmt: skip
    try:
        with db.session() as s, s.begin():
            s.add(draft)
            s.flush()
            for number, text in enumerate(texts, 1):
                s.add(m.Version(draft_id=draft_id, number=number, kind="import", text=text, author="", created=updated, ok=record.get("ok") if number == len(texts) else None, summary=""))
    except IntegrityError:
        pass  # another worker imported it at the same moment
