"""load_notes for every kind of notes file: Markdown and YAML are parsed as typed; Word files (.docx) and
ledgers (.xlsx/.xls/.csv) are built into the same notes first (build.py). The command line's
--community/--period/--kind (build.overriding) win over what any file says.

Ledgers are accepted here too, not only by `drafter notes`: the build is deterministic from the file's
bytes, so `drafter draft LEDGER.xlsx` and a later `drafter check DRAFT` (which reads the sidecar's
facts path) give the same facts with the same ids, at no cost to anyone who reads Markdown.
"""

from __future__ import annotations

from pathlib import Path

from drafter.errors import InputError

from .build import WORD_SUFFIXES, build_notes, current_overrides
from .parse import Notes
from .parse import load_notes as load_typed_notes
from .workbook import LEDGER_SUFFIXES

__all__ = ["load_notes", "NOTES_SUFFIXES"]

NOTES_SUFFIXES = (".md", ".markdown", ".txt", ".yaml", ".yml", *WORD_SUFFIXES, *LEDGER_SUFFIXES)


def load_notes(path: str | Path) -> Notes:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in WORD_SUFFIXES or suffix in LEDGER_SUFFIXES:
        return build_notes([p], notes_path=str(p)).notes
    if suffix == ".doc":
        raise InputError(f"{p} is an old Word .doc file; open it in Word or WPS and save it as .docx")
    notes = load_typed_notes(p)
    overrides = current_overrides()
    for key, value in overrides.apply({}).items():
        setattr(notes, key, value)
    return notes
