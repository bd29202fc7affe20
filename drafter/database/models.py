"""The one schema (SQLAlchemy 2.x typed ORM): communities, users, sessions, drafts and every version
of each draft. Alembic's migrations (migrations/versions/) create exactly these tables; a test
compares the two. Times are Unix seconds (float) so SQLite and PostgreSQL agree without time zones."""

# No `from __future__ import annotations`: the Mapped[...] annotations are evaluated where the classes are
# built, inside _models(), so sqlalchemy need not be imported at module level.
import time


def _models():
    """Built on first use: sqlalchemy loads only when the page or `drafter users` needs it."""
    global _CACHE
    if _CACHE is not None:
        return _CACHE
    from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    class Base(DeclarativeBase):
        pass

    class Community(Base):
        __tablename__ = "communities"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String(100), unique=True)
        created: Mapped[float] = mapped_column(Float, default=time.time)

    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name: Mapped[str] = mapped_column(String(100), unique=True)
        community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"))
        is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
        password_hash: Mapped[str] = mapped_column(String(300))
        disabled: Mapped[bool] = mapped_column(Boolean, default=False)
        failed_logins: Mapped[int] = mapped_column(Integer, default=0)
        locked_until: Mapped[float] = mapped_column(Float, default=0.0)
        created: Mapped[float] = mapped_column(Float, default=time.time)

    class Session(Base):
        __tablename__ = "sessions"
        token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie: a stolen table opens nothing
        user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
        created: Mapped[float] = mapped_column(Float)
        expires: Mapped[float] = mapped_column(Float)

    class Draft(Base):
        __tablename__ = "drafts"
        id: Mapped[str] = mapped_column(String(16), primary_key=True)
        community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"), nullable=True, index=True)
        owner: Mapped[str] = mapped_column(String(64), default="", index=True)  # the one-person page's browser cookie
        model: Mapped[str] = mapped_column(String(200))
        notes_name: Mapped[str] = mapped_column(String(20))  # notes.md or notes.yaml
        notes_text: Mapped[str] = mapped_column(Text)
        status: Mapped[str] = mapped_column(String(20), default="running")
        title: Mapped[str] = mapped_column(String(200), default="")
        error: Mapped[str] = mapped_column(Text, default="")
        progress: Mapped[list] = mapped_column(JSON, default=list)
        done: Mapped[int] = mapped_column(Integer, default=0)
        total: Mapped[int] = mapped_column(Integer, default=0)
        ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
        created: Mapped[float] = mapped_column(Float)
        updated: Mapped[float] = mapped_column(Float)
        updated_by: Mapped[str] = mapped_column(String(100), default="")
        version: Mapped[int] = mapped_column(Integer, default=0)  # the newest version's number; saves name the one they started from
        deleted: Mapped[float | None] = mapped_column(Float, nullable=True)  # when deleted; recoverable by an admin for 30 days

    class Version(Base):
        __tablename__ = "versions"
        __table_args__ = (UniqueConstraint("draft_id", "number"),)
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
        number: Mapped[int] = mapped_column(Integer)
        kind: Mapped[str] = mapped_column(String(20))  # draft | edit | check | rewrite | restore | import
        text: Mapped[str] = mapped_column(Text)
        author: Mapped[str] = mapped_column(String(100), default="")
        created: Mapped[float] = mapped_column(Float)
        ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
        summary: Mapped[str] = mapped_column(Text, default="")  # the check's one line

    _CACHE = _Models(Base, Community, User, Session, Draft, Version)
    return _CACHE


class _Models:
    def __init__(self, Base, Community, User, Session, Draft, Version) -> None:  # noqa: N803
        self.Base, self.Community, self.User, self.Session, self.Draft, self.Version = Base, Community, User, Session, Draft, Version


_CACHE = None


def models() -> _Models:
    return _models()
