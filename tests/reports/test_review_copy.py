"""The Word review copy: one comment (批注) on each number naming its fact; the clean copy has none."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from drafter.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"


def draft(tmp_path: Path, name: str, *extra: str):
    return CliRunner().invoke(app, ["draft", str(EXAMPLE), "--no-examples", "-o", str(tmp_path / name), *extra])


def test_comments_name_the_fact_of_each_number(tmp_path):
    import docx

    result = draft(tmp_path, "总结.docx", "--comments")
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(tmp_path / "总结.docx"))
    comments = list(doc.comments)
    texts = [c.text for c in comments]
    assert "f8：志愿者队伍从40多人壮大到200多人，组建志愿服务队12支" in texts
    assert "f2：全年安排学习课程20节，其中自学课程5节、集中学习15节" in texts
    # one comment per number of the draft (28) and per named claim (4: “红色宣讲团”, 延边日报 …), each anchored on it
    xml = doc.element.body.xml
    assert xml.count("w:commentRangeStart") == len(comments) == 28 + 4
    runs = [r for p in doc.paragraphs for r in p.runs]
    marked = {r.text for r in runs if r._r.getprevious() is not None and r._r.getprevious().tag == docx.oxml.ns.qn("w:commentRangeStart")}
    assert {"20节", "5节", "15节", "40多人", "200多人"} <= marked
    # the text itself is unchanged by the comments
    plain = draft(tmp_path, "clean.docx")
    assert plain.exit_code == 0
    clean = docx.Document(str(tmp_path / "clean.docx"))
    assert [p.text for p in clean.paragraphs] == [p.text for p in doc.paragraphs]


def test_without_comments_there_is_no_comment_at_all(tmp_path):
    assert draft(tmp_path, "clean.docx").exit_code == 0
    names = zipfile.ZipFile(tmp_path / "clean.docx").namelist()
    assert not [n for n in names if "comments" in n]


def test_review_copy_is_deterministic(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733443200")  # the 公文's created/modified is now, unless pinned
    assert draft(tmp_path, "a.docx", "--comments").exit_code == 0
    assert draft(tmp_path, "b.docx", "--comments").exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    data = zipfile.ZipFile(io.BytesIO((tmp_path / "a.docx").read_bytes())).read("word/comments.xml").decode()
    assert "w:date" not in data


def test_comments_need_a_word_output(tmp_path):
    result = draft(tmp_path, "out.md", "--comments")
    assert result.exit_code == 2
    assert "--comments needs a Word output" in result.output
    assert not (tmp_path / "out.md").exists()


def test_a_failing_number_says_what_is_wrong():
    import docx

    from drafter.document import Draft, DraftSection, render_markdown
    from drafter.notes import parse_notes
    from drafter.numbers import check_text
    from drafter.reports.export import render_docx

    notes = parse_notes("- 阿娄社区党支部现有党员41名，其中支委成员5名\n", path="n.md")
    d = Draft(title="阿娄社区工作总结", opening="现将有关情况总结如下：", model="offline",
              sections=[DraftSection(number=1, heading="一、组织建设", body="阿娄社区党支部现有党员5名，其中支委成员41名，新增志愿者17名。",
                                     title="组织建设", topic="", fact_ids=["f1"], examples=[], closing="")])  # fmt: skip
    report = check_text(render_markdown(d), notes)
    marks = report.to_json()["quantities"]
    doc = docx.Document(io.BytesIO(render_docx(d, marks)))
    texts = [c.text for c in doc.comments]
    assert "“支委成员41名”：笔记中支委成员为5名（f1），41名说的是党员（f1）" in texts
    assert any(t.startswith("笔记中没有“17名”") for t in texts)


def test_a_computed_figure_gets_its_arithmetic_in_its_comment(tmp_path):
    import docx

    from drafter.document import draft_from_markdown, render_markdown
    from drafter.notes.parse import parse_notes
    from drafter.numbers import check_text
    from drafter.reports.export import write_outputs

    notes = parse_notes("## 文化活动\n- 举办健康讲座14场\n- 组织义诊9场\n- 开展文艺演出7场\n")
    d = draft_from_markdown("# 2024年工作总结\n\n全年共开展各类活动31场。\n\n## 一、文化活动\n\n举办健康讲座14场，组织义诊9场，开展文艺演出7场，合计30场。\n")
    report = check_text(render_markdown(d), notes)
    write_outputs(d, tmp_path / "r.docx", "docx", {"check": report.to_json()}, force=True, comments=True)
    texts = [c.text for c in docx.Document(str(tmp_path / "r.docx")).comments]
    assert "由笔记中的数字算出：14+9+7=30场（f1、f2、f3），请核对" in texts
    assert "算错：按笔记计算 14+9+7=30场，应为30场" in texts
