"""Which row of a sheet is its header, and which column holds what (日期, 活动名称, 类别, 参与人数, 地点, 金额,
时长), by the names ledgers usually give them, with the user's `--column ROLE=HEADER` overrides.

A header may be two rows: a merged cell over several columns (参与情况) with the real names under it
(人数, 人次). A sheet whose header reads like a pivot table (行标签, 求和项) or that has no date and no
name column (one row per category, not per activity) is not a ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.errors import InputError

from .cells import cell_text, parse_date, parse_number

__all__ = ["ROLES", "ROLE_NAMES", "Header", "find_header", "parse_column_overrides", "NotALedger"]

# Checked in this order: 服务时间（小时） is a duration, not a date; 项目名称 is a name, 项目 a category.
ROLES: dict[str, tuple[str, ...]] = {
    "hours": ("时长", "小时", "工时"),
    "amount": ("金额", "经费", "费用", "支出", "资金"),
    "participants": ("参与人数", "参加人数", "服务人次", "参与人次", "受益人数", "覆盖人数", "人次", "人数"),
    "name": ("活动名称", "项目名称", "名称", "活动内容", "内容", "主题", "事项", "标题"),
    "category": ("类别", "类型", "分类", "项目", "板块", "类"),
    "date": ("日期", "时间"),
    "place": ("地点", "场所", "地址", "位置"),
}
# The role names a user may write in --column, Chinese or English.
ROLE_NAMES: dict[str, str] = {
    "date": "date", "日期": "date", "时间": "date",
    "name": "name", "名称": "name", "活动名称": "name", "内容": "name",
    "category": "category", "类别": "category", "类型": "category",
    "participants": "participants", "人数": "participants", "人次": "participants",
    "place": "place", "地点": "place",
    "amount": "amount", "金额": "amount", "经费": "amount",
    "hours": "hours", "时长": "hours",
}
_PIVOT_WORDS = ("行标签", "列标签", "求和项", "计数项", "平均值项", "Row Labels", "Sum of", "Count of")
_HEADER_SCAN = 15  # header rows sit at the top, under at most a title and a note or two
_UNIT = re.compile(r"[（(]\s*([^）)]{1,6})\s*[）)]")


class NotALedger(InputError):
    """A sheet that is not an activity ledger; the reason says why (skipped with a note when others are)."""


@dataclass
class Header:
    row: int  # index into the grid's rows of the (last) header row
    names: list[str]  # one per column, two-row headers joined (参与情况人数)
    columns: dict[str, int] = field(default_factory=dict)  # role -> column index
    title: str = ""  # the text above the header (迎宾路社区2023年志愿服务活动台账), when there is one

    def name_of(self, role: str) -> str:
        return self.names[self.columns[role]]

    def unit_of(self, role: str) -> str:
        """The unit a header names in brackets: 金额（万元） -> 万元."""
        m = _UNIT.search(self.name_of(role))
        return m.group(1) if m else ""


def parse_column_overrides(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`--column 人数=到场人数` / `participants=到场人数` -> {"participants": "到场人数"}; InputError on a bad one."""
    found: dict[str, str] = {}
    for item in items:
        role, sep, header = item.partition("=")
        role_key = ROLE_NAMES.get(role.strip().lower()) or ROLE_NAMES.get(role.strip())
        if not sep or not header.strip() or role_key is None:
            known = "date/日期, name/名称, category/类别, participants/人数, place/地点, amount/金额, hours/时长"
            raise InputError(f"--column wants ROLE=HEADER with ROLE one of {known}; got {item!r}")
        found[role_key] = _norm(header)
    return found


def _norm(text: object) -> str:
    return re.sub(r"\s+", "", cell_text(text))


def role_of(name: str) -> str | None:
    if not name or name in ("序号", "编号", "备注"):
        return None
    for role, words in ROLES.items():
        if any(w in name for w in words):
            return role
    return None


def _is_texty(row: list[object]) -> bool:
    """A row of labels only: no numbers, no dates (a second header row, not data)."""
    cells = [c for c in row if cell_text(c)]
    return len(cells) >= 2 and all(isinstance(c, str) and parse_number(c) is None and parse_date(c) is None for c in cells)


def _names(rows: list[list[object]], r: int) -> tuple[list[str], int]:
    """The column names if row r starts the header, and the index of its last row."""
    top = [_norm(c) for c in rows[r]]
    if r + 1 < len(rows) and _is_texty(rows[r + 1]):
        below = [_norm(c) for c in rows[r + 1]] + [""] * max(0, len(top) - len(rows[r + 1]))
        merged = any(top[i] and top[i] == top[i + 1] for i in range(len(top) - 1))
        if merged:
            # The lower name is the real one (参与人数 under 参与情况) unless it means nothing alone (男 under 人数).
            names = [(b if role_of(b) else t + b) if b and b != t else t for t, b in zip(top, below)]
            return names, r + 1
    return top, r


def _assign(names: list[str], overrides: dict[str, str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for role, header in overrides.items():
        hits = [i for i, n in enumerate(names) if n == header] or [i for i, n in enumerate(names) if header in n]
        if hits:
            columns[role] = hits[0]
    for i, name in enumerate(names):
        role = role_of(name)
        if role and role not in columns and i not in columns.values():
            columns[role] = i
    return columns


def find_header(rows: list[list[object]], *, overrides: dict[str, str] | None = None, where: str = "sheet") -> Header:
    """The header row with the most recognised columns; NotALedger (with the reason) when there is none."""
    overrides = overrides or {}
    best: tuple[int, int, list[str], dict[str, int]] | None = None
    for r in range(min(_HEADER_SCAN, len(rows))):
        if not any(cell_text(c) for c in rows[r]):
            continue
        names, last = _names(rows, r)
        if any(p in n for n in names for p in _PIVOT_WORDS):
            raise NotALedger(f"{where} looks like a pivot table (行标签/求和项), not a ledger with one row per activity")
        columns = _assign(names, overrides)
        if best is None or len(columns) > len(best[3]):
            best = (r, last, names, columns)
    if best is None or not rows:
        raise NotALedger(f"{where} is empty")
    r, last, names, columns = best
    if len(columns) < 2:
        raise NotALedger(f"{where} has no header row naming its columns (日期, 活动名称, 类别, 参与人数 …); name them with --column ROLE=HEADER")
    missing = [h for role, h in overrides.items() if role not in columns]
    if missing:
        raise NotALedger(f"{where} has no column named {missing[0]!r} (given with --column)")
    if "date" not in columns and "name" not in columns:
        raise NotALedger(f"{where} has no 日期 and no 活动名称 column: a summary table (one row per category), not a ledger with one row per activity")
    title = next((_norm(c) for row in rows[:r] for c in row if cell_text(c)), "")
    return Header(row=last, names=names, columns=columns, title=title[:60])
