"""The user's notes in: Markdown (with YAML front matter), YAML, Word files (.docx) and activity ledgers
(.xlsx/.xls/.csv 台账), all parsed into the same typed facts; ledger figures keep their provenance.

Everything above reads notes through these names.
"""

from .build import NotesBuild, NotesOverrides, build_notes, overriding
from .columns import parse_column_overrides
from .load import NOTES_SUFFIXES, load_notes
from .parse import MAX_FACTS, Fact, FactSection, Notes, closing_kind, parse_notes
from .trace import Contradiction, Explanation, explain_fact, provenance_path
from .written import NotesResult, make_notes

__all__ = [
    "Fact",
    "FactSection",
    "Notes",
    "parse_notes",
    "load_notes",
    "closing_kind",
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
]
