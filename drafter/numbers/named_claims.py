"""The check's hook into drafter.claims: named claims reported in the same missing/unsupported lists.

An unsupported claim is an UnsupportedItem with kind honour | body | medium | name, its reason in
Chinese and its nearest notes claim (nearest_fact: {"id", "text", "claim"}); a notes honour the draft
drops is a MissingItem of kind honour. A claim the number check already reports (a numbered name such
as 二十届三中全会) is not reported twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from drafter.claims import ClaimMark, prove_claims
from drafter.notes import Notes

__all__ = ["ClaimItems", "claim_items"]


@dataclass
class ClaimItems:
    missing: list = field(default_factory=list)  # MissingItem
    unsupported: list = field(default_factory=list)  # UnsupportedItem
    marks: list[ClaimMark] = field(default_factory=list)
    fact_claims: int = 0
    matched_claims: int = 0
    draft_claims: int = 0


def claim_items(
    draft: str,
    notes: Notes,
    reported: list,
    line_of: Callable[[int], int],
    context: Callable[[str, int, int], str],
    extra_stock: tuple[str, ...],
    *,
    make_missing: Callable,  # check.MissingItem (passed in: check imports this module)
    make_unsupported: Callable,  # check.UnsupportedItem
) -> ClaimItems:
    report = prove_claims(draft, notes.facts, notes.context_text(), extra_stock=extra_stock)
    taken = [(u.start, u.end) for u in reported]
    out = ClaimItems(fact_claims=report.fact_honours, matched_claims=report.matched_honours, draft_claims=report.draft_claims)
    twice = set()
    for pr in report.unsupported:
        c = pr.claim
        if any(s < c.end and c.start < e for s, e in taken):
            twice.add((c.start, c.end))
            continue
        nearest = None
        if pr.nearest_fact is not None:
            nearest = {"id": pr.nearest_fact.id, "text": pr.nearest_fact.text, "claim": pr.nearest.text if pr.nearest else ""}
        out.unsupported.append(
            make_unsupported(
                quantity=c.text, context=context(draft, c.start, c.end), start=c.start, end=c.end, line=line_of(c.start),
                nearest_fact=nearest, reason=pr.reason, kind=c.kind,
            )  # fmt: skip
        )
    out.marks = [m for m in report.marks if (m.start, m.end) not in twice]
    for ms in report.missing:
        f = ms.fact
        out.missing.append(
            make_missing(quantity=ms.claim.text, fact=f.text, fact_id=f.id, expected=ms.claim.text, found="", line=f.line, kind=ms.claim.kind)
        )
    return out
