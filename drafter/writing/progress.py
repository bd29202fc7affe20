"""Progress of a draft, section by section, for whoever shows it: the CLI's rich display on stderr,
the web page's per-section status. The library calls a callback; it never prints."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SectionProgress", "ProgressCallback", "ProgressTracker", "report_progress", "STATES"]

STATES = ("started", "repairing", "done", "failed")


@dataclass(frozen=True)
class SectionProgress:
    key: str  # "opening", "closing" or "section-NN"
    heading: str  # the section's numbered heading ("" for the opening)
    state: str  # one of STATES
    done: int  # sections finished so far (done or failed)
    total: int  # sections in the draft, the opening included
    text: str = ""  # done or failed: the section's text as written (the page shows it before the whole draft is checked)
    reason: str = ""  # failed: why, when the model wrote nothing usable


ProgressCallback = Callable[[SectionProgress], None]


def report_progress(callback: ProgressCallback | None, event: SectionProgress) -> None:
    """Call the callback if there is one; a failing display must never fail the draft."""
    if callback is None:
        return
    try:
        callback(event)
    except Exception:  # noqa: BLE001 - a display's bug is not the user's draft's problem
        pass


class ProgressTracker:
    """Counts finished sections for the events of one run; writers call started/repairing/finished."""

    def __init__(self, callback: ProgressCallback | None, total: int):
        self.callback = callback
        self.total = total
        self.done = 0
        self._lock = threading.Lock()

    def _emit(self, key: str, heading: str, state: str, text: str = "", reason: str = "") -> None:
        report_progress(self.callback, SectionProgress(key, heading, state, self.done, self.total, text, reason))

    def started(self, key: str, heading: str) -> None:
        self._emit(key, heading, "started")

    def repairing(self, key: str, heading: str) -> None:
        self._emit(key, heading, "repairing")

    def finished(self, key: str, heading: str, ok: bool, text: str = "", reason: str = "") -> None:
        with self._lock:
            self.done += 1
        self._emit(key, heading, "done" if ok else "failed", text, reason)
