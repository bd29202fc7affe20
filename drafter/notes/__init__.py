"""The user's notes in: Markdown (with YAML front matter), YAML, Word files (.docx) and activity ledgers
(.xlsx/.xls/.csv 台账), all parsed into the same typed facts; ledger figures keep their provenance.

Everything above reads notes through these names. The Word and ledger machinery loads on first use
(PEP 562 __getattr__), so `drafter check` on Markdown notes pays nothing for it.
"""

from importlib import import_module

from .closing_facts import closing_of_fact
from .fields import HEADER_FIELDS, looks_like_yaml, with_fields
from .load import NOTES_SUFFIXES, load_notes
from .overrides import NotesOverrides, overriding
from .parse import MAX_FACTS, Fact, FactSection, IgnoredLine, Notes, closing_kind, parse_notes
from .understanding import ignored_number_warnings, section_kind, understanding

__all__ = [
    "Fact",
    "FactSection",
    "IgnoredLine",
    "section_kind",
    "understanding",
    "ignored_number_warnings",
    "Notes",
    "parse_notes",
    "load_notes",
    "closing_kind",
    "closing_of_fact",
    "MAX_FACTS",
    "NOTES_SUFFIXES",
    "NotesOverrides",
    "overriding",
    "NotesBuild",
    "build_notes",
    "NotesResult",
    "make_notes",
    "Explanation",
    "explain_fact",
    "provenance_path",
    "Contradiction",
    "parse_column_overrides",
    "HEADER_FIELDS",
    "with_fields",
    "looks_like_yaml",
]

_LAZY = {
    "NotesBuild": "build",
    "build_notes": "build",
    "NotesResult": "written",
    "make_notes": "written",
    "Explanation": "trace",
    "explain_fact": "trace",
    "provenance_path": "trace",
    "Contradiction": "trace",
    "parse_column_overrides": "columns",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
