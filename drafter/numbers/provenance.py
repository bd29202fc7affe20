"""The provenance map: every number of a draft, in reading order, with its proof and a line that explains it.

The page, the HTML report and the Word review copy (one comment per number) all draw from it:
`f3：志愿者队伍从40多人壮大到200多人` for a proven number, what is wrong for a failing one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from drafter.notes import Fact

from .quantities import Quantity, same_quantity

__all__ = ["QuantityMark", "provenance"]


@dataclass(frozen=True)
class QuantityMark:
    """One draft quantity in reading order, with its proof: the provenance map the page, the report
    and the Word review copy draw from. status: ok | unsupported | misbound | derived."""

    quantity: str  # as written in the draft
    start: int
    end: int
    line: int
    status: str
    fact_id: str  # the fact it comes from ("" when none; derived: the first part's fact; misbound: the fact whose value it carries)
    explain: str = ""  # in Chinese, for a tooltip or a Word comment: "f3：…" or what is wrong


_CHANGED = {"period differs": "时间", "frequency differs": "频次", "qualifier differs": "限定词", "unit differs": "单位"}


def provenance(
    draft_qs: Sequence[Quantity],
    proven_by: dict[int, Fact],
    support: Sequence[tuple[Fact, Quantity]],
    *,
    unsupported: Sequence,
    derived: Sequence,
    misbound: Sequence,
    line_of: Callable[[int], int],
) -> list[QuantityMark]:
    """Each (non-weak) draft quantity with its status, its fact and an explanation.

    A draft quantity not used up by a fact (a second mention of 12场, a year the front matter gives)
    is still proven when some fact quantity supports it: its fact is the first such one.
    """
    bad = {(u.start, u.end): u for u in unsupported if u.kind == "quantity"}
    totals = {(d.start, d.end): d for d in derived}
    wrong = {(m.start, m.end): m for m in misbound}
    by_value: dict[tuple[float, float], list[tuple[Fact, Quantity]]] = {}
    for fact, q in support:
        by_value.setdefault((round(q.low, 4), round(q.high, 4)), []).append((fact, q))
    marks = []
    for q in draft_qs:
        span = (q.start, q.end)
        if span in bad:
            u = bad[span]
            near = f"（最接近的事实：{u.nearest_fact['id']} {u.nearest_fact['text']}）" if u.nearest_fact else ""
            changed = _CHANGED.get(u.reason.split(":", 1)[0])
            if u.reason.startswith("wrong figure:") and "应为" in u.reason:
                # a computed figure with a wrong value: "wrong figure: 14+9+7=30场, not 31场 (应为30场)"
                arithmetic = u.reason.split(":", 1)[1].split(", not", 1)[0].strip()
                explain = f"算错：按笔记计算 {arithmetic}，{u.reason.rsplit('(', 1)[-1].rstrip(')')}"
            elif changed and u.nearest_fact:
                what = u.reason.split(":", 1)[1].rsplit("(", 1)[0].strip().replace("the notes say ", "笔记为")
                explain = f"{changed}与笔记不符（{what}）：{u.nearest_fact['id']} {u.nearest_fact['text']}"
            else:
                explain = f"笔记中没有“{q.text}”{near}"
            status, fact_id = "unsupported", ""
        elif span in wrong:
            m = wrong[span]
            status, fact_id, explain = "misbound", m.fact_id, m.message().split(" ", 1)[-1]
        elif span in totals:
            d = totals[span]
            parts = " + ".join(f"{p['quantity']}（{p['fact_id']}）" for p in d.parts)
            arithmetic = getattr(d, "arithmetic", "")
            how = f"{arithmetic}（{'、'.join(dict.fromkeys(p['fact_id'] for p in d.parts))}）" if arithmetic else parts
            status, fact_id, explain = "derived", d.parts[0]["fact_id"], f"由笔记中的数字算出：{how}，请核对"
        else:
            fact = proven_by.get(id(q)) or next(
                (f for f, fq in by_value.get((round(q.low, 4), round(q.high, 4)), ()) if same_quantity(q, fq)), None
            )
            status = "ok"
            if fact is None:
                fact_id, explain = "", ""
            elif not fact.id:
                fact_id, explain = "", "出自笔记开头（期间、标题）"
            else:
                fact_id, explain = fact.id, f"{fact.id}：{fact.text}"
        marks.append(QuantityMark(quantity=q.text, start=q.start, end=q.end, line=line_of(q.start), status=status,
                                  fact_id=fact_id, explain=explain))  # fmt: skip
    return marks
