"""`drafter notes`' one library call: build notes from Word files and ledgers, write them (and the
provenance beside them) atomically, and compare them with typed notes when asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import atomic_write_text

from .build import NotesBuild, NotesOverrides, build_notes
from .load import load_notes
from .trace import Contradiction, contradictions, provenance_path

__all__ = ["NotesResult", "make_notes"]


@dataclass
class NotesResult:
    build: NotesBuild
    written: list[Path] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)


def make_notes(
    paths: list[Path],
    *,
    out: Path | None = None,
    force: bool = False,
    columns: dict[str, str] | None = None,
    group_by: str | None = None,
    overrides: NotesOverrides | None = None,
    against: Path | None = None,
) -> NotesResult:
    """Everything is read and checked before anything is written: bad input leaves no file behind."""
    if out is not None:
        if out.suffix.lower() not in (".md", ".markdown", ".txt"):
            raise InputError(f"notes are written as Markdown: give -o a .md name (got {out.name})")
        if any(out.resolve() == Path(p).resolve() for p in [*paths, *([against] if against else [])]):
            raise InputError(f"-o {out} is one of the inputs; give another name")
        if out.exists() and not force:
            raise InputError(f"{out} exists; pass --force to replace it (its notes would be lost otherwise)")
        if not out.parent.is_dir():
            raise InputError(f"output directory does not exist: {out.parent}")
    built = build_notes(paths, columns=columns, group_by=group_by, overrides=overrides, notes_path=str(out) if out else None)
    result = NotesResult(build=built)
    if against is not None:
        result.contradictions = contradictions(built.ledger_facts, load_notes(against))
    if out is not None:
        provenance = {**built.provenance, "notes": out.name}
        side = provenance_path(out)
        atomic_write_text(side, json.dumps(provenance, ensure_ascii=False, indent=1) + "\n")
        atomic_write_text(out, built.markdown)
        result.written = [out, side]
    return result
