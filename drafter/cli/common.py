"""Helpers shared by the command modules (console objects, settings with CLI overrides)."""

from __future__ import annotations

import sys

from rich.console import Console

from drafter.config import Settings, load_settings

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
    line = report.summary() if report.ok else report.summary() + " (run 'drafter check' for details)"
    stdout.print(line, markup=False, highlight=False)
