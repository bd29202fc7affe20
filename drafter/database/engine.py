"""Where the database is and how it is opened: SQLite under the state directory unless a URL is given
(`--database`, DRAFTER_DATABASE or drafter.toml's `database`); PostgreSQL through psycopg 3. The schema
is brought up to date by Alembic's migrations, run in code at every start (safe to repeat, and safe
when several workers start at once: PostgreSQL takes an advisory lock, SQLite a file lock)."""

from __future__ import annotations

import re
from pathlib import Path

from drafter.errors import ConfigError

__all__ = ["database_url", "shown_url", "make_engine", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_SCHEMES = ("sqlite", "postgresql", "postgres")


def database_url(given: str | None, state_dir: Path) -> str:
    """The SQLAlchemy URL: the given one (postgresql:// becomes postgresql+psycopg://), or SQLite in the state dir."""
    if not given:
        return f"sqlite:///{(state_dir / 'drafter.db').resolve()}"
    url = given.strip()
    scheme = url.split("://", 1)[0].split("+", 1)[0] if "://" in url else ""
    if scheme not in _SCHEMES:
        raise ConfigError(f"--database {shown_url(url)}: give postgresql://user:password@host/name or sqlite:///path")
    if scheme in ("postgresql", "postgres") and "+" not in url.split("://", 1)[0]:
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def shown_url(url: str) -> str:
    """The URL with its password replaced: what may appear in a message or a log."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def make_engine(url: str):
    from sqlalchemy import create_engine, event

    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the one writer
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True)


def upgrade(engine) -> None:
    """Run Alembic's migrations up to head with a Config built here (no alembic.ini to ship)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(727190)"))  # one worker migrates, the others wait
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            else:
                with _file_lock(engine):
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
    except OperationalError as exc:
        raise ConfigError(f"cannot open the database {shown_url(engine.url.render_as_string(hide_password=True))}: {_first_line(exc)}") from None


def _file_lock(engine):
    import contextlib

    from filelock import FileLock

    path = engine.url.database
    if not path or path == ":memory:":
        return contextlib.nullcontext()
    return FileLock(str(path) + ".migrate.lock", timeout=60)


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
