"""What the database hands out: plain dataclasses, never ORM rows (those stay inside a session)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Principal", "UserInfo", "DraftRow", "VersionInfo", "CommunityStanding", "LoginResult", "SYSTEM"]


@dataclass(frozen=True)
class Principal:
    """Who is asking. kind: user (logged in), token (a script with the page's token), local (the one
    person on 127.0.0.1 before any account exists), system (the page's own background work)."""

    kind: str
    name: str = ""
    user_id: int | None = None
    community_id: int | None = None
    community: str = ""
    is_admin: bool = False

    @property
    def sees_everything(self) -> bool:
        return self.kind in ("token", "system") or (self.kind == "user" and self.is_admin)


SYSTEM = Principal("system", "系统")


@dataclass
class UserInfo:
    id: int
    name: str
    community: str
    is_admin: bool
    disabled: bool
    created: float
    locked_until: float = 0.0


@dataclass
class DraftRow:
    id: str
    owner: str
    created: float
    model: str
    notes_name: str
    status: str = "running"
    title: str = ""
    error: str = ""
    progress: list[dict] = field(default_factory=list)
    done: int = 0
    total: int = 0
    ok: bool | None = None
    updated: float = 0.0
    community_id: int | None = None
    community: str = ""
    updated_by: str = ""
    version: int = 0
    deleted: float | None = None
    notes_text: str = ""


@dataclass
class VersionInfo:
    number: int
    kind: str
    author: str
    created: float
    ok: bool | None
    summary: str
    text: str = ""


@dataclass
class CommunityStanding:
    community: str
    drafts: int
    passing: int
    last_change: float | None
    last_by: str
    last_title: str


@dataclass
class LoginResult:
    principal: Principal | None
    reason: str  # ok | bad | locked | disabled
    locked_until: float = 0.0
    failures: int = 0
