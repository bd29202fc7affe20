"""Word notes as people make them (automatic numbering, bold/centred headings, WPS style names, headers
and footers, tables), .doc/.wps through LibreOffice, and notes kept as a table (.xlsx/.xls/.csv, and in
a .docx): what the person sees is `understanding(notes)`, the JSON of `drafter notes FILE --json`."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.errors import InputError
from drafter.notes import load_notes, understanding
from drafter.notes.wordfile import read_word_notes

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "eval" / "notes_cases"
DRAFTER = str(Path(sys.executable).parent / "drafter")
runner = CliRunner()

_spec = importlib.util.spec_from_file_location("make_notes_word_cases", ROOT / "eval" / "make_notes_word_cases.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


def seen(path: Path) -> dict:
    return understanding(load_notes(path))


def sections(u: dict) -> list[tuple[str, str]]:
    return [(s["title"], s["kind"]) for s in u["sections"]]


def facts_of(u: dict, title: str) -> list[str]:
    return next(s for s in u["sections"] if s["title"] == title)["facts"]


def texts_of(u: dict, title: str) -> list[str]:
    return [f["text"] for f in facts_of(u, title)]


def test_automatic_numbering_gives_parts_sub_sections_and_items(tmp_path):
    w = cases.WordBuilder()
    w.para("和平社区2024年为老服务工作总结", center=True, size=16)
    parts = w.new_list("parts")
    w.para("主要工作", num=parts, ilvl=0)  # shown as 一、 — the text has no number
    w.para("助餐服务", num=parts, ilvl=1)  # （一）
    w.para("全年供餐8600份", num=parts, ilvl=2)  # 1.
    w.para("开设长者食堂2家", num=parts, ilvl=2)
    w.para("文体活动", num=parts, ilvl=1)  # （二）
    w.para("组建老年合唱队1支，排练40次", num=parts, ilvl=2)
    w.para("存在不足", num=parts, ilvl=0)  # 二、
    w.para("助餐配送人手只有3人", num=parts, ilvl=2)
    w.para("下一步计划", num=parts, ilvl=0)  # 三、
    w.para("增加配送志愿者10名", num=parts, ilvl=2)
    w.para("争取新建助餐点1处", num=parts, ilvl=2)
    u = seen(w.save(tmp_path / "为老.docx"))
    assert sections(u) == [("助餐服务", "work"), ("文体活动", "work"), ("存在不足", "shortcomings"), ("下一步计划", "next")]
    assert texts_of(u, "助餐服务") == ["全年供餐8600份", "开设长者食堂2家"]
    # the 下一步 part keeps both items and their numbers (it was once lost while the count looked right)
    assert texts_of(u, "下一步计划") == ["增加配送志愿者10名", "争取新建助餐点1处"]
    assert [f["line"] for f in facts_of(u, "下一步计划")] == [11, 12]  # the paragraphs' 1-based indexes
    assert u["community"] == "和平社区" and u["title"] == "和平社区2024年为老服务工作总结"


def test_a_numbered_full_sentence_is_a_fact_not_a_heading(tmp_path):
    w = cases.WordBuilder()
    w.para("新华社区2024年文明创建工作要点")
    w.para("一、志愿服务")
    w.para("（一）全年开展文明劝导活动16场，参与志愿者210人次。")  # typed （一）, but a sentence with figures
    parts = w.new_list("parts")
    w.para("组织垃圾分类督导员上岗值守，累计值守1800小时，覆盖全部9个小区", num=parts, ilvl=1)  # automatic （二）, a sentence
    w.para("二、下步打算")
    w.para("（一）文明实践站：新增实践点3个")  # a heading and its fact on one line
    u = seen(w.save(tmp_path / "文明.docx"))
    assert sections(u) == [("志愿服务", "work"), ("文明实践站", "next")]
    assert texts_of(u, "志愿服务") == ["全年开展文明劝导活动16场，参与志愿者210人次", "组织垃圾分类督导员上岗值守，累计值守1800小时，覆盖全部9个小区"]
    assert texts_of(u, "文明实践站") == ["新增实践点3个"]


def test_bold_centred_and_larger_lines_are_headings_bullets_are_items(tmp_path):
    w = cases.WordBuilder()
    w.para("东湖社区2024年安全生产工作情况", bold=True, center=True)
    w.para("消防安全", bold=True)
    bullets = w.new_list("bullet")
    w.para("检查沿街商铺86家，整改隐患23处", num=bullets)
    w.para("燃气安全", center=True)
    w.para("入户安检1200户。更换老化软管310根；发放安全告知书1500份，确保辖区全年未发生燃气事故。")
    w.para("存在问题", size=15)
    w.para("群租房隐患排查难度大", num=bullets)
    u = seen(w.save(tmp_path / "安全.docx"))
    assert sections(u) == [("消防安全", "work"), ("燃气安全", "work"), ("存在问题", "shortcomings")]
    assert texts_of(u, "燃气安全") == ["入户安检1200户", "更换老化软管310根", "发放安全告知书1500份，确保辖区全年未发生燃气事故"]


def test_wps_style_names_and_outline_levels_are_headings_headers_and_footers_are_not_facts(tmp_path):
    w = cases.WordBuilder()
    h1, h2 = w.wps_styles()
    w.header_footer("长江社区居委会 2024年内部资料", "第 1 页 共 3 页")
    w.para("长江社区2024年统战工作总结", style="Title")
    w.para("主要工作", style=h1)
    w.para("民族团结", style=h2)
    w.para("开展民族团结宣传6次")
    w.para("新的社会阶层", style="一级标题")  # a heading only by its style's outline level
    w.para("联系新的社会阶层人士28人")
    w.para("空着的标题", style=h2)
    w.para("工作打算", style=h1)
    w.para("筹建同心驿站1个")
    path = w.save(tmp_path / "统战.docx")
    u = seen(path)
    assert sections(u) == [("民族团结", "work"), ("新的社会阶层", "work"), ("工作打算", "next")]
    everything = json.dumps(u, ensure_ascii=False)
    assert "内部资料" not in everything and "共 3 页" not in everything
    assert {"line": 7, "text": "空着的标题", "reason": "空标题：下面没有内容"} in u["ignored"]


def test_every_non_empty_paragraph_is_title_heading_fact_or_ignored_with_a_reason(tmp_path):
    path = CASES / "yanglao-auto-numbering.docx"
    from docx import Document

    lines = {i for i, p in enumerate(Document(str(path)).paragraphs, 1) if p.text.strip()}
    word = read_word_notes(path)
    u = seen(path)
    accounted = {word.title_line} | {b.line for b in word.blocks if b.kind == "heading"}
    accounted |= {f["line"] for s in u["sections"] for f in s["facts"]} | {i["line"] for i in u["ignored"]}
    assert accounted == lines
    assert [(i["text"], i["reason"]) for i in u["ignored"]] == [("桂花苑社区居委会", "落款，不是事实"), ("2024年12月20日", "落款，不是事实")]


def test_a_number_left_out_is_said_on_stderr(tmp_path):
    result = runner.invoke(app, ["notes", str(CASES / "yanglao-auto-numbering.docx")])
    assert result.exit_code == 0
    assert "paragraph 16 has a number but is not read as a fact (落款，不是事实): 2024年12月20日" in result.stderr
    assert "## 下一步打算\n- 新增助餐点2处\n- 2025年计划培训护理员30名" in result.stdout


_MADE_HERE = {p.name.removesuffix(".key.json") for p in CASES.glob("*.key.json") if any(CASES.glob(p.name.removesuffix(".key.json") + ".[dxc]*"))}


# the Word and table cases this generator writes; the plain-text cases are eval/bench_notes.py's
@pytest.mark.parametrize("key", sorted(p for p in CASES.glob("*.key.json") if p.name.removesuffix(".key.json") in _MADE_HERE), ids=lambda p: p.name)
def test_every_benchmark_case_reads_as_its_answer_key_says(key):
    source = next(p for p in CASES.iterdir() if p.stem == key.name.removesuffix(".key.json") and not p.name.endswith(".json"))
    expected = json.loads(key.read_text(encoding="utf-8"))["sections"]
    u = seen(source)
    assert sections(u) == [(s["title"], s["kind"]) for s in expected]
    for s in expected:
        text = "\n".join(texts_of(u, s["title"]))
        assert all(q in text for q in s["quantities"]), (s["title"], s["quantities"], text)


def test_the_committed_cases_are_what_the_generator_writes(tmp_path):
    cases.main([str(tmp_path)])
    for made in sorted(tmp_path.iterdir()):
        if made.suffix == ".json":
            assert made.read_text(encoding="utf-8") == (CASES / made.name).read_text(encoding="utf-8")
        else:
            assert understanding(load_notes(made))["sections"] == seen(CASES / made.name)["sections"]


def test_notes_tables_become_sections_and_the_closing_and_say_so(tmp_path):
    for name in ("jiuye-notes-table.xlsx", "wenti-notes-table.xls", "weisheng-notes-table.csv"):
        result = runner.invoke(app, ["notes", str(CASES / name)])
        assert result.exit_code == 0, result.output
        assert "read as a notes table, one fact a row" in result.stderr and "not as an activity ledger" in result.stderr
    u = seen(CASES / "jiuye-notes-table.xlsx")
    assert (u["community"], u["period"], u["kind"]) == ("阳光社区", "2024年", "就业服务工作总结")
    assert texts_of(u, "就业帮扶")[0] == "帮助失业人员再就业，共46人，其中就业困难人员12人"  # 数量（人） gives 46 its unit
    assert [f["line"] for f in facts_of(u, "就业帮扶")] == [3, 4]  # the rows as Excel shows them


def test_a_gbk_csv_with_a_blank_category_continues_the_one_above(tmp_path):
    path = cases.write_csv(tmp_path / "记录.csv", [
        ["板块", "具体内容", "成效"],
        ["未成年人保护", "开展暑期托管班", "2期，服务儿童64人"],
        ["", "组织安全教育课", "5次"],
        ["短板", "托管场地面积小", "仅80平方米"],
    ])
    u = seen(path)
    assert sections(u) == [("未成年人保护", "work"), ("短板", "shortcomings")]
    assert texts_of(u, "未成年人保护") == ["开展暑期托管班，2期，服务儿童64人", "组织安全教育课，5次"]


def test_a_dated_table_is_still_an_activity_ledger_counted_and_summed(tmp_path):
    path = cases.write_xlsx(tmp_path / "台账.xlsx", [
        ["日期", "活动名称", "类别", "参与人数"],
        ["2024-03-01", "健康讲座", "健康", 30],
        ["2024-04-11", "义诊", "健康", 45],
        ["2024-05-20", "读书会", "文化", 18],
    ])
    result = runner.invoke(app, ["notes", str(path)])
    assert result.exit_code == 0
    assert "read as an activity ledger, one activity a row, counted and summed" in result.stderr
    assert "共开展健康活动2场，参与75人次" in result.stdout


def test_a_notes_table_inside_word_and_a_key_value_table(tmp_path):
    u = seen(CASES / "huanjing-docx-table.docx")
    assert sections(u) == [("垃圾分类", "work"), ("环境整治", "work"), ("存在问题", "shortcomings"), ("下步打算", "next")]
    assert [f["line"] for f in facts_of(u, "环境整治")] == [1]  # the paragraph the table follows


# --- .doc and .wps -----------------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed: apt-get install libreoffice-writer-nogui")


def _to_doc(docx: Path, out: Path) -> Path:
    profile = out / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "doc", "--outdir", str(out), str(docx)],
        check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(out)},
    )
    return out / (docx.stem + ".doc")


@needs_soffice
def test_doc_and_wps_files_are_converted_and_read_like_the_docx(tmp_path):
    doc = _to_doc(CASES / "pingan-bold-headings.docx", tmp_path)
    wps = shutil.copy(doc, tmp_path / "平安.wps")
    expected = seen(CASES / "pingan-bold-headings.docx")["sections"]
    for path in (doc, Path(wps)):
        assert seen(path)["sections"] == expected
    result = subprocess.run([DRAFTER, "draft", str(wps), "-o", str(tmp_path / "draft.md"), "--no-examples", "-q"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "矛盾纠纷化解" in (tmp_path / "draft.md").read_text(encoding="utf-8")


@needs_soffice
def test_a_damaged_doc_is_one_clear_line(tmp_path):
    bad = tmp_path / "坏.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 200)
    with pytest.raises(InputError, match="damaged or not an old Word .doc file"):
        load_notes(bad)


def test_a_doc_without_libreoffice_names_the_install_command(tmp_path):
    doc = tmp_path / "旧.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    empty = tmp_path / "bin"
    empty.mkdir()
    result = subprocess.run([DRAFTER, "draft", str(doc), "-o", str(tmp_path / "out.md"), "--no-examples"], capture_output=True, text=True, timeout=120, env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "LibreOffice is not installed" in lines[0] and "apt-get install libreoffice-writer-nogui" in lines[0]
    assert not (tmp_path / "out.md").exists()


def test_bold_lead_ins_labels_and_numbered_headings_over_body_paragraphs(tmp_path):
    w = cases.WordBuilder()
    w.para("关于清河社区2024年民政工作情况的汇报", center=True)
    p = w.para()
    p.add_run("低保救助：").bold = True
    p.add_run("全年审核低保申请27户，发放临时救助金4.6万元。")
    w.para("【残疾人服务】为42名残疾人申请辅具。")
    items = w.new_list("decimal")
    w.para("优抚安置", num=items)  # an automatic 1、 over a body paragraph: a heading
    w.para("走访慰问退役军人及优抚对象95人次，发放慰问金3.8万元。")
    w.para("存在的困难和问题")  # a plain short line with the closing's words
    w.para("社工人手紧张，每名社工需联系困难群众60户以上。")
    u = seen(w.save(tmp_path / "民政.docx"))
    assert (u["community"], u["period"], u["kind"]) == ("清河社区", "2024年", "民政工作总结")
    assert sections(u) == [("低保救助", "work"), ("残疾人服务", "work"), ("优抚安置", "work"), ("存在的困难和问题", "shortcomings")]
    assert texts_of(u, "低保救助") == ["全年审核低保申请27户，发放临时救助金4.6万元"]
    assert texts_of(u, "残疾人服务") == ["为42名残疾人申请辅具"]
    assert texts_of(u, "优抚安置") == ["走访慰问退役军人及优抚对象95人次，发放慰问金3.8万元"]


def test_typed_part_numbers_in_heading_styles_give_the_depth(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("金桥社区2024年综治工作总结", style="Title")
    doc.add_heading("一、主要工作", level=2)  # every heading in one style, the numbers say the depth
    doc.add_heading("（一）网格管理", level=2)
    doc.add_paragraph("划分网格14个，配备专职网格员14名")
    doc.add_heading("（二）信访维稳", level=2)
    doc.add_paragraph("接待来访群众52人次，办结率100%")
    doc.add_heading("二、下一步打算", level=2)
    doc.add_heading("（一）网格提质", level=2)
    doc.add_paragraph("开展网格员培训4期")
    doc.save(tmp_path / "综治.docx")
    u = seen(tmp_path / "综治.docx")
    assert sections(u) == [("网格管理", "work"), ("信访维稳", "work"), ("网格提质", "next")]
    assert u["ignored"] == []


def test_a_dated_work_log_with_figures_in_its_cells_is_notes_not_a_ledger(tmp_path):
    path = cases.write_xlsx(tmp_path / "日志.xlsx", [
        ["时间", "类别", "工作内容"],
        ["2024-03", "禁毒宣传", "开展禁毒进校园活动4场，覆盖学生900余人"],
        ["2024-06", "禁毒宣传", "张贴宣传海报300张"],
        ["2024-09", "社区戒毒", "帮教社区戒毒人员6人"],
    ])
    result = runner.invoke(app, ["notes", str(path)])
    assert "read as a notes table" in result.stderr
    u = seen(path)
    assert sections(u) == [("禁毒宣传", "work"), ("社区戒毒", "work")]
    assert "开展禁毒进校园活动4场，覆盖学生900余人" in texts_of(u, "禁毒宣传")[0]


def test_lines_pasted_with_soft_breaks_are_read_as_lines(tmp_path):
    w = cases.WordBuilder()
    w.para("滨江社区2024年计生协会工作总结")
    p = w.para("一、优生优育")
    p.add_run().add_break()
    p.add_run("1. 开展优生优育讲座6场")
    p.add_run().add_break()
    p.add_run("2. 免费孕检服务家庭35户")
    w.para("二、下一步打算\n1. 新建母婴室1间")
    u = seen(w.save(tmp_path / "计生.docx"))
    assert sections(u) == [("优生优育", "work"), ("下一步打算", "next")]
    assert texts_of(u, "优生优育") == ["开展优生优育讲座6场", "免费孕检服务家庭35户"]
    assert facts_of(u, "下一步打算")[0]["line"] == 3
