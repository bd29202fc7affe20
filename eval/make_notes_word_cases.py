"""Writes eval/notes_cases/: Word notes and notes tables as people make them, each with its answer key
NAME.key.json = {"sections": [{"title", "kind": "work"|"shortcomings"|"next", "quantities": [...]}]}
(every section as a person means it, and the quantities, as written, that must be in its facts).

The Word files use Word's real automatic numbering (numbering.xml: abstractNum/num with numFmt
chineseCounting and decimal, w:numPr on the paragraphs: the numbers are NOT in the text), bold-only and
centred headings, WPS's style names 标题 1 / 标题 2, headers and footers, and tables.

    .venv/bin/python eval/make_notes_word_cases.py [OUTDIR]

The builders (WordBuilder, write_xlsx, write_xls, write_csv) are also used by tests/notes/test_word_notes.py.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "notes_cases"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# A multi-level list as Chinese documents number them: 一、 / （一） / 1. / （1）, a bullet list, a plain 1. list.
_ABSTRACTS = {
    "parts": [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")],
    "bullet": [("bullet", "•")],
    "decimal": [("decimal", "%1、")],
    "circled": [("decimalEnclosedCircle", "%1")],
}


class WordBuilder:
    """A .docx written with python-docx, with real numbering definitions."""

    def __init__(self) -> None:
        from docx import Document

        self.doc = Document()
        self._numbering = self.doc.part.numbering_part.element
        self._abstract_ids: dict[str, int] = {}
        self._next_num = 100
        for n, (name, levels) in enumerate(_ABSTRACTS.items()):
            self._abstract_ids[name] = 50 + n
            self._add_abstract(50 + n, levels)

    def _add_abstract(self, aid: int, levels: list[tuple[str, str]]) -> None:
        from docx.oxml import parse_xml

        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{420 * (i + 1)}" w:hanging="420"/></w:pPr></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        element = parse_xml(f'<w:abstractNum {_W} w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
        first_num = self._numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self._numbering.append(element)

    def new_list(self, kind: str) -> int:
        """A numbering instance (w:num) of one of the lists: its numbers start again at 1."""
        from docx.oxml import parse_xml

        self._next_num += 1
        self._numbering.append(parse_xml(f'<w:num {_W} w:numId="{self._next_num}"><w:abstractNumId w:val="{self._abstract_ids[kind]}"/></w:num>'))
        return self._next_num

    def para(self, text: str = "", *, num: int | None = None, ilvl: int = 0, bold: bool = False, center: bool = False, size: float | None = None, style: str | None = None):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import parse_xml
        from docx.shared import Pt

        p = self.doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if num is not None:
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'))
        return p

    def wps_styles(self) -> tuple[str, str]:
        """Paragraph styles named as WPS names them, 标题 1 and 标题 2, with outline levels; and a style
        named 一级标题 that is a heading only by its outline level."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import parse_xml

        for name, level in (("标题 1", 0), ("标题 2", 1), ("一级标题", 0)):
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {_W} w:val="{level}"/>'))
        return "标题 1", "标题 2"

    def header_footer(self, header: str, footer: str) -> None:
        section = self.doc.sections[0]
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = footer

    def table(self, rows: list[list[str]]) -> None:
        t = self.doc.add_table(rows=0, cols=len(rows[0]))
        for row in rows:
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text

    def save(self, path: Path) -> Path:
        self.doc.save(path)
        return path


def write_xlsx(path: Path, rows: list[list[object]], title: str | None = None, sheet: str = "工作记录") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_xls(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "gbk") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _key(path: Path, sections: list[tuple[str, str, list[str]]]) -> None:
    key = {"sections": [{"title": t, "kind": k, "quantities": q} for t, k, q in sections]}
    path.with_name(path.stem + ".key.json").write_text(json.dumps(key, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- the cases ---------------------------------------------------------------------------------------


def yanglao_auto_numbering(out: Path) -> None:
    """养老: automatic 一、/（一）/1. numbering, nothing typed; a full sentence numbered （二） is a fact."""
    w = WordBuilder()
    w.header_footer("桂花苑社区居委会", "第 1 页")
    w.para("桂花苑社区2024年养老服务工作总结", bold=True, center=True, size=16)
    parts = w.new_list("parts")
    w.para("居家养老服务", num=parts, ilvl=0)
    w.para("开展助餐服务", num=parts, ilvl=1)
    w.para("老年食堂全年供餐2.1万份，惠及老人380余人", num=parts, ilvl=2)
    w.para("为独居老人送餐1200余次", num=parts, ilvl=2)
    w.para("健康关爱", num=parts, ilvl=1)
    w.para("联合社区卫生服务站开展义诊12场，服务老人300余人次。", num=parts, ilvl=2)
    w.para("为65岁以上老人建立健康档案460份", num=parts, ilvl=2)
    w.para("存在问题", num=parts, ilvl=0)
    w.para("助餐点只有1处，覆盖不够", num=parts, ilvl=2)
    w.para("专业护理人员不足", num=parts, ilvl=2)
    w.para("下一步打算", num=parts, ilvl=0)
    w.para("新增助餐点2处", num=parts, ilvl=2)
    w.para("2025年计划培训护理员30名", num=parts, ilvl=2)
    w.para("桂花苑社区居委会")
    w.para("2024年12月20日")
    path = w.save(out / "yanglao-auto-numbering.docx")
    _key(path, [
        ("开展助餐服务", "work", ["2.1万份", "380余人", "1200余次"]),
        ("健康关爱", "work", ["12场", "300余人次", "65岁", "460份"]),
        ("存在问题", "shortcomings", ["1处"]),
        ("下一步打算", "next", ["2处", "30名"]),
    ])


def pingan_bold_headings(out: Path) -> None:
    """平安: headings only bold, bullet items, a long paragraph, a typed （一） sentence that is a fact."""
    w = WordBuilder()
    w.para("幸福里社区2024年平安建设工作要点", center=True, size=18)
    w.para("矛盾纠纷化解", bold=True)
    bullets = w.new_list("bullet")
    w.para("全年排查矛盾纠纷56起，化解54起，化解率96.4%", num=bullets)
    w.para("（一）设立“老娘舅”调解室1个，调解员8名，全年接待来访群众130人次。")
    w.para("治安防控", bold=True)
    w.para("组织平安巡逻队3支，巡逻240余次；新增高清监控探头42个。电动车集中充电桩覆盖12个小区，全年未发生电动车火灾。")
    w.para("存在的不足", bold=True)
    w.para("老旧小区技防设施仍有5个未覆盖")
    w.para("下步工作打算", bold=True)
    w.para("完成剩余5个小区监控改造", num=bullets)
    w.para("以上，请审阅。")
    path = w.save(out / "pingan-bold-headings.docx")
    _key(path, [
        ("矛盾纠纷化解", "work", ["56起", "54起", "96.4%", "1个", "8名", "130人次"]),
        ("治安防控", "work", ["3支", "240余次", "42个", "12个"]),
        ("存在的不足", "shortcomings", ["5个"]),
        ("下步工作打算", "next", ["5个"]),
    ])


def dangjian_wps_styles(out: Path) -> None:
    """党建: WPS style names 标题 1 / 标题 2, an empty heading, a decimal automatic list."""
    w = WordBuilder()
    h1, h2 = w.wps_styles()
    w.header_footer("红枫社区党委 内部资料", "2024年")
    w.para("红枫社区2024年党建工作总结", style="Title")
    w.para("一、主要工作", style=h1)
    w.para("（一）组织建设", style=h2)
    items = w.new_list("decimal")
    w.para("新发展党员4名，转正预备党员3名", num=items)
    w.para("开展“三会一课”48次", num=items)
    w.para("（二）党员教育", style=h2)
    items = w.new_list("decimal")
    w.para("组织主题党日12次，参与党员860人次", num=items)
    w.para("（三）阵地建设", style=h2)
    w.para("二、存在的不足", style=h1)
    w.para("部分党员参加组织生活不够积极，2个网格支部活动偏少。")
    w.para("三、2025年工作思路", style=h1)
    w.para("计划新建党群服务点2个", num=w.new_list("decimal"))
    path = w.save(out / "dangjian-wps-styles.docx")
    _key(path, [
        ("组织建设", "work", ["4名", "3名", "48次"]),
        ("党员教育", "work", ["12次", "860人次"]),
        ("存在的不足", "shortcomings", ["2个"]),
        ("2025年工作思路", "next", ["2个"]),
    ])


def huanjing_docx_notes_table(out: Path) -> None:
    """环境: a Word file whose notes are a table 类别/工作内容/数量/成效, closing rows in the table."""
    w = WordBuilder()
    w.para("青石社区2024年人居环境整治工作情况", bold=True, center=True)
    w.table([
        ["类别", "工作内容", "数量", "成效"],
        ["垃圾分类", "开展垃圾分类宣传活动", "15场", "居民知晓率达到95%"],
        ["", "更新分类投放点", "8个", ""],
        ["环境整治", "清理卫生死角", "120处", "清运垃圾60余吨"],
        ["存在问题", "个别楼道堆物反复出现", "3栋", ""],
        ["下步打算", "建立楼道长巡查制度", "", "实现30个楼道全覆盖"],
    ])
    path = w.save(out / "huanjing-docx-table.docx")
    _key(path, [
        ("垃圾分类", "work", ["15场", "95%", "8个"]),
        ("环境整治", "work", ["120处", "60余吨"]),
        ("存在问题", "shortcomings", ["3栋"]),
        ("下步打算", "next", ["30个"]),
    ])


def jiuye_xlsx_notes_table(out: Path) -> None:
    """就业: an .xlsx notes table with a title row, 类别/工作内容/数量（人）/备注."""
    path = write_xlsx(out / "jiuye-notes-table.xlsx", [
        ["序号", "类别", "工作内容", "数量（人）", "备注"],
        [1, "就业帮扶", "帮助失业人员再就业", 46, "其中就业困难人员12人"],
        [2, "就业帮扶", "举办专场招聘会", None, "3场，提供岗位260个"],
        [3, "技能培训", "组织家政、电商技能培训", 85, "结业率90%"],
        [4, "存在问题", "大龄失业人员就业难", None, "仍有9人未就业"],
        [5, "下一步打算", "开发公益性岗位", 10, ""],
    ], title="阳光社区2024年就业服务工作记录")
    _key(path, [
        ("就业帮扶", "work", ["46人", "12人", "3场", "260个"]),
        ("技能培训", "work", ["85人", "90%"]),
        ("存在问题", "shortcomings", ["9人"]),
        ("下一步打算", "next", ["10人"]),
    ])


def wenti_xls_notes_table(out: Path) -> None:
    """文体: an .xls (Excel 97) notes table 工作类别/主要做法/工作成效."""
    path = write_xls(out / "wenti-notes-table.xls", [
        ["工作类别", "主要做法", "工作成效"],
        ["文化活动", "举办邻里文化节、广场舞比赛", "共8场，参与居民1500余人次"],
        ["全民健身", "新建健身路径", "2处，配备器材24件"],
        ["不足", "年轻人参与较少", "青年参与占比不足20%"],
        ["今后打算", "组建青年文体社团", "力争发展社团成员50人"],
    ])
    _key(path, [
        ("文化活动", "work", ["8场", "1500余人次"]),
        ("全民健身", "work", ["2处", "24件"]),
        ("不足", "shortcomings", ["20%"]),
        ("今后打算", "next", ["50人"]),
    ])


def weisheng_csv_gbk(out: Path) -> None:
    """卫生: a GBK .csv notes table 类别/事项/完成情况."""
    path = write_csv(out / "weisheng-notes-table.csv", [
        ["类别", "事项", "完成情况"],
        ["健康教育", "举办健康讲座", "10期，听众420人次"],
        ["健康教育", "发放宣传资料", "3000余份"],
        ["疫苗接种", "动员老年人接种流感疫苗", "接种560人"],
        ["存在问题", "慢病随访有遗漏", "漏访7人"],
        ["下一步计划", "推进家庭医生签约", "签约率提高到70%"],
    ])
    _key(path, [
        ("健康教育", "work", ["10期", "420人次", "3000余份"]),
        ("疫苗接种", "work", ["560人"]),
        ("存在问题", "shortcomings", ["7人"]),
        ("下一步计划", "next", ["70%"]),
    ])


def zhiyuan_mixed_typed(out: Path) -> None:
    """志愿: typed 一、 parts, （一） sub-parts with heading and figures on one line, circled items, a
    centred heading, a ledger table with dates under a part."""
    w = WordBuilder()
    w.para("前进社区2024年志愿服务工作汇报", center=True)
    w.para("一、队伍建设")
    w.para("（一）队伍壮大：新招募志愿者65名，注册志愿者总数达到420人")
    circled = w.new_list("circled")
    w.para("成立“银发先锋”服务队1支", num=circled)
    w.para("二、服务开展")
    w.para("（一）为民服务")
    w.para("开展便民理发、家电维修服务24次，服务居民700余人次。")
    w.table([
        ["日期", "活动名称", "参与人数"],
        ["2024-03-05", "学雷锋集中服务", "60"],
        ["2024-09-20", "敬老志愿服务", "45"],
    ])
    w.para("三、存在问题", center=True)
    w.para("志愿服务时长记录不完整，约15%的活动未登记时长。")
    w.para("四、下一步工作")
    w.para("①年内培训骨干志愿者40名；②建立积分兑换制度。")
    path = w.save(out / "zhiyuan-mixed-typed.docx")
    _key(path, [
        ("队伍壮大", "work", ["65名", "420人", "1支"]),
        ("为民服务", "work", ["24次", "700余人次", "105人次"]),
        ("存在问题", "shortcomings", ["15%"]),
        ("下一步工作", "next", ["40名"]),
    ])


CASES = [
    yanglao_auto_numbering, pingan_bold_headings, dangjian_wps_styles, huanjing_docx_notes_table,
    jiuye_xlsx_notes_table, wenti_xls_notes_table, weisheng_csv_gbk, zhiyuan_mixed_typed,
]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case(out)
    print(f"wrote {len(CASES)} notes files and their .key.json to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
