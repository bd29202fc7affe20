"""What the command line says about the notes (--community/--period/--kind): it wins over any file."""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, fields

__all__ = ["NotesOverrides", "overriding", "current_overrides"]


@dataclass(frozen=True)
class NotesOverrides:
    """What the command line says about the notes (--community/--period/--kind): it wins over the file."""

    community: str | None = None
    period: str | None = None
    kind: str | None = None

    def apply(self, meta: dict[str, str]) -> dict[str, str]:
        return {**meta, **{f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}}


# The overrides of the command being run. A context value rather than a parameter: every command that
# reads notes (draft, outline, check, eval, rewrite) goes through load_notes deep in its room, and the
# faces set it once around the call instead of threading three strings through every room.
_OVERRIDES: contextvars.ContextVar[NotesOverrides | None] = contextvars.ContextVar("notes_overrides", default=None)


def current_overrides() -> NotesOverrides:
    return _OVERRIDES.get() or NotesOverrides()


@contextlib.contextmanager
def overriding(overrides: NotesOverrides):
    token = _OVERRIDES.set(overrides)
    try:
        yield
    finally:
        _OVERRIDES.reset(token)
