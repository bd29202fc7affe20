"""Cell values as ledgers hold them: numbers typed as text ("12人", "1,200", "30余人"), dates as Excel
serials, datetimes or text (2023.3.5, 2023/3/5, 2023年3月5日, 3月5日).

Pure functions: the readers (workbook.py) hand over raw cell values; nothing here opens a file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["CellNumber", "parse_number", "parse_date", "cell_text", "EXCEL_EPOCH"]

# Excel's day 0 (the 1900 leap-year bug is why it is the 30th, not the 31st).
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Serials a ledger date can have: 1990-01-01 … 2100-01-01.
_SERIAL_RANGE = (32874, 73051)

_NUMBER = re.compile(r"^\s*(?:约|近|共|计)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(余|多)?\s*([\u4e00-\u9fff]{0,3}?)\s*(余|多|以上|左右)?\s*$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_FULL_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[月.]\s*(\d{1,2})\s*日?")
_YEAR_MONTH = re.compile(r"^\s*((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True)
class CellNumber:
    value: float
    qualifier: str = ""  # 约 (约/近/左右) or 余 (余/多/以上): a sum over the cell is qualified the same way


def cell_text(value: object) -> str:
    """A cell as the user sees it: '' for empty, whole floats without '.0', dates as 2023-03-05."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def parse_number(value: object) -> CellNumber | None:
    """A count or amount from a cell: 12, 12.0, "12", "12人", "1,200", "30余人", "约50"; None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return CellNumber(float(value))
    text = str(value).translate(_FULLWIDTH)
    m = _NUMBER.match(text)
    if not m:
        return None
    whole, frac, more_before, _unit, after = m.groups()
    number = float(whole.replace(",", "") + (frac or ""))
    if text.lstrip().startswith(("约", "近")) or after == "左右":
        return CellNumber(number, "约")
    return CellNumber(number, "余" if (more_before or after) else "")


def parse_date(value: object, *, default_year: int | None = None) -> dt.date | None:
    """A date from a cell: a datetime/date, an Excel serial, or text; None when it is not one.

    "3月5日" has no year: it takes `default_year` (the ledger's other dates or its title), else None.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
        return None
    text = str(value).translate(_FULLWIDTH).strip()
    for pattern, has_year in ((_FULL_DATE, True), (_YEAR_MONTH, True), (_MONTH_DAY, False)):
        m = pattern.match(text)
        if not m:
            continue
        parts = [int(g) for g in m.groups()]
        if has_year:
            year, month, day = (parts + [1])[:3]
        elif default_year is None:
            return None
        else:
            year, (month, day) = default_year, parts
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None
