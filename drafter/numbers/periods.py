"""Quantities of time bound to a number: the half, the relative year, the frequency, and 至少.

上半年组织学习12次 is not 下半年组织学习12次, 每月开展2次 is not 每周开展2次, and 每月至少开展两次 is not
每月开展两次: the 12次 or 两次 is in the notes, but said of another time. Each number carries the time
words of its sentence up to it (the nearest one of each class); a draft number and the fact number
it states must agree in every class both have, and a draft must keep a 至少 its fact has.

今年 in a draft is a year when the notes give one year (the front matter's, or the only year their
facts name): 今年上半年 states 2022年上半年.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .quantities import Quantity

__all__ = ["TIME_CLASSES", "TimeIndex", "time_words", "conflicts", "relative_years", "period_conflicts", "dropped_time_words", "single_year"]

_HALF = {"上半年": 1, "下半年": 2}
_QUARTER = {"一季度": 1, "二季度": 2, "三季度": 3, "四季度": 4, "第一季度": 1, "第二季度": 2, "第三季度": 3, "第四季度": 4}
_RELATIVE_YEAR = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1}
_FREQUENCY = {"每天": 365, "每日": 365, "每周": 52, "每星期": 52, "每两周": 26, "每半月": 24, "每月": 12, "每季度": 4, "每季": 4,
              "每半年": 2, "每年": 1}  # fmt: skip
_AT_LEAST = {"至少": 1, "不少于": 1, "不低于": 1, "最少": 1}
TIME_CLASSES: dict[str, dict[str, int]] = {
    "half": _HALF, "quarter": _QUARTER, "year": _RELATIVE_YEAR, "frequency": _FREQUENCY, "at_least": _AT_LEAST,
}  # fmt: skip
_WORDS = {w: (cls, v) for cls, table in TIME_CLASSES.items() for w, v in table.items()}
_PATTERN = re.compile("|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)))
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")
_SENTENCE_WIDE = {"half", "quarter", "year"}
_WORD_NAMES = {cls: {v: w for w, v in reversed(list(table.items()))} for cls, table in TIME_CLASSES.items()}
# 今年以来 and 年 compounds are still 今年; 去年同期 is a comparison, not the period of the number
_NOT_PERIOD = re.compile(r"(?:去年|上年)同期|同比|较(?:去年|上年)|比(?:去年|上年)")


class TimeIndex:
    """The time words of a text and its sentence breaks, found once; time_of(q) by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[tuple[int, int, str, int]] = []
        if _PATTERN.search(text):
            blocked = [m.span() for m in _NOT_PERIOD.finditer(text)]
            for m in _PATTERN.finditer(text):
                if not any(s <= m.start() < e for s, e in blocked):
                    cls, value = _WORDS[m.group()]
                    self.words.append((m.start(), m.end(), cls, value))
        self.starts = [w[0] for w in self.words]
        self.breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)] if self.words else []

    def time_of(self, q: Quantity) -> dict[str, int]:
        """The time words said of `q`: its sentence up to it, the nearest word of each class."""
        # 10人以上 and 不少于10人 say the same thing: the qualifier carries the 至少
        floor = {"at_least": 1} if any(w in q.qualifier_text for w in ("以上", "至少", "不少于", "不低于")) else {}
        if not self.words:
            return floor
        k = bisect.bisect_left(self.breaks, q.start)
        begin = self.breaks[k - 1] + 1 if k else 0
        clause_begin = max(begin, self.text.rfind("，", begin, q.start) + 1, self.text.rfind(",", begin, q.start) + 1)
        found: dict[str, int] = {}
        for i in range(bisect.bisect_left(self.starts, begin), bisect.bisect_right(self.starts, q.end)):
            s, e, cls, value = self.words[i]
            # a period holds for its sentence (上半年，社区…12次); a frequency or 至少 for its clause
            if e <= q.end and (cls in _SENTENCE_WIDE or s >= clause_begin):
                found[cls] = value  # later (nearer) words win
        return {**floor, **found}


def time_words(text: str, q: Quantity) -> dict[str, int]:
    """The time words said of `q` in `text` (see TimeIndex)."""
    return TimeIndex(text).time_of(q)


def conflicts(fact: dict[str, int], draft: dict[str, int]) -> str:
    """What the draft number's time words change against its fact's, e.g. 上半年→下半年; "" when they agree."""
    for cls, value in fact.items():
        if cls == "at_least":
            if cls not in draft:
                return "qualifier differs: 至少 dropped"
            continue
        if cls in draft and draft[cls] != value:
            what = "frequency" if cls == "frequency" else "period"
            return f"{what} differs: {_WORD_NAMES[cls][value]}→{_WORD_NAMES[cls][draft[cls]]}"
    return ""


def relative_years(text: str, year: int | None) -> list[Quantity]:
    """今年 / 本年 in a draft as the year the notes give (none when they give none)."""
    if year is None or "年" not in text:
        return []
    out = []
    for m in re.finditer(r"今年|本年(?!度)", text):
        out.append(Quantity(text=m.group(), start=m.start(), end=m.end(), low=float(year), high=float(year), unit="年",
                            unit_text="", kind="year", num_start=m.start(), num_end=m.end()))  # fmt: skip
    return out


def single_year(values: Sequence[float]) -> int | None:
    years = {int(v) for v in values}
    return years.pop() if len(years) == 1 else None


def period_conflicts(
    draft_times: TimeIndex, draft_qs: Sequence[Quantity], notes_times: TimeIndex, fact_qs: Sequence[Quantity], rank
) -> dict[int, tuple[str, int]]:
    """Draft quantities whose value states a fact quantity but whose time words change it.

    For each fact quantity with time words: when no same-value draft quantity agrees with them, the
    best-bound one (`rank(draft_q, fact_index)`) is reported: {id(draft quantity): (change, fact index)}.
    Weak quantities count here (每年开展一次 → 每月开展一次).
    """
    if not notes_times.words:
        return {}
    from .quantities import same_quantity

    by_value: dict[tuple[float, float], list[Quantity]] = {}
    for q in draft_qs:
        by_value.setdefault((q.low, q.high), []).append(q)
    found: dict[int, tuple[str, int]] = {}
    for fi, fq in enumerate(fact_qs):
        ft = notes_times.time_of(fq)
        if not ft:
            continue
        cands = [dq for dq in by_value.get((fq.low, fq.high), ()) if same_quantity(dq, fq) or (fq.weak and dq.unit == fq.unit)]
        if not cands:
            continue
        changes = [conflicts(ft, draft_times.time_of(dq)) for dq in cands]
        if all(changes):
            best = max(range(len(cands)), key=lambda k: rank(cands[k], fi))
            found.setdefault(id(cands[best]), (changes[best], fi))
    return found


def dropped_time_words(notes_times: TimeIndex, context_text: str, draft_times: TimeIndex) -> list[tuple[int, str, str]]:
    """Time words of the facts that the draft changed where no number holds them (每周三为居民讲解 →
    每月三…): a fact's word the draft never states, while the draft states another word of its class
    that the notes never do. [(offset in notes_text, the fact's word, the draft's word)]."""
    notes_words, draft_words = notes_times.words, draft_times.words
    if not notes_words or not draft_words:
        return []
    notes_text, draft = notes_times.text, draft_times.text
    stated = {(cls, v) for _, _, cls, v in draft_words}
    known = {(cls, v) for _, _, cls, v in notes_words + TimeIndex(context_text).words}
    out = []
    for s, e, cls, v in notes_words:
        if cls == "at_least" or (cls, v) in stated:
            continue
        other = next((draft[ds:de] for ds, de, dcls, dv in draft_words if dcls == cls and (dcls, dv) not in known), None)
        if other:
            out.append((s, notes_text[s:e], other))
    return out
