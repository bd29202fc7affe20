"""The page's database (SQLAlchemy 2.x, migrations by Alembic): users and their communities, login
sessions, drafts with their notes, and every version of each draft. SQLite under the state directory
by default; PostgreSQL (psycopg 3) when given a postgresql:// URL. sqlalchemy loads only when opened."""

from .database import Database, open_database
from .drafts import KEEP_DELETED_SECONDS, StaleVersion
from .engine import database_url, shown_url
from .legacy import import_disk_drafts
from .records import SYSTEM, CommunityStanding, DraftRow, LoginResult, Principal, UserInfo, VersionInfo

__all__ = [
    "Database", "open_database", "database_url", "shown_url", "StaleVersion", "KEEP_DELETED_SECONDS", "import_disk_drafts",
    "SYSTEM", "CommunityStanding", "DraftRow", "LoginResult", "Principal", "UserInfo", "VersionInfo",
]  # fmt: skip
