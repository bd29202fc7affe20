"""Password hashes: argon2id (memory-hard), with parameters in the hash so they can be raised later."""

from __future__ import annotations

__all__ = ["hash_password", "verify_password", "DUMMY_HASH"]

_HASHER = None


def _hasher():
    global _HASHER
    if _HASHER is None:
        from argon2 import PasswordHasher

        _HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)  # OWASP's argon2id minimum
    return _HASHER


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2k0mWiI0Q0y5b2x0cy9oZ2VxZ3Y1b2x0cy9oZ2VxZ3Y"
