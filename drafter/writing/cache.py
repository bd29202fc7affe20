"""The answer cache: model answers that arrived whole, in one SQLite file (stdlib sqlite3).

Keyed by a hash of the endpoint (provider, model, base URL without credentials) and the exact
messages sent, so an identical re-run asks nothing. The caller decides what may be stored
(drafter never stores a refusal or a non-Chinese answer). Safe under concurrent runs: WAL journal
(readers never wait for the writer), a busy timeout, one short transaction per write, and a
damaged or unwritable file is a miss, never a failure.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

__all__ = ["AnswerCache", "cache_key"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, model TEXT NOT NULL, answer TEXT NOT NULL, stored REAL NOT NULL)"
_BUSY_SECONDS = 10.0


def cache_key(endpoint: dict, messages: list[tuple[str, str]]) -> str:
    """sha256 of the endpoint's description and the messages: the prompt text itself is not stored."""
    blob = json.dumps({"endpoint": endpoint, "messages": messages}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AnswerCache:
    """One connection shared by the threads of one run (calls are serialised by a lock)."""

    def __init__(self, connection: sqlite3.Connection):
        self._db = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path) -> "AnswerCache | None":
        """The cache at `path`, created when missing; None when it cannot be used (run without a cache)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(path), timeout=_BUSY_SECONDS, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")  # kept in the file: later runs read while one writes
            db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may lose the last answers only
            db.execute(_SCHEMA)
        except (OSError, sqlite3.Error):
            return None
        return cls(db)

    def get(self, key: str) -> str | None:
        try:
            with self._lock:
                row = self._db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:  # a damaged cache is a miss
            return None
        text = row[0] if row else None
        return text if isinstance(text, str) and text.strip() else None

    def put(self, key: str, model: str, answer: str) -> None:
        if not answer.strip():
            return
        try:
            with self._lock:
                self._db.execute("INSERT OR REPLACE INTO answers (key, model, answer, stored) VALUES (?, ?, ?, ?)",
                                 (key, model, answer, time.time()))
        except sqlite3.Error:
            pass  # the cache is an optimisation

    def close(self) -> None:
        try:
            with self._lock:
                self._db.close()
        except sqlite3.Error:
            pass
