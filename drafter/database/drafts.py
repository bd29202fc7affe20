"""Drafts and their versions (the Database's draft half). Who may see a draft is decided here, in the
queries: a person sees their community's drafts, a 街道 admin every community's, and an id of another
community's draft is treated exactly like an id that does not exist."""

from __future__ import annotations

import time
from dataclasses import fields

from drafter.errors import DrafterError

from .models import models
from .records import CommunityStanding, DraftRow, Principal, VersionInfo

__all__ = ["DraftsMixin", "StaleVersion", "KEEP_DELETED_SECONDS"]

KEEP_DELETED_SECONDS = 30 * 24 * 3600
_RECORD_FIELDS = ("status", "title", "error", "progress", "done", "total", "ok")


class StaleVersion(DrafterError):
    """A save named a version that is no longer the newest: someone else saved first."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the draft changed since version {current} was read")
        self.current = current


def _row(d, community: str = "") -> DraftRow:
    names = {f.name for f in fields(DraftRow)} - {"community"}
    return DraftRow(**{n: getattr(d, n) for n in names}, community=community)


class DraftsMixin:
    def session(self):  # provided by Database
        raise NotImplementedError

    def _visible(self, stmt, who: Principal, *, deleted: bool = False):
        m = models()
        stmt = stmt.where(m.Draft.deleted.is_not(None)) if deleted else stmt.where(m.Draft.deleted.is_(None))
        if who.sees_everything:
            return stmt
        if who.kind == "user":
            return stmt.where(m.Draft.community_id == who.community_id)
        if who.kind == "local":
            return stmt  # the one person on this machine (lists filter by the browser's owner cookie)
        from sqlalchemy import false

        return stmt.where(false())  # anyone else (not logged in) sees nothing

    def create_draft(self, draft_id: str, who: Principal, owner: str, model: str, notes_name: str, notes_text: str) -> DraftRow:
        m = models()
        now = time.time()
        d = m.Draft(id=draft_id, community_id=who.community_id, owner=owner, model=model, notes_name=notes_name, notes_text=notes_text,
                    status="running", title="", error="", progress=[], done=0, total=0, ok=None, created=now, updated=now,
                    updated_by=who.name if who.kind == "user" else "", version=0, deleted=None)  # fmt: skip
        with self.session() as s, s.begin():
            s.add(d)
            s.flush()
            return _row(d, who.community)

    def get_draft(self, draft_id: str, who: Principal, *, deleted: bool = False) -> DraftRow | None:
        from sqlalchemy import select

        m = models()
        with self.session() as s:
            found = s.execute(
                self._visible(select(m.Draft, m.Community.name).outerjoin(m.Community, m.Draft.community_id == m.Community.id), who, deleted=deleted)
                .where(m.Draft.id == draft_id)
            ).first()  # fmt: skip
            return _row(found[0], found[1] or "") if found else None

    def list_drafts(self, who: Principal, owner: str | None = None, *, deleted: bool = False) -> list[DraftRow]:
        from sqlalchemy import select

        m = models()
        stmt = self._visible(select(m.Draft, m.Community.name).outerjoin(m.Community, m.Draft.community_id == m.Community.id), who, deleted=deleted)
        if who.kind == "local":
            stmt = stmt.where(m.Draft.owner == (owner or ""))
        with self.session() as s:
            return [_row(d, c or "") for d, c in s.execute(stmt.order_by(m.Draft.created.desc()))]

    def update_record(self, row: DraftRow) -> None:
        """The background job's progress and outcome (status, title, error, progress…); not a version."""
        from sqlalchemy import update

        m = models()
        row.updated = time.time()
        with self.session() as s, s.begin():
            s.execute(update(m.Draft).where(m.Draft.id == row.id).values(updated=row.updated, **{k: getattr(row, k) for k in _RECORD_FIELDS}))

    def add_version(self, draft_id: str, kind: str, text: str, who: Principal, *, ok: bool | None = None, summary: str = "",
                    base: int | None = None) -> int:  # fmt: skip
        """Keep `text` as the draft's newest version; its number. With `base`, only when the newest is still
        `base` (the version the person started from): otherwise StaleVersion, and nothing is written."""
        from sqlalchemy import select, update

        m = models()
        now = time.time()
        author = who.name if who.kind == "user" else ("本机" if who.kind == "local" else "")
        with self.session() as s, s.begin():
            stmt = update(m.Draft).where(m.Draft.id == draft_id)
            if base is not None:
                stmt = stmt.where(m.Draft.version == base)
            values = {"version": m.Draft.version + 1, "updated": now, "updated_by": author}
            if ok is not None:
                values["ok"] = ok
            if s.execute(stmt.values(**values)).rowcount != 1:
                current = s.scalar(select(m.Draft.version).where(m.Draft.id == draft_id))
                raise StaleVersion(current or 0)
            number = s.scalar(select(m.Draft.version).where(m.Draft.id == draft_id))
            s.add(m.Version(draft_id=draft_id, number=number, kind=kind, text=text, author=author, created=now, ok=ok, summary=summary))
        return number

    def versions(self, draft_id: str) -> list[VersionInfo]:
        from sqlalchemy import select

        m = models()
        with self.session() as s:
            rows = s.scalars(select(m.Version).where(m.Version.draft_id == draft_id).order_by(m.Version.number.desc()))
            return [VersionInfo(v.number, v.kind, v.author, v.created, v.ok, v.summary, v.text) for v in rows]

    def version_text(self, draft_id: str, number: int | None = None) -> str | None:
        """The text of one version (the newest when number is None)."""
        from sqlalchemy import select

        m = models()
        stmt = select(m.Version.text).where(m.Version.draft_id == draft_id)
        stmt = stmt.where(m.Version.number == number) if number is not None else stmt.order_by(m.Version.number.desc()).limit(1)
        with self.session() as s:
            return s.scalar(stmt)

    def set_deleted(self, draft_id: str, who: Principal, deleted: bool) -> None:
        from sqlalchemy import update

        m = models()
        now = time.time()
        with self.session() as s, s.begin():
            s.execute(update(m.Draft).where(m.Draft.id == draft_id).values(deleted=now if deleted else None, updated=now, updated_by=who.name))

    def purge_deleted(self, now: float | None = None) -> int:
        """Drafts deleted more than 30 days ago are gone for good; how many."""
        from sqlalchemy import delete, select

        m = models()
        cutoff = (now or time.time()) - KEEP_DELETED_SECONDS
        with self.session() as s, s.begin():
            ids = list(s.scalars(select(m.Draft.id).where(m.Draft.deleted.is_not(None), m.Draft.deleted < cutoff)))
            if ids:
                s.execute(delete(m.Version).where(m.Version.draft_id.in_(ids)))
                s.execute(delete(m.Draft).where(m.Draft.id.in_(ids)))
            return len(ids)

    def mark_interrupted(self, older_than: float) -> int:
        """Drafts still 'running' with no progress since `older_than` will never finish."""
        from sqlalchemy import update

        m = models()
        with self.session() as s, s.begin():
            return s.execute(
                update(m.Draft).where(m.Draft.status == "running", m.Draft.updated < older_than)
                .values(status="interrupted", error="服务重启时这份初稿尚未写完，请重新生成")
            ).rowcount  # fmt: skip

    def standings(self) -> list[CommunityStanding]:
        """Where each community stands: drafts, how many pass, the last change and by whom."""
        from sqlalchemy import select

        m = models()
        with self.session() as s:
            communities = list(s.scalars(select(m.Community).order_by(m.Community.name)))
            staffed = set(s.scalars(select(m.User.community_id).where(m.User.is_admin.is_(False))))
            drafts = list(s.scalars(select(m.Draft).where(m.Draft.deleted.is_(None))))
        out = []
        for c in communities:
            mine = [d for d in drafts if d.community_id == c.id]
            if not mine and c.id not in staffed:
                continue  # the 街道's own (admins only): not a community that drafts
            last = max(mine, key=lambda d: d.updated, default=None)
            out.append(CommunityStanding(c.name, len(mine), sum(1 for d in mine if d.ok), last.updated if last else None,
                                         last.updated_by if last else "", last.title if last else ""))  # fmt: skip
        return out

    def has_draft(self, draft_id: str) -> bool:
        m = models()
        with self.session() as s:
            return s.get(m.Draft, draft_id) is not None
