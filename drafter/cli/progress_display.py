"""The section-by-section progress of `draft` and `rewrite` on stderr, driven by the library's events
(drafter.writing.SectionProgress): a line per section as it starts, is repaired and finishes.

Silent when --quiet or when stderr is not a terminal; rich loads only when it shows something.
"""

from __future__ import annotations

import sys

__all__ = ["SectionDisplay"]

_STATUS = {"started": "写作中", "repairing": "核对未通过，修改中", "done": "✓ 已通过核对", "failed": "✗ 仍有数字未通过核对"}


class SectionDisplay:
    """Use as `with SectionDisplay(quiet) as show: run_draft(..., progress=show)`."""

    def __init__(self, quiet: bool = False):
        self.enabled = not quiet and sys.stderr.isatty()
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "SectionDisplay":
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
                console=Console(stderr=True, emoji=False), transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, event) -> None:
        if self._progress is None:
            return
        task = self._tasks.get(event.key)
        if task is None:
            label = (event.heading or "开头")[:40]
            task = self._tasks[event.key] = self._progress.add_task(label, total=1, status="")
        finished = event.state in ("done", "failed")
        status = _STATUS.get(event.state, event.state) + (f"  ({event.done}/{event.total})" if finished else "")
        self._progress.update(task, status=status, completed=1 if finished else 0)
