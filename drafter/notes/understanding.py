"""How the notes were understood, as one JSON-ready value: the contract of `drafter notes FILE --json`
and of the page's 「材料是这样理解的」.

`{"title", "community", "period", "kind", "sections": [{"title", "kind": "work"|"shortcomings"|"next",
"facts": [{"id", "text", "line"}]}], "ignored": [{"line", "text", "reason"}]}`
"""

from __future__ import annotations

from .hierarchy import has_digit
from .parse import FactSection, Notes

__all__ = ["section_kind", "understanding", "ignored_number_warnings"]

_KINDS = {None: "work", "shortcomings": "shortcomings", "plans": "next"}


def section_kind(section: FactSection) -> str:
    """'work', 'shortcomings' or 'next': the closing part's two kinds under the names the JSON uses."""
    return _KINDS.get(section.closing, "work")


def understanding(notes: Notes) -> dict:
    return {
        "title": notes.title,
        "community": notes.community,
        "period": notes.period,
        "kind": notes.kind,
        "sections": [
            {
                "title": s.title,
                "kind": section_kind(s),
                "facts": [{"id": f.id, "text": f.text, "line": f.line} for f in s.facts],
            }
            for s in notes.sections
        ],
        "ignored": [{"line": i.line, "text": i.text, "reason": i.reason} for i in notes.ignored],
    }


def ignored_number_warnings(notes: Notes) -> list[str]:
    """One warning per ignored line that holds a number: no figure leaves the notes without a word."""
    return [
        f"line {i.line} 「{i.text}」 has a number but is not a fact ({i.reason}); if it is one, write it as a fact line"
        for i in notes.ignored
        if has_digit(i.text)
    ]
