"""Notes kept as a table: columns like 类别 / 工作内容 / 数量 / 成效 / 备注, one fact a row. The category
becomes the section (a blank category cell continues the one above); rows of 存在问题 / 下步打算 form
the closing part.

Told apart from an activity ledger (one dated activity a row, counted and summed by ledger.py): a
table with a date column is a ledger; one without dates is a notes table when it has a quantity or
result column (数量, 成效, 备注 …), when its content cells are sentences, or when its categories name
the closing part. A dated table is a notes table only when its content cells state figures (开展助餐
服务12场), or when the ledger reader finds no ledger in it. Anything else stays with the ledger reader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .cells import cell_text
from .parse import closing_kind
from .workbook import Grid

__all__ = ["TableFact", "read_notes_table"]

_CATEGORY = ("类别", "类型", "分类", "板块", "方面", "领域", "栏目", "条线", "工作类别", "工作板块", "项目")
_CONTENT = ("工作内容", "主要内容", "具体内容", "主要工作", "具体工作", "工作事项", "主要做法", "工作措施", "开展情况", "完成情况", "工作情况", "内容", "事项", "做法", "措施", "情况", "工作")
_AMOUNT = ("数量", "数目", "次数", "场次", "工作量", "完成数")
_RESULT = ("成效", "效果", "成果", "亮点", "备注", "说明", "结果")
_DATE = ("日期", "时间", "月份", "年月")
_SERIAL = ("序号", "编号", "No", "no", "NO")
_UNIT = re.compile(r"[（(]\s*([^）)]{1,6})\s*[）)]")
_HEADER_SCAN = 10
# A figure of work done written in a cell: 开展助餐服务12场 (a work log, not an activity's name).
_COUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:余|多)?\s*(?:场|次|人|名|个|户|件|项|期|万|元|份|处|支|小时|%|％)")


@dataclass
class TableFact:
    section: str  # the category; "" when the table has none
    text: str
    row: int  # the row as Excel shows it (for a Word table: the table's place)
    closing: str | None


def _norm(value: object) -> str:
    return re.sub(r"\s+", "", cell_text(value)) if value is not None else ""


def _role(name: str) -> str | None:
    base = _UNIT.sub("", name)
    for role, words in (("date", _DATE), ("serial", _SERIAL), ("amount", _AMOUNT), ("result", _RESULT), ("category", _CATEGORY), ("content", _CONTENT)):
        if base in words or any(base.endswith(w) or base.startswith(w) for w in words if len(w) >= 2):
            return role
    return None


def read_notes_table(grid: Grid, *, allow_dates: bool = False) -> tuple[list[TableFact], str, str] | None:
    """The table's facts, the name of its category column and the title above its header (阳光社区2024年
    就业服务工作记录), or None when it is not a notes table."""
    for r, row in enumerate(grid.rows[:_HEADER_SCAN]):
        names = [_norm(x) for x in row]
        roles = {i: _role(n) for i, n in enumerate(names) if n}
        found = set(roles.values())
        if "content" not in found or len(roles) < 2:
            continue
        body = grid.rows[r + 1 :]
        content = [i for i, role in roles.items() if role == "content"][0]
        texts = [_norm(row[content]) for row in body if content < len(row) and row[content] is not None]
        if "date" in found and not (allow_dates or (texts and sum(bool(_COUNT.search(t)) for t in texts) * 2 >= len(texts))):
            return None  # dated rows naming activities: a ledger, counted and summed
        categories = [i for i, role in roles.items() if role == "category"]
        cat = categories[0] if categories else None
        closing_rows = cat is not None and any(closing_kind(_norm(row[cat])) for row in body if cat < len(row) and row[cat])
        long_text = bool(texts) and sum(len(t) for t in texts) / len(texts) >= 12
        if not ({"amount", "result"} & found or long_text or closing_rows):
            return None  # 活动名称 / 类别 / 人数 without dates: a ledger as before
        above = [t for row in grid.rows[:r] for t in [_norm(x) for x in row if x is not None] if t]
        title = above[0] if above and len(set(above)) == 1 else (above[0] if len(above) == 1 else "")
        return _facts(grid, r, names, roles, cat), (names[cat] if cat is not None else ""), title
    return None


def _facts(grid: Grid, header: int, names: list[str], roles: dict[int, str | None], cat: int | None) -> list[TableFact]:
    facts = []
    section = ""
    for offset, row in enumerate(grid.rows[header + 1 :], start=header + 1):
        if cat is not None and cat < len(row) and _norm(row[cat]):
            section = _norm(row[cat]).strip("：: ")
        parts: list[str] = []
        for i, value in enumerate(row):
            if i == cat or value is None or i >= len(names) or roles.get(i) in ("serial",):
                continue
            text = cell_text(value).strip().rstrip("。；;")
            if not text:
                continue
            role = roles.get(i)
            if role == "date" and isinstance(value, dt.date):
                text = f"{value.year}年{value.month}月{value.day}日"  # an Excel date; a date typed as text stays as written
            elif role == "amount":
                unit = _UNIT.search(names[i])
                if unit and re.fullmatch(r"[\d.,]+", text):
                    text += unit.group(1)
                text = ("共" if text[:1].isdigit() else "") + text
            elif role is None:
                if not re.search(r"\d", text):
                    continue  # 责任人, 联系方式 … carry no figure of the work
                text = f"{_UNIT.sub('', names[i]) or '备注'}：{text}"
            if text not in parts:
                parts.append(text)
        if parts:
            facts.append(TableFact(section, "，".join(parts), grid.first_row + offset, closing_kind(section)))
    return facts
