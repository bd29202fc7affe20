"""A draft and its notes read from files, and checked: `drafter check DRAFT [--facts NOTES]`."""

from __future__ import annotations

import json
from pathlib import Path

from drafter.errors import InputError
from drafter.notes import load_notes
from drafter.textio import read_text

from .check import CheckReport, check_text

__all__ = ["resolve_facts_path", "check_files"]


def resolve_facts_path(draft_path: str | Path, facts_path: str | Path | None = None) -> Path:
    """--facts when given; else the `facts` path in the sidecar DRAFT.json beside the draft (relative to it)."""
    if facts_path is not None:
        return Path(facts_path)
    draft = Path(draft_path)
    sidecar = draft.with_suffix(".json")
    if not sidecar.is_file() or sidecar == draft:
        raise InputError(f"no facts file: pass --facts NOTES.md (no sidecar {sidecar.name} beside {draft.name})")
    try:
        data = json.loads(read_text(sidecar, what="sidecar"))
    except json.JSONDecodeError as exc:
        raise InputError(f"sidecar {sidecar} is not valid JSON ({exc.msg}); pass --facts NOTES.md") from None
    ref = data.get("facts") if isinstance(data, dict) else None
    if isinstance(ref, dict):
        ref = ref.get("path")
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(f"sidecar {sidecar} names no facts file; pass --facts NOTES.md")
    path = Path(ref)
    return path if path.is_absolute() else sidecar.parent / path


def check_files(
    draft_path: str | Path,
    facts_path: str | Path | None = None,
    *,
    extra_set_phrases: tuple[str, ...] | list[str] = (),
    extra_stock_lines: tuple[str, ...] | list[str] = (),
) -> CheckReport:
    """Read a draft and its notes (see resolve_facts_path) and check them; bad input raises InputError."""
    draft = read_text(draft_path, what="draft")
    if not draft.strip():
        raise InputError(f"draft is empty: {draft_path}")
    notes = load_notes(resolve_facts_path(draft_path, facts_path))
    return check_text(draft, notes, extra_set_phrases=tuple(extra_set_phrases), extra_stock_lines=tuple(extra_stock_lines))
