"""Activity ledgers (台账) tallied into facts: one fact per category (or per sheet) with the count of
activities and the sums of its number columns, in the genre's words and units, and a record of how each
number was made (rows, column, operation) so `drafter notes --explain` can list the rows behind it.

    3月至12月共开展志愿服务活动36场，参与2,300人次

Blank rows, subtotal rows (合计/小计) and lines that are no activity (填表人：…) are left out and
recorded; a number cell that cannot be read ("若干") is recorded too and left out of the sum.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .cells import cell_text, parse_date, parse_number
from .columns import Header, NotALedger, find_header
from .workbook import Grid

__all__ = ["Tally", "LedgerFact", "SheetTally", "tally_grid", "format_number", "period_phrase"]

_SUBTOTAL = re.compile(r"合\s*计|小\s*计|总\s*计|共\s*计|累\s*计|^总数$")
_SUBTOTAL_CELL = 12  # a 第一季度小计 label is short; a long name that mentions 合计 is an activity
_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*年")
# How an activity of a category is counted in the genre: 开展走访慰问12次, 召开居民议事会4次, 开展文体活动8场.
_VISITS = ("走访", "入户", "慰问", "探访", "巡查", "巡逻", "排查", "调解", "帮扶")
_MEETINGS = ("会议", "例会", "议事会", "协商会", "座谈会")
_EVENTS = ("活动", "讲座", "培训", "宣讲", "党课", "演出", "比赛", "展演", "课堂")


@dataclass(frozen=True)
class Tally:
    """One number of a generated fact, as it was made."""

    quantity: str  # as written in the fact: 36场, 2,300人次, 3月至12月
    operation: str  # count | sum | first and last date
    column: str  # the header the values came from ('' for a count of rows)
    rows: tuple[int, ...]  # row numbers as Excel shows them
    values: tuple[float, ...] = ()
    value: float = 0.0


@dataclass
class LedgerFact:
    section: str
    parts: list[str]  # 共开展志愿服务活动36场, 参与2,300人次
    source: str
    sheet: str
    group: str  # the category value, '' when the whole sheet is one group
    group_column: str  # the header of the column grouped by, '' for none
    tallies: list[Tally]
    rows: list[dict]  # {"row": n, "cells": {header: text}} for every row counted
    dates: tuple[dt.date, dt.date] | None = None
    id: str = ""
    text: str = ""

    def finish(self, year: int | None) -> None:
        """The fact's text, its period said relative to the notes' year (全年, 3月至12月)."""
        period = period_phrase(*self.dates, year) if self.dates else ""
        self.text = period + "，".join(self.parts)
        self.tallies = [replace(t, quantity=period) if t.operation == "first and last date" else t for t in self.tallies]


@dataclass
class SheetTally:
    source: str
    sheet: str
    header: Header
    facts: list[LedgerFact]
    skipped: list[dict] = field(default_factory=list)  # {"row": n, "reason": ...}
    first: dt.date | None = None
    last: dt.date | None = None


def format_number(value: float) -> str:
    """2300 -> 2,300 (the genre and the check both read thousands separators); 12.5 stays 12.5."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def period_phrase(first: dt.date, last: dt.date, year: int | None) -> str:
    """全年, 3月至12月, 3月, or with years when the ledger spans more than the notes' year."""
    if first.year == last.year:
        if first.month == 1 and last.month == 12 and first.year == year:
            return "全年"
        prefix = "" if first.year == year else f"{first.year}年"
        if first.month == last.month:
            return f"{prefix}{first.month}月"
        return f"{prefix}{first.month}月至{last.month}月"
    return f"{first.year}年{first.month}月至{last.year}年{last.month}月"


def _activity(label: str) -> tuple[str, str, str]:
    """(verb, noun, unit) for a category label."""
    if any(w in label for w in _MEETINGS):
        return "召开", label, "次"
    if any(w in label for w in _VISITS):
        return "开展", label, "次"
    if not label:
        return "开展", "活动", "场"
    if label.endswith(_EVENTS):
        return "开展", label, "场"
    return "开展", label + "活动", "场"


def _default_year(header: Header, grid: Grid, date_col: int | None) -> int | None:
    """The year of dates written without one (3月5日): the most common year of the full dates, else the title's."""
    if date_col is not None:
        years = Counter(
            d.year for row in grid.rows[header.row + 1 :] if date_col < len(row) for d in [parse_date(row[date_col])] if d is not None
        )
        if years:
            return years.most_common(1)[0][0]
    m = _YEAR_IN.search(header.title)
    return int(m.group(1)) if m else None


def tally_grid(grid: Grid, *, overrides: dict[str, str] | None = None, group_by: str | None = None, year: int | None = None) -> SheetTally:
    """The facts of one ledger sheet; NotALedger (with the reason) when it is not one."""
    where = f"{grid.source} {grid.what} {grid.sheet!r}" if grid.sheet else grid.source
    header = find_header(grid.rows, overrides=overrides, where=where)
    cols = header.columns
    group_col = cols.get("category")
    if group_by:
        hits = [i for i, n in enumerate(header.names) if n == group_by] or [i for i, n in enumerate(header.names) if group_by in n]
        if not hits:
            raise NotALedger(f"{where} has no column {group_by!r} to group by (its columns: {'、'.join(n for n in header.names if n)})")
        group_col = hits[0]
    date_col = cols.get("date")
    default_year = _default_year(header, grid, date_col) or year
    result = SheetTally(source=grid.source, sheet=grid.sheet, header=header, facts=[])
    groups: dict[str, list[tuple[int, list[object]]]] = {}
    for offset, row in enumerate(grid.rows[header.row + 1 :]):
        number = grid.first_row + header.row + 1 + offset
        texts = [cell_text(c) for c in row]
        if not any(texts):
            continue
        if any(_SUBTOTAL.search(t) for t in texts if t and len(t) <= _SUBTOTAL_CELL):
            result.skipped.append({"row": number, "reason": "subtotal row (合计/小计)"})
            continue
        keyed = [texts[cols[r]] for r in ("date", "name", "category") if r in cols and cols[r] < len(texts)]
        if not any(keyed):
            result.skipped.append({"row": number, "reason": "no date, name or category: not an activity", "text": " ".join(t for t in texts if t)[:60]})
            continue
        label = texts[group_col] if group_col is not None and group_col < len(texts) else ""
        groups.setdefault(label, []).append((number, row))
    if not groups:
        raise NotALedger(f"{where} has a header row but no activity rows under it")
    all_dates: list[dt.date] = []
    for label, rows in groups.items():
        group_column = header.names[group_col] if group_col is not None else ""
        fact, dates = _group_fact(label, rows, header, default_year, grid, result, group_column)
        all_dates += dates
        result.facts.append(fact)
    if all_dates:
        result.first, result.last = min(all_dates), max(all_dates)
    # The period phrase needs the notes' year, known only once every sheet is read: filled in by the caller.
    return result


def _sum(role: str, rows: list[tuple[int, list[object]]], header: Header, result: SheetTally) -> tuple[float, str, tuple[int, ...], tuple[float, ...]] | None:
    """(total, qualifier, rows used, values) of a number column over a group's rows; None without numbers."""
    col = header.columns.get(role)
    if col is None:
        return None
    used, values, qualifiers = [], [], set()
    for number, row in rows:
        raw = row[col] if col < len(row) else None
        if not cell_text(raw):
            continue
        parsed = parse_number(raw)
        if parsed is None:
            result.skipped.append({"row": number, "reason": f"{header.names[col]} {cell_text(raw)!r} is not a number: left out of the sum"})
            continue
        used.append(number)
        values.append(parsed.value)
        qualifiers.add(parsed.qualifier)
    if not used:
        return None
    qualifier = "约" if "约" in qualifiers else "余" if "余" in qualifiers else ""
    return sum(values), qualifier, tuple(used), tuple(values)


def _group_fact(label, rows, header: Header, default_year, grid: Grid, result: SheetTally, group_column: str) -> tuple[LedgerFact, list[dt.date]]:
    verb, noun, unit = _activity(label)
    numbers = tuple(n for n, _ in rows)
    count = len(rows)
    tallies = [Tally(quantity=f"{count}{unit}", operation="count", column="", rows=numbers, value=count)]
    parts = [f"共{verb}{noun}{count}{unit}"]
    for role in ("participants", "hours", "amount"):
        summed = _sum(role, rows, header, result)
        if summed is None:
            continue
        total, qualifier, used, values = summed
        name = header.name_of(role)
        figure = format_number(total)
        figure = f"约{figure}" if qualifier == "约" else figure + qualifier
        if role == "participants":
            words, unit_ = "服务" if "服务" in name else "受益" if "受益" in name else "参与", "人次"
        elif role == "hours":
            words, unit_ = "服务时长", "小时"
        else:
            words, unit_ = "投入经费", header.unit_of(role) if header.unit_of(role) in ("元", "万元") else "元"
        tallies.append(Tally(quantity=figure + unit_, operation="sum", column=name, rows=used, values=values, value=total))
        parts.append(words + figure + unit_)
    names, more = _typical_names(rows, header.columns.get("name"))
    if names:
        parts.append(f"内容涵盖{'、'.join(names)}" + ("等" if more else ""))
    dates: list[dt.date] = []
    date_col = header.columns.get("date")
    dated_rows = []
    if date_col is not None:
        for number, row in rows:
            raw = row[date_col] if date_col < len(row) else None
            d = parse_date(raw, default_year=default_year)
            if d is not None:
                dates.append(d)
                dated_rows.append(number)
            elif cell_text(raw):
                result.skipped.append({"row": number, "reason": f"{header.names[date_col]} {cell_text(raw)!r} is not a date: left out of the period"})
    if dates:
        tallies.append(Tally(quantity="", operation="first and last date", column=header.names[date_col], rows=tuple(dated_rows)))
    shown = [header.columns[r] for r in ("date", "name", "place", "participants", "hours", "amount") if r in header.columns]
    cells = [{"row": n, "cells": {header.names[i]: _shown(r, i, date_col, default_year) for i in shown if i < len(r) and cell_text(r[i])}} for n, r in rows]
    section = label or _sheet_topic(header.title, grid.sheet, grid.source)
    fact = LedgerFact(
        section=section, parts=parts, source=grid.source, sheet=grid.sheet, group=label, group_column=group_column,
        tallies=tallies, rows=cells, dates=(min(dates), max(dates)) if dates else None,
    )
    return fact, dates


_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万两〇零]")
TYPICAL_NAMES = 3


def _typical_names(rows: list[tuple[int, list[object]]], col: int | None) -> tuple[list[str], bool]:
    """The most frequent activity names of a group, for the fact's words, and whether there are more.
    Names with a numeral are left out: every number in a generated fact is a tally, none is a name's."""
    if col is None:
        return [], False
    counts = Counter(cell_text(r[col]) for _, r in rows if col < len(r) and cell_text(r[col]))
    usable = [n for n, _ in counts.most_common() if len(n) <= 16 and not _NUMERAL.search(n) and not re.search(r"[，,。；、]", n)]
    return usable[:TYPICAL_NAMES], len(counts) > len(usable[:TYPICAL_NAMES])


def _shown(row: list[object], i: int, date_col: int | None, default_year: int | None) -> str:
    """A cell as typed; a date typed otherwise than 2024-03-05 also as read (45402 → 2024-04-20)."""
    text = cell_text(row[i])
    if i == date_col:
        d = parse_date(row[i], default_year=default_year)
        if d is not None and d.isoformat() != text:
            return f"{text} → {d.isoformat()}"
    return text


_TITLE_NOISE = re.compile(r"^.*?(社区|街道|村|镇)|(?:19|20)\d{2}年(度|上半年|下半年)?|活动|台账|登记表|统计表|记录表|记录|明细|一览表|汇总表|表$")


def _sheet_topic(title: str, sheet: str, source: str) -> str:
    """A section name for a sheet without categories: the topic in its title (迎宾路社区2023年志愿服务活动台账 -> 志愿服务)."""
    topic = _TITLE_NOISE.sub("", title).strip("：: ")
    if 2 <= len(topic) <= 12:
        return topic
    name = sheet or re.sub(r"[\s_\-]*\d[\d\s_\-]*", "", source.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0])
    if name and not re.fullmatch(r"(?i)sheet\d*|工作表\d*|表\d+", name):
        topic = _TITLE_NOISE.sub("", name).strip()
        if len(topic) >= 2 and re.search(r"[\u4e00-\u9fff]", topic):
            return topic
    return "活动开展"
