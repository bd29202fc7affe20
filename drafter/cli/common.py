"""Helpers shared by the command modules (console objects, settings with CLI overrides)."""

from __future__ import annotations

import sys

from rich.console import Console

from ..config import Settings, load_settings

__all__ = ["stdout", "stderr", "settings_from"]

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


def settings_from(**overrides: object) -> Settings:
    """Load settings and apply the command line's overrides (None means 'not given')."""
    return load_settings().with_overrides(**overrides)


def is_tty() -> bool:
    return sys.stderr.isatty()
