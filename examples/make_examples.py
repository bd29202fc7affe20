"""Writes the Word and Excel examples, so they can be reviewed as code and made again byte for byte:

    .venv/bin/python examples/make_examples.py

- yingbinlu-2024-ledger.xlsx: a year's 活动台账 as 社区 keep them: a title row, a two-row header with
  merged cells, a 小计 row after each quarter and a 合计 row, dates as Excel dates, serials and text
  (2024.3.5, 3月12日), participants typed as text (35人), a sign-off line, and a second sheet that is
  a pivot table of the first (skipped: it is no ledger).
- yingbinlu-2023-xuanchuan.docx: the Word twin of yingbinlu-2023-xuanchuan.md (Title, Heading 1,
  numbered lines, list items, a bold line, a paragraph of several facts), which drafts the same.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2024, 12, 31, 12, 0, 0)  # a fixed timestamp: the same bytes every run

CATEGORIES = {
    "志愿服务": ["“邻里守望”志愿服务", "爱心义剪", "楼道清洁日", "助老陪诊", "垃圾分类督导"],
    "文体活动": ["广场舞展演", "书法交流", "“我们的节日”端午包粽子", "亲子运动会"],
    "理论宣讲": ["“红色宣讲团”进楼栋", "党的二十届三中全会精神宣讲", "法治讲座"],
    "走访慰问": ["走访困难群众", "慰问老党员", "探访独居老人"],
}
PLACES = ["社区党群服务中心", "文化广场", "3号楼楼道", "新时代文明实践站", "居民家中"]


def ledger_rows(seed: int = 2024) -> list[tuple]:
    """(date, name, category, place, participants, money) per activity, in date order."""
    rng = random.Random(seed)
    rows = []
    for month in range(1, 13):
        for _ in range(rng.randint(3, 5)):
            category = rng.choice(list(CATEGORIES))
            day = rng.randint(1, 28)
            people = rng.randint(8, 90) if category != "走访慰问" else rng.randint(3, 12)
            money = rng.choice([0, 0, 200, 500, 800, 1200])
            rows.append((dt.date(2024, month, day), rng.choice(CATEGORIES[category]), category, rng.choice(PLACES), people, money))
    rows.sort(key=lambda r: r[0])
    return rows


def _date_cell(d: dt.date, i: int) -> object:
    """Dates as 社区 type them: an Excel date mostly, now and then text or a bare serial."""
    if i % 7 == 3:
        return f"{d.year}.{d.month}.{d.day}"
    if i % 7 == 5:
        return f"{d.month}月{d.day}日"
    if i % 11 == 4:
        return (dt.datetime(d.year, d.month, d.day) - dt.datetime(1899, 12, 30)).days  # a serial in a General cell
    return dt.datetime(d.year, d.month, d.day)


def write_ledger(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "活动台账"
    ws.append(["迎宾路社区2024年活动台账"])
    ws.merge_cells("A1:H1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(["序号", "日期", "活动名称", "活动类别", "地点", "参与情况", None, "备注"])
    ws.append([None, None, None, None, None, "参与人数", "经费（元）", None])
    for col in "ABCDEH":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("F2:G2")
    quarter_people = 0
    total_people = 0
    n = 0
    for i, (d, name, category, place, people, money) in enumerate(ledger_rows()):
        n += 1
        shown_people: object = f"{people}人" if i % 5 == 2 else people
        ws.append([n, _date_cell(d, i), name, category, place, shown_people, money or None, "有照片" if i % 9 == 0 else None])
        quarter_people += people
        total_people += people
        if d.month in (3, 6, 9, 12) and (i + 1 == len(ledger_rows()) or ledger_rows()[i + 1][0].month != d.month):
            ws.append([None, None, f"第{(d.month - 1) // 3 + 1}季度小计", None, None, quarter_people, None, None])
            quarter_people = 0
    ws.append([None, None, "合计", None, None, total_people, None, None])
    ws.append([])
    ws.append(["填表人：王丽    审核人：李建国"])
    for col, width in zip("ABCDEFGH", (6, 12, 30, 10, 18, 10, 10, 10)):
        ws.column_dimensions[col].width = width

    pivot = wb.create_sheet("汇总")
    pivot.append(["行标签", "计数项:活动名称", "求和项:参与人数"])
    by_category: dict[str, list[int]] = {}
    for _, _, category, _, people, _ in ledger_rows():
        by_category.setdefault(category, []).append(people)
    for category, people in by_category.items():
        pivot.append([category, len(people), sum(people)])
    pivot.append(["总计", sum(len(p) for p in by_category.values()), sum(sum(p) for p in by_category.values())])
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)
    _fix_zip_times(path)


def write_word_notes(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.core_properties.created = FIXED_TIME
    doc.core_properties.modified = FIXED_TIME
    doc.add_paragraph("迎宾路社区2023年宣传思想文化工作要点", style="Title")
    doc.add_heading("一、理论学习", level=1)
    for line in (
        "社区中心组每月至少开展两次集中学习，每季度开展一次党课",
        "全年安排学习课程20节，其中自学课程5节、集中学习15节",
        "课程资料以课件、视频、图片等形式存储，共2.14G",
        "组建“红色宣讲团”，开展理论宣讲30余场，受众近1000人次",
    ):
        doc.add_paragraph(line, style="List Number")
    doc.add_paragraph("二、宣传报道")
    doc.add_paragraph("完成简讯82篇、舆情报道5篇、调研报告4篇；在延边日报等州级以上媒体上稿12篇；社区公众号全年推送文章156篇，点击量1万以上。")
    doc.add_paragraph().add_run("志愿服务").bold = True
    for line in (
        "志愿者队伍从40多人壮大到200多人，组建志愿服务队12支",
        "开展“邻里守望”志愿服务活动36场次，服务居民2,300余人次",
        "志愿者参与率达85%，较上年提高三成",
    ):
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading("文化活动", level=2)
    doc.add_paragraph("举办“我们的节日”主题活动8场，参与居民1200多人")
    doc.add_paragraph("11月14日承办全街道广场舞展演，16支队伍参赛")
    doc.add_heading("存在的不足", level=1)
    doc.add_paragraph("宣传信息报送数量和质量仍有差距，年轻居民参与不足")
    doc.add_heading("下一步打算", level=1)
    doc.add_paragraph("加强信息员队伍建设，每月至少报送两篇简讯", style="List Bullet")
    doc.add_paragraph("办好社区“百姓大讲堂”，全年开展宣讲不少于24场", style="List Bullet")
    doc.save(path)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed member times, so the same script gives the same bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time into it
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-12-31T12:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


if __name__ == "__main__":
    write_ledger(HERE / "yingbinlu-2024-ledger.xlsx")
    write_word_notes(HERE / "yingbinlu-2023-xuanchuan.docx")
    print("wrote examples/yingbinlu-2024-ledger.xlsx and examples/yingbinlu-2023-xuanchuan.docx")
