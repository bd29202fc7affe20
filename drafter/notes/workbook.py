"""Spreadsheets in as grids of cell values: .xlsx through openpyxl, .xls through xlrd, CSV in any encoding
textio knows. Merged cells are filled with their value, so a merged header or category covers every
column and row it spans. No spreadsheet format is parsed here: the libraries do that.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import input_size, read_text

__all__ = ["Grid", "read_grids", "LEDGER_SUFFIXES"]

LEDGER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
MAX_ROWS = 50_000  # a year's ledger has hundreds of rows; refuse what cannot be one before tallying it
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Grid:
    """One sheet (or CSV file, or Word table) as rows of cell values, merged cells filled."""

    source: str  # the file as the user named it
    sheet: str  # the sheet's name; '' for CSV; 表1, 表2 … for Word tables
    rows: list[list[object]]
    first_row: int = 1  # the row number (as Excel shows it) of rows[0]
    what: str = "sheet"  # "table" for a Word table: how messages name it


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook or the one grid of a CSV file; InputError when it cannot be read."""
    p = Path(path)
    if input_size(p, what="ledger") == 0:
        raise InputError(f"ledger is empty (0 bytes): {p}")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(p)]
    with p.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        if _is_encrypted_ooxml(p):
            raise InputError(f"{p} is password-protected; open it in Excel or WPS, remove the password (文件 › 信息 › 保护工作簿) and save it again")
        return _read_xls(p)  # an Excel 97-2003 file, whatever its suffix says
    if head[:4] == b"%PDF":
        raise InputError(f"{p} is a PDF, which drafter cannot read as notes; copy its text out into a .txt file (or its table into Excel and save it as .xlsx)")
    if head[:2] != b"PK":
        raise InputError(f"{p} is not an Excel workbook (neither .xlsx nor .xls inside); save it from Excel or WPS as .xlsx")
    return _read_xlsx(p)


def _is_encrypted_ooxml(path: Path) -> bool:
    """A password-protected .xlsx is an OLE container holding an 'EncryptionInfo' stream."""
    data = path.read_bytes()
    return "EncryptionInfo".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data


def _read_xlsx(path: Path) -> list[Grid]:
    from openpyxl import load_workbook  # heavy: only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a 合计 cell with a formula gives its cached value, never the formula text.
        book = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise InputError(f"{path} is damaged or not an Excel workbook ({type(exc).__name__}); open it in Excel or WPS and save it again as .xlsx") from None
    formulas = _formulas_without_values(path, book)
    grids = []
    for ws in book.worksheets:
        if ws.max_row > MAX_ROWS:
            raise InputError(f"{path}: sheet {ws.title!r} has {ws.max_row} rows, more than a ledger holds (limit {MAX_ROWS})")
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for (r, c), formula in formulas.get(ws.title, {}).items():
            rows[r][c] = formula  # shown as typed, so the tally records it as a cell it could not read
        for merged in ws.merged_cells.ranges:
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
                row = rows[r - 1]
                for c in range(merged.min_col, merged.max_col + 1):
                    if c - 1 < len(row):
                        row[c - 1] = value
        grids.append(Grid(source=str(path), sheet=ws.title, rows=rows))
    book.close()
    return grids


def _formulas_without_values(path: Path, book) -> dict[str, dict[tuple[int, int], str]]:
    """Formula cells that have no saved value (a file written by a program, never opened in Excel):
    data_only reads them as empty, which would silently shrink a sum."""
    from openpyxl import load_workbook

    empty = {ws.title: {(r, c) for r, row in enumerate(ws.iter_rows(values_only=True)) for c, v in enumerate(row) if v is None} for ws in book.worksheets}
    found: dict[str, dict[tuple[int, int], str]] = {}
    raw = load_workbook(path, read_only=True)
    try:
        for ws in raw.worksheets:
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                for c, v in enumerate(row):
                    if isinstance(v, str) and v.startswith("=") and (r, c) in empty.get(ws.title, ()):
                        found.setdefault(ws.title, {})[(r, c)] = v
    finally:
        raw.close()
    return found


def _read_xls(path: Path) -> list[Grid]:
    import xlrd  # heavy: only for Excel 97-2003 files

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=False)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise InputError(f"{path} is password-protected; open it in Excel or WPS, remove the password and save it again") from None
        raise InputError(f"{path} is damaged or not an Excel workbook ({exc}); open it in Excel or WPS and save it again as .xlsx") from None
    except (OSError, ValueError, AssertionError, IndexError, KeyError, EOFError) as exc:
        raise InputError(f"{path} is damaged or not an Excel workbook ({type(exc).__name__}); open it in Excel or WPS and save it again as .xlsx") from None
    grids = []
    for sheet in book.sheets():
        if sheet.nrows > MAX_ROWS:
            raise InputError(f"{path}: sheet {sheet.name!r} has {sheet.nrows} rows, more than a ledger holds (limit {MAX_ROWS})")
        rows = [[_xls_value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        for r0, r1, c0, c1 in sheet.merged_cells:  # half-open ranges
            value = rows[r0][c0]
            for r in range(r0, r1):
                for c in range(c0, c1):
                    rows[r][c] = value
        grids.append(Grid(source=str(path), sheet=sheet.name, rows=rows))
    return grids


def _xls_value(cell, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value


def _read_csv(path: Path) -> Grid:
    text = read_text(path, what="ledger")
    if not text.strip():
        raise InputError(f"ledger is empty: {path}")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(text.lstrip("\ufeff").splitlines(), dialect)]
    except csv.Error as exc:
        raise InputError(f"{path}: not readable as CSV ({exc})") from None
    if len(rows) > MAX_ROWS:
        raise InputError(f"{path}: {len(rows)} rows, more than a ledger holds (limit {MAX_ROWS})")
    return Grid(source=str(path), sheet="", rows=[[c if c.strip() else None for c in r] for r in rows])

