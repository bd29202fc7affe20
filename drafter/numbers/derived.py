"""Figures a writer computes from the notes, proven by their arithmetic: totals, rates, differences.

A draft quantity no fact states is `derived` (a warning, not a failure) when it is, to the precision
written, one of:
- a total introduced by 共/共计/累计/合计/总计/全年…, equal to the sum of the figures it covers: the parts
  its own sentence names (共30场，其中讲座14场、义诊9场、演出7场), the same-unit counts of the draft section
  it sums up, of a notes section, or of the whole notes (an opening's 全年共开展活动30场) — never an
  arbitrary subset that happens to add up;
- a rate, share or ratio (率, 占, 比例, 成, %) computed from two notes figures: 76/80 = 95% (95%, 95.0%,
  约95%, 九成五 each at the precision written);
- a difference or growth (比去年增加, 同比增长, 减少) between two notes figures: 120-100 = 20户, (120-100)/100 = 20%.
- an average (人均, 户均, 平均) of a total over a count: 48000元/32人 = 1500元.

A total or rate that has its parts in the draft but a wrong value is reported with the right one
("14+9+7=30场, 应为30场"; "76/80=95%, not 98%"). Helpers of drafter.numbers.check: fact quantities come as
objects with .fact and .q.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import fmt_value
from .units import Quantity, units_compatible

__all__ = ["Derivation", "derive"]

_TOTAL = re.compile(r"共计|合计|总计|累计|总共|总数|总量|总额|全年|共|总")
_RATE = re.compile(r"率|占|比例|比重|成|覆盖|达到|达|为")
_GROWTH = re.compile(r"(?:比|较)(?:去年|上年|上一年|前一年|往年|同期|上半年|年初)|同比|环比|增加|增长|减少|下降|提高|提升|增幅|降幅|多出|少了|翻")
_DOWN = re.compile(r"减少|下降|降低|降幅|少了")
_DOUBLED = re.compile(r"翻了?([一两二])番")
_AVERAGE = re.compile(r"平均|人均|户均|场均|次均|均为|均达")
_SENTENCE_END = re.compile(r"[。！？；\n]")
_HEADING = re.compile(r"(?m)^(?:#{1,6}\s|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_ADDABLE = {"count", "money", "size", "duration", "age"}


@dataclass(frozen=True)
class Derivation:
    kind: str  # total | rate | difference | growth | average
    parts: list  # fact quantities (objects with .fact and .q) the figure is computed from
    arithmetic: str  # "14+9+7=30场", "76/80=95%", "120-100=20户"
    right: bool  # False: the draft's value is not what the arithmetic gives
    expected: str = ""  # the right value as written, when wrong ("30场", "95%")

    def reason(self, written: str) -> str:
        return f"wrong figure: {self.arithmetic}, not {written} (应为{self.expected})"


def derive(q: Quantity, fact_qs: list, draft: str, draft_qs: list[Quantity]) -> Derivation | None:
    """How `q` (a draft quantity no fact states) follows from the notes, or what it should be; None if neither."""
    if q.low != q.high or q.low < 0:
        return None
    sentence_start = _sentence_start(draft, q.start)
    before = draft[max(sentence_start, q.start - 14) : q.start]
    if q.kind == "percent" and q.unit == "%":
        if _GROWTH.search(before):
            return _growth_rate(q, fact_qs, before)
        if _RATE.search(before) or "成" in q.unit_text:
            return _rate(q, fact_qs, draft, draft_qs, sentence_start)
        return None
    if q.kind == "percent_point" and _GROWTH.search(before):
        return _point_difference(q, fact_qs)
    if q.kind not in _ADDABLE or not q.unit:
        return None
    if _AVERAGE.search(before):
        return _average(q, fact_qs)
    if q.qualifier not in ("", "more"):
        return None
    doubled = _DOUBLED.search(before)
    if doubled:
        return _doubled(q, fact_qs, 2 if doubled.group(1) in "一" else 4)
    if _GROWTH.search(before) and not _TOTAL.search(draft[max(sentence_start, q.start - 6) : q.start]):
        return _difference(q, fact_qs, before)
    if _TOTAL.search(draft[_clause_start(draft, q.start, sentence_start) : q.start]):
        return _total(q, fact_qs, draft, draft_qs, sentence_start)
    return None


# ---------------------------------------------------------------- totals


def _total(q: Quantity, fact_qs: list, draft: str, draft_qs: list[Quantity], sentence_start: int) -> Derivation | None:
    pool = [fq for fq in fact_qs if _addable(fq.q, q)]
    sentence_end = _sentence_end(draft, q.end)
    named = [d for d in draft_qs if d is not q and sentence_start <= d.start < sentence_end and _addable(d, q)
             and d.start != q.start and (d.qualifier == q.qualifier or q.qualifier == "more")]  # fmt: skip
    preceding = [d for d in named if d.start < q.start]
    following = [d for d in named if d.start > q.start]
    candidates: list[list] = []
    for group in (preceding, following, named):
        if len(group) >= 2:
            candidates.append(_as_facts(group, pool))
    sec_start, sec_end = _draft_section(draft, q.start)
    in_section = [d for d in draft_qs if d is not q and sec_start <= d.start < sec_end and _addable(d, q) and not _is_total(draft, d)]
    if len(in_section) >= 2:
        candidates.append(_as_facts(in_section, pool))
    by_section: dict[str, list] = {}
    for fq in pool:
        by_section.setdefault(fq.fact.section, []).append(fq)
    candidates += [group for group in by_section.values() if len(group) >= 2]
    if len(by_section) > 1 and len(pool) >= 2:
        candidates.append(pool)  # the whole notes: an opening's 全年共…
        groups = list(by_section.values())[:10]
        for mask in range(1, 1 << len(groups)):  # whole sections together (the sections an opening sums up)
            chosen = [fq for k, g in enumerate(groups) if mask >> k & 1 for fq in g]
            if 2 <= len(chosen) < len(pool) and bin(mask).count("1") >= 2:
                candidates.append(chosen)
    in_draft = [d for d in draft_qs if d is not q and _addable(d, q) and not _is_total(draft, d)]
    if len(in_draft) >= 2:
        candidates.append(_as_facts(in_draft, pool))
    for parts in candidates:
        if parts and len(parts) >= 2 and all(p is not None for p in parts) and _close(sum(p.q.low for p in parts), q.low, 0):
            if q.qualifier == "more" and not any(p.q.qualifier == "more" for p in parts):
                continue
            return Derivation("total", parts, _sum_text(parts, q.low, q), right=True)
    # wrong: the parts its sentence names, else those of its draft section, else (an opening's total) the
    # draft's same-unit figures, each from the notes, add up to something else
    for group in (preceding if len(preceding) >= 2 else following, in_section, in_draft):
        parts = _as_facts(group, pool)
        if len(parts) >= 2 and all(p is not None for p in parts):
            value = sum(p.q.low for p in parts)
            return Derivation("total", parts, _sum_text(parts, value, q), right=False, expected=fmt_value(value) + q.unit_text)
    return None


def _addable(d: Quantity, q: Quantity) -> bool:
    return d.kind == q.kind and d.unit == q.unit and d.low == d.high and d.low > 0 and not d.weak and d.qualifier in ("", "more")


def _as_facts(qs: list[Quantity], pool: list) -> list:
    """Each draft quantity's fact quantity (a distinct one each), None where the notes lack it."""
    used: set[int] = set()
    out = []
    for d in qs:
        hit = next((fq for fq in pool if id(fq) not in used and _close(fq.q.low, d.low, 0) and fq.q.qualifier == d.qualifier), None)
        if hit is not None:
            used.add(id(hit))
        out.append(hit)
    return out


def _sum_text(parts: list, value: float, q: Quantity) -> str:
    """14+9+7=30场; with a scale as written: 850万+120万+30万=1000万元."""
    if any(ch in p.q.text for p in parts for ch in "万亿") and value % 10_000 == 0:
        return "+".join(_as_written(p.q) for p in parts) + f"={fmt_value(value / 10_000)}万{q.unit_text}"
    return "+".join(fmt_value(p.q.low) for p in parts) + f"={fmt_value(value)}{q.unit_text}"


def _as_written(q: Quantity) -> str:
    return fmt_value(q.low / 10_000) + "万" if q.low % 10_000 == 0 and q.low >= 10_000 else fmt_value(q.low)


def _is_total(draft: str, d: Quantity) -> bool:
    return bool(_TOTAL.search(draft[max(_sentence_start(draft, d.start), d.start - 10) : d.start]))


# ---------------------------------------------------------------- rates


def _decimals(q: Quantity) -> int:
    m = re.search(r"\.([0-9]+)", q.text)
    return len(m.group(1)) if m else 0


def _rate_matches(part: float, whole: float, q: Quantity) -> bool:
    if whole <= 0:
        return False
    value = part / whole * 100
    if q.qualifier == "about":
        return abs(value - q.low) < 1.0
    if q.qualifier in ("more", "near"):  # 达95%以上, 近95%: the rate is on the right side and within a point
        return 0 <= (value - q.low) * (1 if q.qualifier == "more" else -1) < 1.0
    return round(value, _decimals(q)) == round(q.low, _decimals(q))


def _rate(q: Quantity, fact_qs: list, draft: str, draft_qs: list[Quantity], sentence_start: int) -> Derivation | None:
    counts = [fq for fq in fact_qs if fq.q.kind in _ADDABLE and fq.q.low == fq.q.high and fq.q.low > 0 and not fq.q.weak]
    sentence_end = _sentence_end(draft, q.end)
    named = [d for d in draft_qs if sentence_start <= d.start < sentence_end and d is not q and d.kind in _ADDABLE and d.low == d.high and d.low > 0]
    # the sentence names both figures (走访80户中的76户): their ratio
    facts_of = {id(d): _as_facts([d], counts)[0] for d in named}
    for i, a in enumerate(named):
        for b in named[i + 1 :]:
            part, whole = (a, b) if a.low <= b.low else (b, a)
            fa, fb = facts_of[id(part)], facts_of[id(whole)]
            if fa is not None and fb is not None and units_compatible(part, whole) and _rate_matches(part.low, whole.low, q):
                return _ratio(fa, fb, q)
    # else two figures of one fact, or of one notes section, in the same unit, whose facts share words with
    # the rate's clause (签约率 ~ 签约家庭医生): a ratio of two unrelated figures is a coincidence, not a rate
    words = _meaningful(draft[_clause_start(draft, q.start, sentence_start) : q.start])
    by_section: dict[str, list] = {}
    for fq in counts:
        if len(words & _meaningful(fq.fact.text)) >= 2:
            by_section.setdefault(fq.fact.section, []).append(fq)
    for pairs in (_pairs_in(fq_list, same_fact=True) for fq_list in by_section.values()):
        for fa, fb in pairs:
            if _rate_matches(fa.q.low, fb.q.low, q):
                return _ratio(fa, fb, q)
    for pairs in (_pairs_in(fq_list, same_fact=False) for fq_list in by_section.values()):
        for fa, fb in pairs:
            if _rate_matches(fa.q.low, fb.q.low, q):
                return _ratio(fa, fb, q)
    # wrong: the figure just before the rate over the largest figure of its sentence, both from the notes
    before_q = [d for d in named if d.start < q.start and facts_of[id(d)] is not None]
    if before_q:
        part = before_q[-1]
        wholes = [d for d in named if d.low > part.low and units_compatible(d, part) and facts_of[id(d)] is not None]
        if wholes:
            whole = max(wholes, key=lambda d: d.low)
            return _ratio(facts_of[id(part)], facts_of[id(whole)], q)
    return None


_STOP = set("率达到为是的了和与及共计全年其中占比例总数以上左右约近这那个项次人户名场成")


def _meaningful(text: str) -> set[str]:
    return {ch for ch in text if "\u4e00" <= ch <= "\u9fff" and ch not in _STOP}


def _pairs_in(fqs: list, *, same_fact: bool):
    for a in fqs:
        for b in fqs:
            if a is b or a.q.low >= b.q.low or not units_compatible(a.q, b.q):
                continue
            if same_fact != (a.fact.id == b.fact.id):
                continue
            yield a, b


def _ratio(fa, fb, q: Quantity) -> Derivation:
    value = fa.q.low / fb.q.low * 100
    places = _decimals(q)
    shown = f"{value:.{places}f}%"
    right = _rate_matches(fa.q.low, fb.q.low, q)
    arithmetic = f"{fmt_value(fa.q.low)}/{fmt_value(fb.q.low)}={shown}"
    return Derivation("rate", [fa, fb], arithmetic, right=right, expected="" if right else shown)


# ---------------------------------------------------------------- differences and growth


def _difference(q: Quantity, fact_qs: list, before: str) -> Derivation | None:
    same = [fq for fq in fact_qs if fq.q.unit == q.unit and fq.q.kind == q.kind and fq.q.low == fq.q.high and not fq.q.weak]
    for big, small in _related_pairs(same):
        if big.q.low > small.q.low:
            diff = big.q.low - small.q.low
            if _close(diff, q.low, 0):
                return Derivation("difference", [big, small], f"{fmt_value(big.q.low)}-{fmt_value(small.q.low)}={fmt_value(diff)}{q.unit_text}", right=True)
    return None


def _point_difference(q: Quantity, fact_qs: list) -> Derivation | None:
    """提高24个百分点: two percentages of the notes, 96%-72%."""
    rates = [fq for fq in fact_qs if fq.q.unit == "%" and fq.q.low == fq.q.high]
    for big, small in _related_pairs(rates):
        if big.q.low > small.q.low and _close(big.q.low - small.q.low, q.low, 0):
            arithmetic = f"{fmt_value(big.q.low)}%-{fmt_value(small.q.low)}%={fmt_value(q.low)}个百分点"
            return Derivation("difference", [big, small], arithmetic, right=True)
    return None


def _doubled(q: Quantity, fact_qs: list, factor: int) -> Derivation | None:
    """翻了一番，达到240人: a notes figure of the same unit times 2 (翻两番: times 4)."""
    for fq in fact_qs:
        if fq.q.unit == q.unit and fq.q.kind == q.kind and fq.q.low == fq.q.high and _close(fq.q.low * factor, q.low, 0):
            return Derivation("growth", [fq], f"{fmt_value(fq.q.low)}×{factor}={fmt_value(q.low)}{q.unit_text}", right=True)
    return None


def _average(q: Quantity, fact_qs: list) -> Derivation | None:
    """人均约448元 = 43000元/96人: a total of q's unit over a count of one fact or section, at the precision written."""
    counts = [fq for fq in fact_qs if fq.q.kind in _ADDABLE and fq.q.low == fq.q.high and fq.q.low > 0 and not fq.q.weak]
    places = _decimals(q)
    for total, count in _related_pairs(counts):
        if total.q.unit != q.unit or count.q.unit == q.unit:
            continue
        value = total.q.low / count.q.low
        close = abs(value - q.low) <= max(0.5, q.low * 0.01) if q.qualifier else round(value, places) == round(q.low, places)
        if close:
            arithmetic = f"{fmt_value(total.q.low)}/{fmt_value(count.q.low)}≈{value:.{places}f}{q.unit_text}"
            return Derivation("average", [total, count], arithmetic, right=True)
    return None


def _related_pairs(fqs: list):
    """Ordered pairs of distinct figures: those of one fact first (今年150人，去年125人), then of one notes section."""
    for same_fact in (True, False):
        for a in fqs:
            for b in fqs:
                if a is not b and (a.fact.id == b.fact.id) == same_fact and a.fact.section == b.fact.section:
                    yield a, b


def _growth_rate(q: Quantity, fact_qs: list, before: str) -> Derivation | None:
    down = bool(_DOWN.search(before))
    if "翻" in before:
        return None
    counts = [fq for fq in fact_qs if fq.q.kind in _ADDABLE and fq.q.low == fq.q.high and fq.q.low > 0 and not fq.q.weak]
    for old, new in _related_pairs(counts):
        if units_compatible(old.q, new.q):
            change = (new.q.low - old.q.low) / old.q.low * 100
            if (change < 0) != down or change == 0:
                continue
            if round(abs(change), _decimals(q)) == round(q.low, _decimals(q)) or q.qualifier == "about" and abs(abs(change) - q.low) < 1:
                shown = f"{abs(change):.{_decimals(q)}f}%"
                arithmetic = f"({fmt_value(new.q.low)}-{fmt_value(old.q.low)})/{fmt_value(old.q.low)}={'-' if down else ''}{shown}"
                return Derivation("growth", [new, old], arithmetic, right=True)
    return None


# ---------------------------------------------------------------- text helpers


def _close(a: float, b: float, places: int) -> bool:
    return abs(a - b) < 0.5 * 10**-places if places else abs(a - b) < 1e-6


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 200)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, pos)]
    return ends[-1] if ends else lo


def _clause_start(text: str, pos: int, sentence_start: int) -> int:
    """A total's word stands in its clause: 全年共开展各类消防宣传培训活动15次 (up to 24 characters back)."""
    lo = max(sentence_start, pos - 24)
    return max(lo, *(text.rfind(sep, lo, pos) + 1 for sep in "，,：:"))


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _draft_section(text: str, pos: int) -> tuple[int, int]:
    starts = [m.start() for m in _HEADING.finditer(text)]
    lo = max((s for s in starts if s <= pos), default=0)
    hi = min((s for s in starts if s > pos), default=len(text))
    return lo, hi
