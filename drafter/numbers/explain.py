"""Why a number fails, in words: the nearest fact, the number that took a fact's place, a total the
draft computed. Helpers of drafter.numbers.check (fact quantities come as objects with .fact and .q)."""

from __future__ import annotations

import math
import re

from drafter.notes import Fact

from .quantities import Quantity, units_compatible

__all__ = ["found_instead", "explain", "derived_parts", "ref", "lexical_nearest", "bigrams", "context"]

CONTEXT_CHARS = 15
_DERIVABLE_KINDS = {"count", "money", "size", "duration", "age"}
_MAX_SUBSET_STATES = 200_000
_TOTAL_MARKER = re.compile(r"共|合计|总计|累计|总共|总数|总量|总额|总人数|全年|总")


def found_instead(fq, candidates: list[Quantity], draft: str) -> Quantity | None:
    """The draft quantity that most likely replaced a missing fact quantity: same unit (or same value), nearest words."""
    best: tuple[float, float] | None = None
    choice = None
    fact_grams = bigrams(fq.fact.text)
    for q in candidates:
        same_value = abs(q.low - fq.q.low) < 1e-6 and abs(q.high - fq.q.high) < 1e-6
        if not (units_compatible(q, fq.q) or same_value):
            continue
        overlap = len(fact_grams & bigrams(context(draft, q.start, q.end, 20)))
        score = (overlap, -_distance(q, fq.q))
        if best is None or score > best:
            best, choice = score, q
    return choice


def _distance(a: Quantity, b: Quantity) -> float:
    x, y = abs(a.low) + 1.0, abs(b.low) + 1.0
    return abs(math.log(x / y))


def explain(q: Quantity, fact_qs: list, facts: list[Fact], draft: str) -> tuple[str, dict | None]:
    same_value = [fq for fq in fact_qs if abs(fq.q.low - q.low) < 1e-6 and abs(fq.q.high - q.high) < 1e-6]
    for fq in same_value:
        if units_compatible(fq.q, q) and fq.q.qualifier != q.qualifier:
            return f"qualifier differs: the notes say {fq.q.text} ({fq.fact.id})", ref(fq.fact)
    for fq in same_value:
        if not units_compatible(fq.q, q):
            return f"unit differs: the notes say {fq.q.text} ({fq.fact.id})", ref(fq.fact)
    same_unit = [fq for fq in fact_qs if units_compatible(fq.q, q) and fq.q.unit == q.unit and q.unit]
    if same_unit:
        around = bigrams(context(draft, q.start, q.end, 20))
        near = min(same_unit, key=lambda fq: (_distance(fq.q, q), -len(around & bigrams(fq.fact.text))))
        return f"no fact states this value (nearest: {near.q.text} in {near.fact.id})", ref(near.fact)
    return "not in the notes", lexical_nearest(context(draft, q.start, q.end, 20), facts)


def derived_parts(q: Quantity, fact_qs: list, draft: str) -> list | None:
    """Two or more same-unit fact quantities that add up exactly to `q`, a total the draft computed.

    Only a quantity introduced as a total (共, 合计, 累计 ... just before it) qualifies: small sums are
    common (7 = 6 + 1), and a changed number must not pass as a total.
    """
    if q.kind not in _DERIVABLE_KINDS or q.low != q.high or q.qualifier not in ("", "more") or not q.unit or q.low <= 0:
        return None
    if not _TOTAL_MARKER.search(draft[max(0, q.start - 8) : q.start]):
        return None
    allowed = ("", "more") if q.qualifier == "more" else ("",)
    pool = [
        fq for fq in fact_qs
        if fq.q.unit == q.unit and fq.q.kind == q.kind and fq.q.low == fq.q.high and fq.q.qualifier in allowed
        and 0 < fq.q.low < q.low and not fq.q.weak
    ][:60]  # fmt: skip
    target = round(q.low * 100)
    reach: dict[int, tuple[int, ...]] = {0: ()}
    for i, fq in enumerate(pool):
        v = round(fq.q.low * 100)
        for total, used in list(reach.items()):
            t = total + v
            if t <= target and t not in reach:
                reach[t] = used + (i,)
                if t == target and len(reach[t]) >= 2:
                    parts = [pool[j] for j in reach[t]]
                    if q.qualifier == "more" and not any(p.q.qualifier == "more" for p in parts):
                        continue
                    return parts
        if len(reach) > _MAX_SUBSET_STATES:
            break
    return None


def ref(fact: Fact) -> dict:
    return {"id": fact.id, "text": fact.text}


def lexical_nearest(text: str, facts: list[Fact]) -> dict | None:
    grams = bigrams(text)
    best = max(facts, key=lambda f: len(grams & bigrams(f.text)), default=None)
    if best is None or not grams & bigrams(best.text):
        return None
    return ref(best)


def bigrams(text: str) -> set[str]:
    t = "".join(ch for ch in text if not ch.isspace())
    return {t[i : i + 2] for i in range(len(t) - 1)}


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ").strip()
