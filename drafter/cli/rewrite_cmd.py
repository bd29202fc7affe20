"""Commands of this module are registered by drafter.cli."""

from __future__ import annotations

import typer


def register(app: typer.Typer, group_cls: type) -> None:
    return None
