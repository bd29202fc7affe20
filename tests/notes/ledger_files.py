"""Realistic ledgers and Word notes, built with openpyxl, xlwt and python-docx as 社区 staff make them.

A plain module (not conftest.py) so the tests can import its builders and TRUTH by a name no other test directory uses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# (date as typed, name, category, place, participants as typed, money) — the truth the tests tally by hand.
ROWS = [
    (dt.datetime(2023, 3, 5), "“邻里守望”志愿服务", "志愿服务", "党群服务中心", 40, 200),
    ("2023.3.18", "爱心义剪", "志愿服务", "文化广场", "25人", None),
    ("4月2日", "清明祭英烈", "理论宣讲", "烈士陵园", 60, 500),
    (45047, "楼道清洁日", "志愿服务", "3号楼", "1,200", 300),  # 45047 is 2023-05-01 as an Excel serial
    (dt.datetime(2023, 6, 12), "端午包粽子", "文体活动", "活动室", "约30人", 800),
    ("2023/9/9", "重阳敬老", "志愿服务", "老年食堂", 35, None),
    ("2023年11月14日", "广场舞展演", "文体活动", "文化广场", 160, 1500),
    ("12月1日", "宪法宣传日讲座", "理论宣讲", "党群服务中心", 45, None),
]
TRUTH = {  # category -> (count, participants, approximate, money, first, last)
    "志愿服务": (4, 40 + 25 + 1200 + 35, False, 500, dt.date(2023, 3, 5), dt.date(2023, 9, 9)),
    "理论宣讲": (2, 60 + 45, False, 500, dt.date(2023, 4, 2), dt.date(2023, 12, 1)),
    "文体活动": (2, 30 + 160, True, 2300, dt.date(2023, 6, 12), dt.date(2023, 11, 14)),
}


def write_ledger_xlsx(path: Path, rows=ROWS, *, pivot: bool = True) -> Path:
    """A title row, a two-row merged header, a blank row, a 小计 per half-year, a 合计, a sign-off line,
    and (pivot=True) a second sheet that is a pivot table of the first."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "活动台账"
    ws.append(["东风社区2023年活动台账"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "活动时间", "活动名称", "活动类型", "地点", "参与情况", None])
    ws.append([None, None, None, None, None, "参与人数", "经费（元）"])
    for col in "ABCDE":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("F2:G2")
    for i, (date, name, category, place, people, money) in enumerate(rows, 1):
        ws.append([i, date, name, category, place, people, money])
        if i == 5:
            ws.append([None, None, "上半年小计", None, None, 1385, None])
            ws.append([])
    ws.append([None, "合计", None, None, None, 1595, 3300])
    ws.append(["填表人：王丽"])
    if pivot:
        pv = wb.create_sheet("数据透视")
        pv.append(["行标签", "计数项:活动名称", "求和项:参与人数"])
        pv.append(["志愿服务", 4, 1300])
        pv.append(["总计", 8, 1595])
    wb.save(path)
    return path


def write_ledger_xls(path: Path) -> Path:
    """The same ledger as an Excel 97-2003 .xls (xlwt), dates as real date cells."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, h in enumerate(["日期", "活动名称", "类别", "参与人数"]):
        sheet.write(0, c, h)
    data = [(dt.datetime(2023, 2, 1), "慰问老党员", "走访慰问", 6), (dt.datetime(2023, 8, 9), "探访独居老人", "走访慰问", "4人")]
    for r, (d, name, cat, people) in enumerate(data, 1):
        sheet.write(r, 0, d, date_style)
        sheet.write(r, 1, name)
        sheet.write(r, 2, cat)
        sheet.write(r, 3, people)
    book.save(str(path))
    return path


def write_word_notes(path: Path, *, table: bool = True) -> Path:
    """Word notes: a title line, Heading 1, a 一、 line, numbered lines, a bold line, a long paragraph,
    a ledger table under a heading, and a key/value table."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("东风社区2023年志愿服务工作要点")
    doc.add_heading("队伍建设", level=1)
    doc.add_paragraph("组建志愿者队伍12支，志愿者300多人", style="List Number")
    doc.add_paragraph("新招募青年志愿者45名", style="List Number")
    doc.add_paragraph("二、服务开展")
    doc.add_paragraph("全年开展“邻里守望”志愿服务活动36场次，服务居民2,300余人次；组织助老陪诊18次。志愿服务时长累计达到6,500小时，人均21.7小时。")
    if table:
        t = doc.add_table(rows=1, cols=3)
        for cell, text in zip(t.rows[0].cells, ("日期", "活动名称", "参与人数")):
            cell.text = text
        for row in (("2023-05-04", "青年志愿者进社区", "20"), ("2023-10-01", "国庆升旗", "80人")):
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
    doc.add_paragraph().add_run("存在的不足").bold = True
    doc.add_paragraph("年轻志愿者占比偏低")
    if table:
        kv = doc.add_table(rows=2, cols=2)
        kv.rows[0].cells[0].text, kv.rows[0].cells[1].text = "注册志愿者", "312人"
        kv.rows[1].cells[0].text, kv.rows[1].cells[1].text = "星级志愿者", "15名"
    doc.add_heading("下一步打算", level=1)
    doc.add_paragraph("每月开展一次志愿服务培训", style="List Bullet")
    doc.save(path)
    return path

