"""A draft and its notes read from files, and checked: `drafter check DRAFT [--facts NOTES]`."""

from __future__ import annotations

import json
from pathlib import Path

from drafter.document import find_sidecar
from drafter.errors import InputError
from drafter.notes import load_notes
from drafter.textio import read_text
from drafter.word import is_word_path, looks_like_word, read_draft_text

from .check import CheckReport, check_text

__all__ = ["resolve_facts_path", "check_files"]


def resolve_facts_path(draft_path: str | Path, facts_path: str | Path | None = None) -> Path:
    """--facts when given; else the `facts` path in the sidecar DRAFT.json beside the draft (relative to it)."""
    if facts_path is not None:
        return Path(facts_path)
    draft = Path(draft_path)
    sidecar = find_sidecar(draft)
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
    draft = read_draft_text(draft_path)
    if not draft.strip():
        raise InputError(f"draft is empty: {draft_path}")
    notes = load_notes(resolve_facts_path(draft_path, facts_path))
    report = check_text(draft, notes, extra_set_phrases=tuple(extra_set_phrases), extra_stock_lines=tuple(extra_stock_lines))
    if is_word_path(draft_path) or looks_like_word(draft_path):
        quote_paragraphs(report, draft)
    return report


QUOTE_CHARS = 24


def quote_paragraphs(report: CheckReport, text: str) -> None:
    """A Word draft's text has one paragraph per line (its `line` is the paragraph number): quote each
    problem from its own paragraph, never across into the next one."""
    from dataclasses import replace

    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    lines = text.split("\n")

    def quoted(item):
        if not hasattr(item, "start") or not 1 <= item.line <= len(lines):
            return item
        para, offset = lines[item.line - 1], starts[item.line - 1]
        a, b = max(item.start - offset, 0), max(item.end - offset, 0)
        lo, hi = max(0, a - QUOTE_CHARS), min(len(para), b + QUOTE_CHARS)
        quote = ("…" if lo else "") + para[lo:hi].strip() + ("…" if hi < len(para) else "")
        return replace(item, context=quote)

    report.unsupported = [quoted(u) for u in report.unsupported]
    report.placeholders = [quoted(p) for p in report.placeholders]
    report.derived = [quoted(d) for d in report.derived]
    report.misbound = [quoted(m) if hasattr(m, "start") and hasattr(m, "context") else m for m in report.misbound]
