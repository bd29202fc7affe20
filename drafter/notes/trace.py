"""Where a ledger figure came from, and whether the user's typed notes agree with it.

`explain_fact` reads the provenance beside generated notes (notes.md.json, written by `drafter notes
-o notes.md`), or tallies a ledger again, and lists the rows behind a fact. `contradictions` finds
typed facts that state another count or sum for a ledger's category (notes: 40场, ledger: 36).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import read_text

from .ledger import LedgerFact, format_number
from .parse import Notes

__all__ = ["Explanation", "explain_fact", "provenance_path", "Contradiction", "contradictions"]


def provenance_path(notes_path: str | Path) -> Path:
    p = Path(notes_path)
    return p.with_name(p.name + ".json")


@dataclass
class Explanation:
    fact_id: str
    text: str
    source: str
    sheet: str
    group_column: str
    group: str
    numbers: list[dict]  # {"quantity", "operation", "column", "rows", "values", "value"}
    columns: list[str]  # the headers shown for each row
    rows: list[dict]  # {"row": n, "cells": {header: text}}
    notices: list[str] = field(default_factory=list)


def explain_fact(path: str | Path, fact_id: str) -> Explanation:
    """The rows behind a generated fact: from NOTES.md's NOTES.md.json, or from a ledger/Word file tallied again."""
    p = Path(path)
    notices: list[str] = []
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".csv", ".docx", ".doc", ".wps"):
        from .build import build_notes

        provenance = build_notes([p]).provenance
    else:
        side = provenance_path(p)
        if not side.is_file():
            raise InputError(f"no {side.name} beside {p}: it is written by 'drafter notes LEDGER -o {p.name}' (or explain from the ledger itself)")
        try:
            provenance = json.loads(read_text(side, what="provenance file"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{side} is not valid JSON (line {exc.lineno}); write it again with 'drafter notes'") from None
        if not isinstance(provenance, dict) or not isinstance(provenance.get("facts"), dict):
            raise InputError(f"{side} is not a drafter provenance file; write it again with 'drafter notes'")
        if p.is_file():
            notices += _edited(p, provenance, fact_id)
    record = provenance["facts"].get(fact_id)
    if not isinstance(record, dict):
        known = ", ".join(list(provenance["facts"])[:12]) or "none"
        raise InputError(f"no generated fact [{fact_id}] in {p} (ledger facts: {known})")
    columns = list(dict.fromkeys(h for row in record.get("rows", []) for h in row.get("cells", {})))
    return Explanation(
        fact_id=fact_id, text=record.get("text", ""), source=record.get("source", ""), sheet=record.get("sheet", ""),
        group_column=record.get("group_column", ""), group=record.get("group", ""), numbers=record.get("numbers", []),
        columns=columns, rows=record.get("rows", []), notices=notices,
    )


def _edited(notes_path: Path, provenance: dict, fact_id: str) -> list[str]:
    """A note when the user changed the fact in notes.md after it was generated."""
    text = read_text(notes_path, what="notes file")
    record = provenance["facts"].get(fact_id)
    if isinstance(record, dict) and record.get("text") and record["text"] not in text:
        return [f"[{fact_id}] in {notes_path.name} was edited after it was generated; the rows below are those of the generated text"]
    return []


@dataclass
class Contradiction:
    ledger_id: str
    ledger_text: str
    ledger_quantity: str  # 36场
    typed_id: str
    typed_text: str
    typed_quantity: str  # 40场
    what: str  # count | sum of 参与人数 …

    def line(self) -> str:
        return f"notes [{self.typed_id}] say {self.typed_quantity} ({self.typed_text}); the ledger gives {self.ledger_quantity} [{self.ledger_id}: {self.ledger_text}]"


_COUNT_AFTER = r"[^。；，,]{0,16}?(\d[\d,]*)\s*(余|多)?\s*(场次|场|次|期|个)"
_PEOPLE_AFTER = r"[^。；]{0,30}?(\d[\d,]*)\s*(余|多)?\s*(人次)"


def _label_words(fact: LedgerFact) -> list[str]:
    label = fact.group or fact.section
    bare = re.sub(r"(活动|工作)$", "", label)
    return [w for w in dict.fromkeys((label, bare)) if len(w) >= 2]


def _agrees(typed: float, approx: str, ledger: float) -> bool:
    # 余/多 means at least that many; an exact figure must match.
    return ledger >= typed if approx else ledger == typed


def contradictions(ledger_facts: list[LedgerFact], typed: Notes) -> list[Contradiction]:
    """Typed facts that give a ledger category another count or participants sum (Arabic figures only)."""
    found = []
    for lf in ledger_facts:
        count = next((t for t in lf.tallies if t.operation == "count"), None)
        people = next((t for t in lf.tallies if t.operation == "sum" and t.quantity.endswith("人次")), None)
        for fact in typed.facts:
            for word in _label_words(lf):
                at = fact.text.find(word)
                if at < 0:
                    continue
                rest = fact.text[at + len(word) :]
                for tally, pattern in ((count, _COUNT_AFTER), (people, _PEOPLE_AFTER)):
                    m = re.match(pattern, rest) if tally is not None else None
                    if m and not _agrees(float(m.group(1).replace(",", "")), m.group(2) or "", tally.value):
                        quantity = m.group(0)[m.start(1) - m.start(0) :]
                        what = "count" if tally is count else f"sum of {tally.column}"
                        found.append(Contradiction(lf.id, lf.text, tally.quantity or format_number(tally.value), fact.id, fact.text, quantity, what))
                break
    return found
