"""The user's notes in: Markdown (with YAML front matter) or YAML, parsed into typed facts.

Word notes and activity ledgers join this room. Everything above reads notes through these names.
"""

from .fields import HEADER_FIELDS, looks_like_yaml, with_fields
from .parse import MAX_FACTS, Fact, FactSection, Notes, closing_kind, load_notes, parse_notes

__all__ = ["Fact", "FactSection", "Notes", "parse_notes", "load_notes", "closing_kind", "MAX_FACTS", "HEADER_FIELDS", "with_fields", "looks_like_yaml"]
