"""Users, communities and login sessions (the Database's account half)."""

from __future__ import annotations

import hashlib
import secrets
import time

from drafter.errors import InputError

from .models import models
from .passwords import DUMMY_HASH, hash_password, verify_password
from .records import LoginResult, Principal, UserInfo

__all__ = ["AccountsMixin", "SESSION_SECONDS", "LOCK_AFTER", "LOCK_SECONDS", "MIN_PASSWORD"]

SESSION_SECONDS = 12 * 3600  # a working day; then log in again
LOCK_AFTER = 5  # failed logins in a row before the account is locked for a while
LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 8


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountsMixin:
    def session(self):  # provided by Database
        raise NotImplementedError

    # -- communities and users ---------------------------------------------------------------

    def community_id(self, s, name: str) -> int:
        from sqlalchemy import select

        m = models()
        found = s.scalar(select(m.Community.id).where(m.Community.name == name))
        if found is not None:
            return found
        c = m.Community(name=name, created=time.time())
        s.add(c)
        s.flush()
        return c.id

    def any_users(self) -> bool:
        from sqlalchemy import select

        m = models()
        with self.session() as s:
            return s.scalar(select(m.User.id).limit(1)) is not None

    def add_user(self, name: str, community: str, password: str, *, admin: bool = False) -> UserInfo:
        from sqlalchemy import select

        name, community = name.strip(), community.strip()
        if not name or len(name) > 100:
            raise InputError("a user name is 1–100 characters")
        if not community or len(community) > 100:
            raise InputError("--community is required: the 社区 (or the 街道, for an admin) this person works for")
        _check_password(password)
        m = models()
        with self.session() as s, s.begin():
            if s.scalar(select(m.User.id).where(m.User.name == name)) is not None:
                raise InputError(f"user {name} already exists (use 'drafter users passwd {name}' to change the password)")
            user = m.User(name=name, community_id=self.community_id(s, community), is_admin=admin, password_hash=hash_password(password),
                          disabled=False, failed_logins=0, locked_until=0.0, created=time.time())  # fmt: skip
            s.add(user)
        return UserInfo(0, name, community, admin, False, user.created)

    def users(self) -> list[UserInfo]:
        from sqlalchemy import select

        m = models()
        with self.session() as s:
            rows = s.execute(select(m.User, m.Community.name).join(m.Community, m.User.community_id == m.Community.id).order_by(m.Community.name, m.User.name))
            return [UserInfo(u.id, u.name, c, u.is_admin, u.disabled, u.created, u.locked_until) for u, c in rows]

    def _user(self, s, name: str):
        from sqlalchemy import select

        m = models()
        user = s.scalar(select(m.User).where(m.User.name == name))
        if user is None:
            raise InputError(f"no user {name} (see 'drafter users list')")
        return user

    def set_password(self, name: str, password: str) -> None:
        _check_password(password)
        with self.session() as s, s.begin():
            user = self._user(s, name)
            user.password_hash, user.failed_logins, user.locked_until = hash_password(password), 0, 0.0
            self._end_sessions(s, user.id)

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        with self.session() as s, s.begin():
            user = self._user(s, name)
            user.disabled = disabled
            if disabled:
                self._end_sessions(s, user.id)

    def _end_sessions(self, s, user_id: int) -> None:
        from sqlalchemy import delete

        m = models()
        s.execute(delete(m.Session).where(m.Session.user_id == user_id))

    # -- logging in ----------------------------------------------------------------------------

    def login(self, name: str, password: str) -> LoginResult:
        """Check a password. Each failure counts; LOCK_AFTER in a row lock the account for LOCK_SECONDS."""
        from sqlalchemy import select

        m = models()
        now = time.time()
        with self.session() as s, s.begin():
            user = s.scalar(select(m.User).where(m.User.name == name.strip()))
            if user is None:
                verify_password(DUMMY_HASH, password)
                return LoginResult(None, "bad")
            if user.locked_until > now:
                return LoginResult(None, "locked", user.locked_until, user.failed_logins)
            if not verify_password(user.password_hash, password):
                user.failed_logins += 1
                if user.failed_logins >= LOCK_AFTER:
                    user.locked_until, user.failed_logins = now + LOCK_SECONDS, 0
                    return LoginResult(None, "locked", user.locked_until, LOCK_AFTER)
                return LoginResult(None, "bad", 0.0, user.failed_logins)
            if user.disabled:
                return LoginResult(None, "disabled")
            user.failed_logins, user.locked_until = 0, 0.0
            return LoginResult(self._principal(s, user), "ok")

    def _principal(self, s, user) -> Principal:
        m = models()
        community = s.get(m.Community, user.community_id)
        return Principal("user", user.name, user.id, user.community_id, community.name if community else "", user.is_admin)

    def new_session(self, principal: Principal) -> tuple[str, float]:
        """A fresh cookie value and its expiry; only its hash is stored."""
        m = models()
        token = secrets.token_urlsafe(32)
        now = time.time()
        with self.session() as s, s.begin():
            s.add(m.Session(token_hash=_digest(token), user_id=principal.user_id, created=now, expires=now + SESSION_SECONDS))
        return token, now + SESSION_SECONDS

    def principal_of(self, token: str) -> Principal | None:
        """The person a session cookie belongs to; None when unknown, expired or the account is disabled."""
        if not token:
            return None
        m = models()
        with self.session() as s:
            sess = s.get(m.Session, _digest(token))
            if sess is None or sess.expires < time.time():
                return None
            user = s.get(m.User, sess.user_id)
            if user is None or user.disabled:
                return None
            return self._principal(s, user)

    def end_session(self, token: str) -> None:
        from sqlalchemy import delete

        m = models()
        with self.session() as s, s.begin():
            s.execute(delete(m.Session).where((m.Session.token_hash == _digest(token)) | (m.Session.expires < time.time())))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > 1000:
        raise InputError("the password is too long")
