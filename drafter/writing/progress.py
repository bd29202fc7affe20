"""Progress of a draft, section by section, for whoever shows it: the CLI's rich display on stderr,
the web page's per-section status. The library calls a callback; it never prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SectionProgress", "ProgressCallback", "report_progress"]

STATES = ("started", "repairing", "done", "failed")


@dataclass(frozen=True)
class SectionProgress:
    key: str  # "opening", "closing" or "section-NN"
    heading: str  # the section's numbered heading ("" for the opening)
    state: str  # one of STATES
    done: int  # sections finished so far (done or failed)
    total: int  # sections in the draft, the opening included


ProgressCallback = Callable[[SectionProgress], None]


def report_progress(callback: ProgressCallback | None, event: SectionProgress) -> None:
    """Call the callback if there is one; a failing display must never fail the draft."""
    if callback is None:
        return
    try:
        callback(event)
    except Exception:  # noqa: BLE001 - a display's bug is not the user's draft's problem
        pass
