"""Named claims proven both ways: each draft claim in the notes (at the same level), each notes honour in the draft.

Equivalent spellings pass (see patterns.canon): full and short forms of a body, quotes and 《》 added or
dropped, full- or half-width punctuation. An honour restated with a word more or less (“二无一提高”活动工作先进单位
for “二无一提高”活动先进单位) passes when most of its wording is the notes'; its level must be the notes'.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafter.notes import Fact

from . import patterns as p
from .extract import Claim, find_claims, stock_set

__all__ = ["ClaimProblem", "ClaimMissing", "ClaimMark", "ClaimReport", "prove_claims", "KIND_NAMES"]

KIND_NAMES = {"honour": "荣誉", "body": "单位", "medium": "媒体", "name": "名称"}
_WHAT = {"honour": "荣誉", "body": "单位", "medium": "媒体", "account": "账号", "document": "文件", "name": "名称"}
_LEVEL_END = re.compile(
    r"(?:国家级|全国|国家|中央|省级|全省|市级|全市|州级|区级|县级|全区|全县|街道级|街道|镇级|社区|(?<![社小园城片辖景校营军厂矿超门都集])[省市州区县旗镇乡])委?$"
)
_FUZZY = 0.7  # share of an honour's two-character pieces that must be the notes'


@dataclass(frozen=True)
class ClaimProblem:
    claim: Claim
    reason: str  # in Chinese
    nearest: Claim | None
    nearest_fact: Fact | None


@dataclass(frozen=True)
class ClaimMissing:
    claim: Claim
    fact: Fact


@dataclass(frozen=True)
class ClaimMark:
    """One draft claim with its proof, like a QuantityMark: status ok | unsupported."""

    quantity: str  # the claim as written (the field name the quantity marks use)
    kind: str
    start: int
    end: int
    status: str
    fact_id: str
    explain: str


@dataclass
class ClaimReport:
    unsupported: list[ClaimProblem] = field(default_factory=list)
    missing: list[ClaimMissing] = field(default_factory=list)
    marks: list[ClaimMark] = field(default_factory=list)
    fact_honours: int = 0
    matched_honours: int = 0
    draft_claims: int = 0


def prove_claims(draft: str, facts: Sequence[Fact], context: str = "", *, extra_stock: tuple[str, ...] = ()) -> ClaimReport:
    """Check a draft's named claims against its notes (the facts, and the notes' title and headings)."""
    stock = stock_set(tuple(extra_stock))
    joined = "\n".join(f.text for f in facts)
    starts = list(itertools.accumulate((len(f.text) + 1 for f in facts[:-1]), initial=0)) if facts else [0]
    notes_claims = find_claims(joined, stock=stock)
    fact_of = {id(c): facts[bisect.bisect_right(starts, c.start) - 1] for c in notes_claims} if facts else {}
    notes_canon = p.canon(joined + "\n" + context)
    draft_claims = find_claims(draft, stock=stock)
    draft_canon = p.canon(draft)
    report = ClaimReport(draft_claims=len(draft_claims))
    fact_canon = [(f, p.canon(f.text)) for f in facts] if draft_claims else []

    for c in draft_claims:
        reason, support = _prove(c, notes_canon, notes_claims)
        if reason:
            near = support or _nearest(c, notes_claims)
            fact = fact_of.get(id(near)) if near else None
            report.unsupported.append(ClaimProblem(c, reason, near, fact))
            report.marks.append(ClaimMark(c.text, c.kind, c.start, c.end, "unsupported", "", reason))
        else:
            fact = fact_of.get(id(support)) if support else _fact_with(c.core, fact_canon)
            fid = fact.id if fact else ""
            report.marks.append(ClaimMark(c.text, c.kind, c.start, c.end, "ok", fid, f"{fid}：{fact.text}" if fact else "出自笔记"))

    draft_honours = [c for c in draft_claims if c.kind == "honour"]
    seen: set[str] = set()
    for n in notes_claims:
        if n.kind != "honour" or n.core in seen:
            continue
        seen.add(n.core)
        report.fact_honours += 1
        if n.core in draft_canon or any(_similar(d.core, n.core) >= _FUZZY for d in draft_honours):
            report.matched_honours += 1
        else:
            report.missing.append(ClaimMissing(n, fact_of[id(n)]))
    return report


def _prove(c: Claim, notes_canon: str, notes_claims: list[Claim]) -> tuple[str, Claim | None]:
    """'' when the notes support the claim, else why not (Chinese); and the notes claim it was compared with."""
    what = _WHAT.get(c.what, KIND_NAMES[c.kind])
    core = c.core[:-2] if c.core.endswith("部门") else c.core  # 区民政部门: the notes' 民政局 or 民政部门
    found = _occurrences(notes_canon, core)
    if not found and c.kind == "body" and core[-1:] in "局委办":  # 区民政局 where the notes say 区民政部门
        found = _occurrences(notes_canon, core[:-1] + "部门")
    levels = [_level_at(notes_canon, i, c.kind) for i in found]
    twins: list[Claim] = []
    if c.kind == "honour":
        twins = [n for n in notes_claims if n.kind == "honour" and _similar(c.core, n.core) >= _FUZZY]
        levels += [n.level for n in twins]
    if not levels:
        return f"笔记中没有这个{what}：{c.text}", None
    if not c.level or c.level in levels or "" in levels:
        return "", twins[0] if twins else _same_core(c, notes_claims)
    said = "、".join(sorted({lv for lv in levels if lv}))
    return f"级别与笔记不符：笔记为{said}，草稿为{c.level}", next((n for n in twins), None) or _same_core(c, notes_claims)


def _occurrences(text: str, core: str) -> list[int]:
    found, i = [], text.find(core)
    while i >= 0 and core:
        found.append(i)
        i = text.find(core, i + 1)
    return found


def _level_at(text: str, pos: int, kind: str) -> str:
    """The level the notes give a name at `pos`: the level word right before it (区民政局), or for an honour,
    one a few characters before in the same clause (获评区级“绿色社区”), or after it in brackets (（市级）)."""
    if kind == "honour":
        lv = p.level_before(text, pos, 8)
        if lv == "社区级":
            lv = ""
        after = re.match(r"[^,;。\n]{0,12}?\((国家级|省级|市级|区级|县级|街道级)\)", text[pos:])
        return lv or (p.level_of(after.group(1)) if after else "")
    m = _LEVEL_END.search(text[max(0, pos - 4) : pos])
    return p.level_of(m.group(0).rstrip("委")) if m else ""


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _similar(a: str, b: str) -> float:
    """The share of a's two-character pieces that b has (1.0 when one contains the other)."""
    if a in b or b in a:
        return 1.0
    ga = _bigrams(a)
    return len(ga & _bigrams(b)) / len(ga) if len(ga) >= 2 else 0.0


def _same_core(c: Claim, notes_claims: list[Claim]) -> Claim | None:
    return next((n for n in notes_claims if n.kind == c.kind and n.core == c.core), None)


def _nearest(c: Claim, notes_claims: list[Claim]) -> Claim | None:
    """The notes claim most like it: of the same kind, the most pieces in common, then the same level."""
    same = [n for n in notes_claims if n.kind == c.kind] or notes_claims
    if not same:
        return None
    return max(same, key=lambda n: (len(_bigrams(c.core) & _bigrams(n.core)), n.level == c.level, -abs(n.start - c.start) * 0))


def _fact_with(core: str, fact_canon: list[tuple[Fact, str]]) -> Fact | None:
    return next((f for f, text in fact_canon if core in text), None)
