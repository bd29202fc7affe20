"""load_notes for every kind of notes file: Markdown and YAML are parsed as typed; Word files (.docx) and
ledgers (.xlsx/.xls/.csv) are built into the same notes first (build.py, loaded only then, so reading
Markdown costs nothing more). The command line's --community/--period/--kind (overrides.py) win over
what any file says.

Ledgers are accepted here too, not only by `drafter notes`: the build is deterministic from the file's
bytes, so `drafter draft LEDGER.xlsx` and a later `drafter check DRAFT` (which reads the sidecar's
facts path) give the same facts with the same ids.
"""

from __future__ import annotations

import sys
from pathlib import Path

from drafter.errors import InputError

from .overrides import current_overrides
from .parse import Notes
from .parse import load_notes as load_typed_notes

__all__ = ["load_notes", "NOTES_SUFFIXES", "BUILT_SUFFIXES"]

# Kept in step with build.WORD_SUFFIXES + workbook.LEDGER_SUFFIXES (a test says so).
BUILT_SUFFIXES = (".docx", ".doc", ".wps", ".xlsx", ".xlsm", ".xls", ".csv")
_NOT_NOTES = (".pdf", ".zip", ".rar", ".7z", ".gz", ".tar", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff")
NOTES_SUFFIXES = (".md", ".markdown", ".txt", ".yaml", ".yml", *BUILT_SUFFIXES)


def load_notes(path: str | Path) -> Notes:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in BUILT_SUFFIXES:
        from .build import build_notes

        built = build_notes([p], notes_path=str(p))
        for notice in built.notices:  # which reading a table got, cells left out: said, never silent
            sys.stderr.write(f"note: {notice}\n")
        return built.notes
    if suffix in _NOT_NOTES:
        from .build import unreadable_suffix

        raise InputError(unreadable_suffix(p))
    notes = load_typed_notes(p)
    for key, value in current_overrides().apply({}).items():
        before = getattr(notes, key)
        if before and notes.title and before in notes.title:
            notes.title = notes.title.replace(before, value)  # a title line naming the old value follows it
        setattr(notes, key, value)
    return notes
