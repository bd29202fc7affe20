"""Word drafts in: `drafter check DRAFT.docx` and `drafter eval` read the text as the person sees it
(numbering as text, tables, tracked changes accepted; no comments, headers or footers), report each
problem with its paragraph number and quote, and `--comments` writes a review copy of their own file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from word_builders import NOTES, build_draft

DRAFTER = str(Path(sys.executable).parent / "drafter")


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env["DRAFTER_STATE_DIR"] = str(cwd / ".drafter")
    return subprocess.run([DRAFTER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def work(tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    build_draft(tmp_path / "good.docx")
    build_draft(tmp_path / "edited.docx", wrong=True)
    return tmp_path


def test_the_text_is_what_the_person_sees(work):
    from drafter.word import read_word_draft

    text = read_word_draft(work / "good.docx").text
    lines = text.splitlines()
    assert lines[0] == "桂花园社区2024年工作总结"
    assert "1.平安建设" in lines and "2.为老服务" in lines and "3.下一步打算" in lines  # Word's numbering, as text
    assert "全年开展消防安全演练6次，排查安全隐患43处，已整改41处。" in lines  # the insertion accepted
    assert "39处" not in text  # deleted text is not read
    assert "老年食堂供餐\t1.2万人次" in lines  # a table row
    for hidden in ("再核实", "第7号", "99份"):  # a comment, the header, the footer
        assert hidden not in text


def test_word_numbering_formats_read_as_chinese_numbers():
    from drafter.word.numbering import format_number

    assert [format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 31, 105)] == ["一", "十", "十二", "二十", "三十一", "一百零五"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "chineseLegalSimplified") == "贰"
    assert format_number(4, "upperRoman") == "IV"


def test_chinese_list_numbering_in_a_word_file(tmp_path):
    import docx
    from docx.oxml import parse_xml

    from drafter.word import read_word_draft

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for text, level in (("组织建设", 0), ("党员教育", 1), ("阵地建设", 1), ("民生保障", 0), ("就业帮扶", 1)):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>'))
    doc.save(str(tmp_path / "n.docx"))
    assert read_word_draft(tmp_path / "n.docx").text.splitlines() == ["一、组织建设", "（一）党员教育", "（二）阵地建设", "二、民生保障", "（一）就业帮扶"]


def test_check_a_word_draft_passes_and_fails_with_paragraph_and_quote(work):
    ok = run(["check", "good.docx", "--facts", "notes.md"], work)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = run(["check", "edited.docx", "--facts", "notes.md", "--json"], work)
    assert bad.returncode == 1, bad.stderr
    report = json.loads(bad.stdout)
    md = run(["check", "notes.md", "--facts", "notes.md", "--json"], work)
    assert set(report) == set(json.loads(md.stdout))  # the same keys as for a Markdown draft
    found = {u["quantity"]: u for u in report["unsupported"]}
    assert found["58位"]["line"] == 6 and found["58位"]["context"] == "为辖区58位高龄老人送去慰问品。"
    assert found["3个"]["line"] == 10 and "新建3个健身点" in found["3个"]["context"]
    assert [m["quantity"] for m in report["missing"]] == ["85位"]
    human = run(["check", "edited.docx", "--facts", "notes.md"], work)
    assert "paragraph 6" in human.stdout and "paragraph 10" in human.stdout


def _comments(path: Path) -> list[tuple[str, str]]:
    import docx

    return [(c.author, c.text) for c in docx.Document(str(path)).comments]


def test_review_copy_comments_each_number_and_keeps_the_persons_file(work):
    source = work / "edited.docx"
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = run(["check", "edited.docx", "--facts", "notes.md", "--comments", "review.docx"], work)
    assert result.returncode == 1, result.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # their file is never changed
    comments = _comments(work / "review.docx")
    assert ("李华", "这里再核实一下") in comments  # their own comment kept
    ours = [text for author, text in comments if author == "drafter"]
    report = json.loads(run(["check", "edited.docx", "--facts", "notes.md", "--json"], work).stdout)
    assert len(ours) == len(report["quantities"])
    assert any("85位" in t and "58位" in t for t in ours) or any("58位" in t for t in ours)
    assert any(t.startswith("f5") and "增设2处" in t for t in ours)
    xml = zipfile.ZipFile(work / "review.docx").read("word/document.xml").decode()
    assert "<w:b/></w:rPr><w:t>58</w:t>" in xml  # the bold number is still bold, in a run of its own
    assert "<w:delText>已整改39处。</w:delText>" in xml and "w:ins " in xml  # their tracked changes kept
    import docx

    texts = [p.text for p in docx.Document(str(work / "review.docx")).paragraphs]
    assert "为辖区58位高龄老人送去慰问品。" in texts  # the text itself unchanged by the split runs


def test_comments_need_a_word_draft(work):
    (work / "d.md").write_text("# 总结\n\n开展消防安全演练6次。\n", encoding="utf-8")
    result = run(["check", "d.md", "--facts", "notes.md", "--comments", "r.docx"], work)
    assert result.returncode == 2 and "Word" in result.stderr and not (work / "r.docx").exists()


def test_eval_scores_word_drafts(work):
    result = run(["eval", "--pair", "good.docx", "notes.md", "--pair", "edited.docx", "notes.md", "--json"], work)
    drafts = {d["draft"]: d for d in json.loads(result.stdout)["drafts"]}
    assert drafts["good.docx"]["recall"] == 1.0 and drafts["good.docx"]["unsupported"] == 0
    assert drafts["edited.docx"]["unsupported"] == 2 and drafts["edited.docx"]["recall"] < 1.0


def test_eval_reads_a_drafted_word_file_with_its_structure(work):
    (work / "n2.md").write_text(NOTES.replace("## 下一步打算", "## 存在的不足\n- 志愿者人手不足\n## 下一步打算"), encoding="utf-8")
    assert run(["draft", "n2.md", "-o", "总结.docx", "--no-examples", "-q"], work).returncode == 0
    result = run(["eval", "--pair", "总结.docx", "n2.md", "--json"], work)
    score = json.loads(result.stdout)["drafts"][0]
    assert score["recall"] == 1.0 and score["unsupported"] == 0
    assert score["structure"]["sections"] >= 3 and score["structure"]["numbering"] and score["structure"]["next_steps"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_an_old_doc_is_read_through_libreoffice(work):
    profile = (work / "lo").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir", str(work / "old"),
                    str(work / "edited.docx")], capture_output=True, timeout=180, check=True)
    doc = work / "old" / "edited.doc"
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    result = run(["check", str(doc), "--facts", "notes.md", "--json"], work)
    assert result.returncode == 1, result.stderr
    assert {u["quantity"] for u in json.loads(result.stdout)["unsupported"]} == {"58位", "3个"}


def test_a_text_box_is_read_once():
    from lxml import etree

    from drafter.word.reading import paragraph_text

    w, mc = "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = '<w:txbxContent><w:p><w:r><w:t>惠及居民300户</w:t></w:r></w:p></w:txbxContent>'
    p = etree.fromstring(
        f'<w:p xmlns:w="{w}" xmlns:mc="{mc}"><w:r><w:t>正文，</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f'<w:drawing>{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    assert paragraph_text(p) == "正文，惠及居民300户"


def test_a_deleted_paragraph_mark_joins_the_two_paragraphs(tmp_path):
    import docx
    from docx.oxml import parse_xml

    from drafter.word import read_word_draft

    doc = docx.Document()
    first = doc.add_paragraph("全年开展讲座5场，")
    doc.add_paragraph("受益居民400余人。")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    first._p.get_or_add_pPr().append(parse_xml(f'<w:rPr {w}><w:del w:id="5" w:author="李华" w:date="2024-12-01T10:00:00Z"/></w:rPr>'))
    doc.save(str(tmp_path / "m.docx"))
    assert read_word_draft(tmp_path / "m.docx").text == "全年开展讲座5场，受益居民400余人。\n"
