"""Word notes: headings, numbered lines, bold lines, long paragraphs, tables, the title line, overrides,
and a .docx drafting exactly like its Markdown twin."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.notes import NotesOverrides, load_notes, overriding
from drafter.notes.wordfile import split_title

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


@pytest.mark.parametrize(
    "title, expected",
    [
        ("迎宾路社区2023年宣传思想文化工作要点", {"community": "迎宾路社区", "period": "2023年", "kind": "宣传思想文化工作总结"}),
        ("东风社区2024年上半年工作总结", {"community": "东风社区", "period": "2024年上半年", "kind": "工作总结"}),
        ("红星村2024年度党建工作计划", {"community": "红星村", "period": "2024年度", "kind": "党建工作总结"}),
        ("迎宾路社区2024年活动台账", {"community": "迎宾路社区", "period": "2024年"}),
        ("2023年志愿服务工作记录", {"period": "2023年", "kind": "志愿服务工作总结"}),
    ],
)
def test_a_title_names_community_period_and_kind(title, expected):
    assert split_title(title) == expected


def test_word_notes_read_into_sections_and_facts(word_notes):
    notes = load_notes(word_notes)
    assert (notes.community, notes.period, notes.kind) == ("东风社区", "2023年", "志愿服务工作总结")
    sections = {s.title: [f.text for f in s.facts] for s in notes.sections}
    assert sections["队伍建设"] == ["组建志愿者队伍12支，志愿者300多人", "新招募青年志愿者45名"]
    # 二、服务开展 is a heading; its long paragraph is three facts (split at ； and 。); the ledger table under it one more.
    assert sections["服务开展"] == [
        "全年开展“邻里守望”志愿服务活动36场次，服务居民2,300余人次",
        "组织助老陪诊18次",
        "志愿服务时长累计达到6,500小时，人均21.7小时",
        "5月至10月共开展活动2场，参与100人次，内容涵盖青年志愿者进社区、国庆升旗",
    ]
    # A bold line is a heading; a key/value table's rows are facts, nothing lost.
    assert sections["存在的不足"] == ["年轻志愿者占比偏低", "注册志愿者：312人", "星级志愿者：15名"]
    assert notes.sections[-1].title == "下一步打算" and notes.sections[-1].closing == "plans"
    assert notes.fact("l1").section == "服务开展"


def test_overrides_win_over_the_title(word_notes):
    with overriding(NotesOverrides(community="西城社区", kind="志愿服务工作总结")):
        notes = load_notes(word_notes)
    assert (notes.community, notes.period) == ("西城社区", "2023年")
    assert load_notes(word_notes).community == "东风社区"  # only inside the context


def test_the_docx_example_drafts_exactly_like_its_markdown_twin(tmp_path):
    outs = []
    for suffix in ("md", "docx"):
        out = tmp_path / f"{suffix}.md"
        result = runner.invoke(app, ["draft", str(EXAMPLES / f"yingbinlu-2023-xuanchuan.{suffix}"), "-o", str(out), "--no-examples", "-q"])
        assert result.exit_code == 0, result.output
        assert "check passed" in result.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]


def test_notes_from_word_are_written_for_the_user_to_see_and_fix(tmp_path, word_notes):
    out = tmp_path / "notes.md"
    result = runner.invoke(app, ["notes", str(word_notes), "-o", str(out), "--period", "2023年"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\ncommunity: 东风社区\n") and "## 队伍建设\n- 组建志愿者队伍12支，志愿者300多人\n" in text
    assert "[l1]" in text
    # The written notes are ordinary notes: they read back to the same facts.
    assert [f.text for f in load_notes(out).facts] == [f.text for f in load_notes(word_notes).facts]


def test_check_and_outline_read_word_notes_with_overrides(tmp_path, word_notes):
    draft = tmp_path / "d.md"
    assert runner.invoke(app, ["draft", str(word_notes), "-o", str(draft), "--no-examples", "-q", "--community", "西城社区"]).exit_code == 0
    assert draft.read_text(encoding="utf-8").startswith("# 西城社区2023年志愿服务工作总结")
    result = runner.invoke(app, ["check", str(draft), "--facts", str(word_notes), "--community", "西城社区"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["eval", "--pair", str(draft), str(word_notes), "--no-style", "--json", "--community", "西城社区"])
    assert result.exit_code == 0, result.output
    assert '"recall": 1.0' in result.stdout
    result = runner.invoke(app, ["outline", str(word_notes), "--no-examples", "--period", "2022年"])
    assert result.exit_code == 0 and result.output.startswith("# 东风社区2022年志愿服务工作总结")


def test_load_notes_knows_every_suffix_the_builders_read():
    from drafter.notes.build import WORD_SUFFIXES
    from drafter.notes.load import BUILT_SUFFIXES
    from drafter.notes.workbook import LEDGER_SUFFIXES

    assert set(BUILT_SUFFIXES) == set(WORD_SUFFIXES) | set(LEDGER_SUFFIXES)


def test_a_word_file_with_no_facts_says_what_it_needs(tmp_path):
    from docx import Document

    from drafter.errors import InputError

    doc = Document()
    doc.add_paragraph("东风社区2023年工作要点", style="Title")
    doc.add_heading("党建引领", level=1)
    doc.save(tmp_path / "empty.docx")
    with pytest.raises(InputError, match="no facts found in .*paragraphs or list items"):
        load_notes(tmp_path / "empty.docx")


def test_the_shipped_examples_are_what_the_committed_script_makes(tmp_path):
    """examples/make_examples.py is the reviewable source of the binary examples: what it writes now
    reads to the same notes as the files in examples/."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_ledger(tmp_path / "ledger.xlsx")
    module.write_word_notes(tmp_path / "notes.docx")
    for made, shipped in ((tmp_path / "ledger.xlsx", EXAMPLES / "yingbinlu-2024-ledger.xlsx"), (tmp_path / "notes.docx", EXAMPLES / "yingbinlu-2023-xuanchuan.docx")):
        a, b = load_notes(made), load_notes(shipped)
        assert [(f.id, f.section, f.text) for f in a.facts] == [(f.id, f.section, f.text) for f in b.facts]
        assert (a.community, a.period, a.kind) == (b.community, b.period, b.kind)
