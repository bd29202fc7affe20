"""The page's drafts in the database (drafter.database), with the interface of the file store
(store.DraftStore) so the routes and jobs stay as they were. The database holds the truth: notes,
every version of the draft, status and progress. STATE_DIR/web/drafts/<id>/ stays as a working copy
that the library's file-based steps (run_draft, rewrite_section, the Word export) read and write; it
is rewritten from the database before such a step, so any worker or host can take any request.

Every read goes through the person asking (principal.who()): another community's draft is a
KeyError, exactly like an id that does not exist."""

from __future__ import annotations

import time
from dataclasses import fields
from pathlib import Path

from drafter.database import Database, DraftRow, StaleVersion, VersionInfo, import_disk_drafts
from drafter.errors import InputError
from drafter.textio import atomic_write_text

from .principal import who
from .store import DraftRecord, DraftStore, new_token

__all__ = ["DbDraftStore", "ReadOnly", "StaleVersion"]

STALE_RUNNING = 300.0  # a 'running' draft with no progress for this long was cut off by a restart


class ReadOnly(Exception):
    """The person may see this draft but not change it (a 街道 admin, by default)."""


def _record(row: DraftRow) -> DraftRecord:
    names = {f.name for f in fields(DraftRecord)}
    return DraftRecord(**{n: getattr(row, n) for n in names if hasattr(row, n)})


class DbDraftStore(DraftStore):
    def __init__(self, db: Database, state_dir: Path) -> None:
        super().__init__(state_dir)
        self.db = db
        self.imported = import_disk_drafts(db, self.root)

    # -- records -----------------------------------------------------------------------------

    def create(self, owner: str, model: str, notes_text: str, yaml_file: bool) -> DraftRecord:
        principal = who()
        if principal.kind == "user" and principal.is_admin:
            raise ReadOnly()
        row = self.db.create_draft(new_token(), principal, owner, model, "notes.yaml" if yaml_file else "notes.md", notes_text)
        self.dir(row.id).mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.dir(row.id) / row.notes_name, notes_text)
        record = _record(row)
        super().save(record)  # record.json in the working copy too: readable beside the files, as before
        return record

    def save(self, record: DraftRecord) -> None:
        row = DraftRow(**{f.name: getattr(record, f.name) for f in fields(DraftRow) if hasattr(record, f.name)})
        self.db.update_record(row)
        super().save(record)

    def load(self, draft_id: str) -> DraftRecord:
        self.dir(draft_id)  # the id's shape is checked before anything else
        row = self.db.get_draft(draft_id, who())
        if row is None:
            raise KeyError(draft_id)
        record = _record(row)
        if record.status == "running" and record.updated < time.time() - STALE_RUNNING:
            record.status, record.error = "interrupted", "服务重启时这份初稿尚未写完，请重新生成"
            self.save(record)
        return record

    def writable(self, record: DraftRecord) -> None:
        """Raise ReadOnly unless the person asking may change this draft."""
        principal = who()
        if principal.kind == "user" and principal.is_admin:
            raise ReadOnly()

    def list(self, owner: str) -> list[DraftRecord]:
        return [_record(r) for r in self.db.list_drafts(who(), owner)]

    def deleted(self) -> list[DraftRecord]:
        return [_record(r) for r in self.db.list_drafts(who(), None, deleted=True)]

    def delete(self, record: DraftRecord) -> None:
        self.writable(record)
        self.db.set_deleted(record.id, who(), True)  # kept in the database for 30 days: an admin can bring it back
        super().delete(record)  # the working copy goes; undelete rebuilds it from the database

    def undelete(self, draft_id: str) -> DraftRecord:
        row = self.db.get_draft(draft_id, who(), deleted=True)
        if row is None:
            raise KeyError(draft_id)
        self.db.set_deleted(draft_id, who(), False)
        return self.load(draft_id)

    def mark_interrupted(self) -> None:
        self.db.mark_interrupted(time.time() - 30)
        self.db.purge_deleted()

    # -- texts: the database first, the working copy made from it ------------------------------

    def notes_path(self, record: DraftRecord) -> Path:
        path = self.dir(record.id) / record.notes_name
        if not path.is_file():
            row = self.db.get_draft(record.id, who())
            if row is None:
                raise KeyError(record.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, row.notes_text)
        return path

    def read_draft(self, record: DraftRecord) -> str:
        text = self.db.version_text(record.id)
        if text is None:
            raise InputError("这份初稿还没有写成")
        return text

    def working_copy(self, record: DraftRecord) -> Path:
        """draft.md made equal to the newest version (another worker may have saved since); its path."""
        path = self.draft_path(record)
        text = self.read_draft(record)
        if not path.is_file() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
            path.with_suffix(".json").unlink(missing_ok=True)  # its sidecar described another text
        self.notes_path(record)
        return path

    def write_draft(self, record: DraftRecord, text: str, *, kind: str = "edit", base: int | None = None,
                    ok: bool | None = None, summary: str = "") -> int:  # fmt: skip
        """A new version (StaleVersion when `base` is no longer the newest); the working copy follows."""
        self.writable(record)
        number = self.db.add_version(record.id, kind, text, who(), ok=ok, summary=summary, base=base)
        record.version = number
        path = self.draft_path(record)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
        return number

    def keep_version(self, record: DraftRecord, kind: str, *, ok: bool | None = None, summary: str = "") -> None:
        text = self.draft_path(record).read_text("utf-8")
        record.version = self.db.add_version(record.id, kind, text, who(), ok=ok, summary=summary)

    def versions(self, record: DraftRecord) -> list[VersionInfo]:
        return self.db.versions(record.id)
