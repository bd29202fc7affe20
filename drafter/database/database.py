"""The Database: one engine, its sessions, and the account and draft operations on them."""

from __future__ import annotations

from pathlib import Path

from .accounts import AccountsMixin
from .drafts import DraftsMixin
from .engine import database_url, make_engine, shown_url, upgrade

__all__ = ["Database", "open_database"]


class Database(AccountsMixin, DraftsMixin):
    def __init__(self, url: str) -> None:
        from sqlalchemy.orm import sessionmaker

        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def kind(self) -> str:
        return self.engine.dialect.name

    @property
    def shown(self) -> str:
        return shown_url(self.url)

    def session(self):
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()


def open_database(given: str | None, state_dir: Path) -> Database:
    """The database named by --database (or drafter.toml / DRAFTER_DATABASE), else SQLite in the state
    directory; its schema migrated to the newest."""
    db = Database(database_url(given, state_dir))
    upgrade(db.engine)
    return db
