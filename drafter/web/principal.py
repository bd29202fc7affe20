"""Who the current request is for: set once per request by the accounts middleware (accounts.py) and
read by the store, so that every query of drafts is scoped to the person asking. Background work
(a draft being written after its request ended) runs as SYSTEM."""

from __future__ import annotations

from contextvars import ContextVar

from drafter.database import SYSTEM, Principal

__all__ = ["current", "who"]

current: ContextVar[Principal] = ContextVar("drafter_principal", default=SYSTEM)


def who() -> Principal:
    return current.get()
