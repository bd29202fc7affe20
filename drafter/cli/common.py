"""Helpers shared by the command modules (console objects, settings with CLI overrides)."""

from __future__ import annotations

import sys

from rich.console import Console

from ..config import Settings, load_settings

__all__ = ["stdout", "stderr", "settings_from"]

# emoji=False: notes and model names contain ":m:"-like text that rich would turn into emoji.
stdout = Console(soft_wrap=True, emoji=False)
stderr = Console(stderr=True, soft_wrap=True, emoji=False)


def settings_from(**overrides: object) -> Settings:
    """Load settings and apply the command line's overrides (None means 'not given')."""
    return load_settings().with_overrides(**overrides)


def is_tty() -> bool:
    return sys.stderr.isatty()


def print_check_summary(report) -> None:
    """One line on stdout: what the number check found in a draft."""
    if report.ok:
        stdout.print("check passed: every number in the draft comes from the notes", markup=False, highlight=False)
    else:
        stdout.print(
            f"check failed: {len(report.missing)} missing, {len(report.unsupported)} unsupported, "
            f"{len(report.placeholders)} placeholders (run 'drafter check' for details)",
            markup=False,
            highlight=False,
        )
