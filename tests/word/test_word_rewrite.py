"""`drafter rewrite DRAFT.docx --section N` rewrites that section inside the person's Word file: the
document XML outside the section is byte for byte what it was (their comments, tracked changes and
formatting elsewhere), a .bak keeps the old file, and the file reads and checks afterwards."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from word_builders import tracked

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from test_gongwen import notes_text  # noqa: E402

DRAFTER = str(Path(sys.executable).parent / "drafter")


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env["DRAFTER_STATE_DIR"] = str(cwd / ".drafter")
    return subprocess.run([DRAFTER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def document_xml(path: Path) -> str:
    return zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")


def section_span(path: Path, index: int) -> tuple[int, int]:
    from drafter.word import open_word_package, word_layout

    parts = open_word_package(path)
    layout = word_layout(parts["word/document.xml"], parts, path)
    body = layout.sections[index].body
    return layout.spans[body[0]][0], layout.spans[body[-1]][1]


@pytest.fixture
def edited(tmp_path):
    """drafter's Word draft, then edited in Word: a comment in section 1, tracked changes in section 3,
    and a wrong number typed into section 2."""
    import docx

    (tmp_path / "材料.md").write_text(notes_text(), encoding="utf-8")
    assert run(["draft", "材料.md", "-o", "总结.docx", "--no-examples", "--date", "2024-12-06"], tmp_path).returncode == 0
    path = tmp_path / "总结.docx"
    doc = docx.Document(str(path))
    paras = doc.paragraphs
    heads = [i for i, p in enumerate(paras) if p.text[:2] in ("一、", "二、", "三、", "四、")]
    first_body = paras[heads[0] + 1]
    doc.add_comment(first_body.runs[0], text="领导要求这段再具体些", author="王敏", initials="WM")
    third_body = paras[heads[2] + 1]
    tracked(doc, third_body, inserted="群众满意度明显提升。", deleted="旧的表述。")
    second_body = paras[heads[1] + 1]
    for run_ in second_body.runs:
        run_.text = run_.text.replace("6次", "8次")
    doc.save(str(path))
    return path


def test_rewrite_one_section_inside_the_word_file(edited):
    folder = edited.parent
    before_bytes = edited.read_bytes()
    before = document_xml(edited)
    start, end = section_span(edited, 1)
    assert "8次" in before[start:end]
    assert run(["check", "总结.docx"], folder).returncode == 1  # the typed 8次 is not in the notes

    result = run(["rewrite", "总结.docx", "--section", "2"], folder)
    assert result.returncode == 0, result.stdout + result.stderr
    after = document_xml(edited)
    tail = len(before) - end
    assert after[:start] == before[:start]  # everything before the section: byte for byte
    assert after[len(after) - tail :] == before[end:]  # everything after it: byte for byte
    assert "8次" not in after and "6次" in after[start : len(after) - tail]
    assert (folder / "总结.docx.bak").read_bytes() == before_bytes
    # their comment and tracked changes elsewhere are still there, and the file reads and checks
    import docx

    doc = docx.Document(str(edited))
    assert [(c.author, c.text) for c in doc.comments] == [("王敏", "领导要求这段再具体些")]
    assert "<w:delText>旧的表述。</w:delText>" in after and "群众满意度明显提升。" in after
    side = json.loads((folder / "总结.json").read_text(encoding="utf-8"))
    assert side["rewrites"][-1]["section"] == 2 and side["check"]["ok"] is True  # the sidecar hears of it
    check = run(["check", "总结.docx", "--json"], folder)
    assert json.loads(check.stdout)["ok"] is True, check.stdout
    assert run(["draft", "材料.md", "-o", "x.docx", "--no-examples"], folder).returncode == 0  # the folder still drafts


def test_sections_by_heading_style_and_comments_inside_the_section_stay_valid(tmp_path):
    import docx

    (tmp_path / "notes.md").write_text(
        "---\ncommunity: 青石社区\nperiod: 2024年\nkind: 工作总结\n---\n## 就业帮扶\n- 举办招聘会3场\n- 帮助46人实现就业\n"
        "## 儿童关爱\n- 开设四点半课堂28期\n## 下一步打算\n- 新建1个儿童之家\n", encoding="utf-8")
    doc = docx.Document()
    doc.add_paragraph("青石社区2024年工作总结", style="Title")
    doc.add_paragraph("2024年，青石社区扎实推进各项工作，现总结如下。")
    doc.add_paragraph("就业帮扶", style="Heading 1")
    doc.add_paragraph("举办招聘会3场，帮助46人实现就业。")
    doc.add_paragraph("儿童关爱", style="Heading 1")
    p = doc.add_paragraph("开设四点半课堂30期，孩子们很喜欢。")
    doc.add_comment(p.runs[0], text="期数对吗？", author="张三", initials="ZS")
    doc.add_paragraph("下一步打算", style="Heading 1")
    doc.add_paragraph("新建1个儿童之家。")
    doc.save(str(tmp_path / "青石.docx"))
    before = document_xml(tmp_path / "青石.docx")
    start, end = section_span(tmp_path / "青石.docx", 1)
    result = run(["rewrite", "青石.docx", "--section", "儿童关爱", "--facts", "notes.md"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    after = document_xml(tmp_path / "青石.docx")
    assert after[:start] == before[:start] and after[len(after) - (len(before) - end) :] == before[end:]
    doc = docx.Document(str(tmp_path / "青石.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[3] == "举办招聘会3场，帮助46人实现就业。" and texts[4] == "儿童关爱" and texts[-1] == "新建1个儿童之家。"
    assert "28期" in texts[5] and "30期" not in "".join(texts)
    assert [(c.author, c.text) for c in doc.comments] == [("张三", "期数对吗？")]  # its anchor moved, still valid
    assert "<w:commentRangeStart" in after and "<w:commentReference" in after


def test_a_word_file_without_sections_or_unknown_section_is_refused(tmp_path):
    import docx

    (tmp_path / "notes.md").write_text("## 就业帮扶\n- 举办招聘会3场\n", encoding="utf-8")
    doc = docx.Document()
    doc.add_paragraph("举办招聘会3场。")
    doc.save(str(tmp_path / "flat.docx"))
    digest = hashlib.sha256((tmp_path / "flat.docx").read_bytes()).hexdigest()
    result = run(["rewrite", "flat.docx", "--section", "1", "--facts", "notes.md"], tmp_path)
    assert result.returncode == 2 and "no sections" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert hashlib.sha256((tmp_path / "flat.docx").read_bytes()).hexdigest() == digest
    assert not (tmp_path / "flat.docx.bak").exists()


def test_a_section_break_inside_the_rewritten_section_is_kept(tmp_path):
    import docx
    from docx.enum.section import WD_SECTION

    (tmp_path / "notes.md").write_text("## 就业帮扶\n- 举办招聘会3场\n## 儿童关爱\n- 开设四点半课堂28期\n", encoding="utf-8")
    doc = docx.Document()
    doc.add_paragraph("某社区工作总结", style="Title")
    doc.add_paragraph("一、就业帮扶")
    doc.add_paragraph("举办招聘会5场。")
    doc.add_section(WD_SECTION.NEW_PAGE)
    holder = doc.paragraphs[-1]._p  # python-docx puts the break in an empty paragraph: move it into 一、's text, as Word does
    sectpr = holder.pPr.sectPr
    doc.paragraphs[-2]._p.get_or_add_pPr().append(sectpr)
    holder.getparent().remove(holder)
    doc.add_paragraph("二、儿童关爱")
    doc.add_paragraph("开设四点半课堂28期。")
    doc.save(str(tmp_path / "b.docx"))
    assert len(docx.Document(str(tmp_path / "b.docx")).sections) == 2
    result = run(["rewrite", "b.docx", "--section", "1", "--facts", "notes.md"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    after = docx.Document(str(tmp_path / "b.docx"))
    assert len(after.sections) == 2
    texts = [p.text for p in after.paragraphs if p.text.strip()]
    assert "二、儿童关爱" in texts and not any("5场" in t for t in texts) and any("3场" in t for t in texts)
