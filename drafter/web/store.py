"""The page's drafts on disk: one directory per draft under STATE_DIR/web/drafts/<id>/ holding the
notes as the user gave them, the draft and its sidecar, and record.json (owner, status, progress).

Ids are random and checked against a fixed pattern before they touch a path: nothing the browser
sends becomes a file name. Every write is temp-then-rename (drafter.textio).
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import atomic_write_text

__all__ = ["DraftRecord", "DraftStore", "new_token"]

_ID = re.compile(r"^[0-9a-f]{16}$")


def new_token(nbytes: int = 8) -> str:
    return secrets.token_hex(nbytes)


@dataclass
class DraftRecord:
    id: str
    owner: str
    created: float
    model: str
    notes_name: str  # notes.md or notes.yaml
    status: str = "running"  # running | done | failed | interrupted
    title: str = ""
    error: str = ""
    progress: list[dict] = field(default_factory=list)  # SectionProgress events as dicts
    done: int = 0
    total: int = 0
    ok: bool | None = None
    updated: float = 0.0
    community: str = ""  # set by the database store (dbstore.py)
    updated_by: str = ""
    version: int = 0

    def to_json(self) -> dict:
        return asdict(self)


class DraftStore:
    def __init__(self, state_dir: Path) -> None:
        self.root = state_dir / "web" / "drafts"
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, draft_id: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(draft_id, threading.Lock())

    def dir(self, draft_id: str) -> Path:
        if not _ID.match(draft_id or ""):
            raise KeyError(draft_id)
        return self.root / draft_id

    def create(self, owner: str, model: str, notes_text: str, yaml_file: bool) -> DraftRecord:
        draft_id = new_token()
        d = self.dir(draft_id)
        d.mkdir(parents=True, exist_ok=False)
        record = DraftRecord(draft_id, owner, time.time(), model, "notes.yaml" if yaml_file else "notes.md")
        atomic_write_text(d / record.notes_name, notes_text)
        self.save(record)
        return record

    def save(self, record: DraftRecord) -> None:
        record.updated = time.time()
        atomic_write_text(self.dir(record.id) / "record.json", json.dumps(record.to_json(), ensure_ascii=False, indent=1) + "\n")

    def load(self, draft_id: str) -> DraftRecord:
        path = self.dir(draft_id) / "record.json"
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            raise KeyError(draft_id) from None
        return DraftRecord(**{k: v for k, v in data.items() if k in DraftRecord.__dataclass_fields__})

    def notes_path(self, record: DraftRecord) -> Path:
        return self.dir(record.id) / record.notes_name

    def draft_path(self, record: DraftRecord) -> Path:
        return self.dir(record.id) / "draft.md"

    def read_draft(self, record: DraftRecord) -> str:
        try:
            return self.draft_path(record).read_text("utf-8")
        except OSError:
            raise InputError("这份初稿还没有写成") from None

    def write_draft(self, record: DraftRecord, text: str) -> None:
        """The user's edited text replaces the draft; the previous text is kept as draft.md.bak."""
        path = self.draft_path(record)
        if path.exists():
            atomic_write_text(path.with_name("draft.md.bak"), path.read_text("utf-8"))
        atomic_write_text(path, text)

    def keep_version(self, record: DraftRecord, kind: str, *, ok: bool | None = None, summary: str = "") -> None:
        """The draft file as it now is becomes a version (a no-op here: the database store keeps them)."""

    def list(self, owner: str) -> list[DraftRecord]:
        if not self.root.is_dir():
            return []
        out = []
        for d in self.root.iterdir():
            if not _ID.match(d.name):
                continue
            try:
                r = self.load(d.name)
            except KeyError:
                continue
            if r.owner == owner:
                out.append(r)
        return sorted(out, key=lambda r: r.created, reverse=True)

    def delete(self, record: DraftRecord) -> None:
        import shutil

        shutil.rmtree(self.dir(record.id), ignore_errors=True)

    def mark_interrupted(self) -> None:
        """Drafts still 'running' from an earlier server process never finish: say so on the page."""
        if not self.root.is_dir():
            return
        for d in self.root.iterdir():
            try:
                r = self.load(d.name)
            except KeyError:
                continue
            if r.status == "running":
                r.status, r.error = "interrupted", "服务重启时这份初稿尚未写完，请重新生成"
                self.save(r)
