"""Binding: a number is proven only when it is said of the same thing as in its fact."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.notes import parse_notes
from drafter.numbers import check_text
from drafter.numbers.binding import bind
from drafter.numbers.quantities import find_quantities

NOTES = """\
- 阿娄社区党支部现有党员41名，其中支委成员5名
- 东区举办广场舞比赛12场，西区举办8场
- 志愿者参与率达85%，居民满意度达95%
"""
SWAPPED = "阿娄社区党支部现有党员5名，其中支委成员41名。东区举办广场舞比赛8场，西区举办12场。志愿者参与率达95%，居民满意度达85%。\n"
RIGHT = "阿娄社区党支部现有党员41名，其中支委成员5名。东区举办广场舞比赛12场，西区举办8场。志愿者参与率达85%，居民满意度达95%。\n"


@pytest.fixture
def notes():
    return parse_notes(NOTES, path="notes.md")


def test_the_three_swaps_are_misbound_and_reported_once(notes):
    report = check_text(SWAPPED, notes)
    assert not report.ok
    assert report.missing == [] and report.unsupported == []  # the pair is reported once, as a swap
    got = [(m.said_of, m.quantity, m.expected["quantity"]) for m in report.misbound]
    assert got == [
        ("党员", "5名", "41名"), ("支委成员", "41名", "5名"),
        ("东区举办广场舞比赛", "8场", "12场"), ("西区举办", "12场", "8场"),
        ("志愿者参与率", "95%", "85%"), ("居民满意度", "85%", "95%"),
    ]  # fmt: skip
    assert report.misbound[1].message() == "第1行 “支委成员41名”：笔记中支委成员为5名（f1），41名说的是党员（f1）"
    assert [q.status for q in report.quantities] == ["misbound"] * 6


def test_the_same_draft_with_the_numbers_right_passes(notes):
    report = check_text(RIGHT, notes)
    assert report.ok and report.misbound == []
    assert [(q.quantity, q.status, q.fact_id) for q in report.quantities][:2] == [("41名", "ok", "f1"), ("5名", "ok", "f1")]
    assert report.quantities[0].explain == "f1：阿娄社区党支部现有党员41名，其中支委成员5名"


@pytest.mark.parametrize(
    "draft",
    [
        # paraphrase: 支委成员 → 支部委员, 志愿者 → 志愿服务人员, 举办 → 举行, 达 → 达到
        "社区党支部现有党员41名，其中支部委员5名。东区举行广场舞比赛12场，西区举行8场。志愿服务人员参与率达到85%，居民满意度达到95%。",
        # the number before its noun, the elided noun written out, reordered clauses
        "支部现有41名党员，其中5名支委成员。西区也举办了8场广场舞比赛，东区举办12场。居民满意度达95%，志愿者参与率达85%。",
        # merged into one sentence, a fact split over two sentences, 分别
        "阿娄社区党支部现有党员41名。其中支委成员5名。东区、西区分别举办广场舞比赛12场、8场，志愿者参与率达85%，居民满意度达95%。",
        # equivalent number forms
        "阿娄社区党支部现有党员四十一名，其中支委成员五名。东区举办广场舞比赛十二场，西区举办八场。志愿者参与率达百分之八十五，居民满意度达95%。",
    ],
    ids=["paraphrase", "number-first-and-reorder", "merged-split-respectively", "number-forms"],
)
def test_faithful_rewrites_pass(notes, draft):
    report = check_text(draft, notes)
    assert report.misbound == [], [m.message() for m in report.misbound]
    assert report.ok, report.to_json()


@pytest.mark.parametrize(
    "facts, draft, said_of, expected",
    [
        # 分别 binds in order
        ("- 党课、主题党日分别开展2次、6次", "党课开展6次，主题党日开展2次。", "党课开展", "2次"),
        # a number moved onto the neighbouring activity
        ("- 开展主题党日活动6次、党课2次", "开展主题党日活动6次、党课6次。", "党课", "2次"),
        # the number before its noun
        ("- 组织书法培训3期、摄影培训5期", "组织5期书法培训、3期摄影培训。", "书法培训", "3期"),
    ],
    ids=["respectively", "shift", "number-first"],
)
def test_misbound_forms(facts, draft, said_of, expected):
    report = check_text(draft, parse_notes(facts + "\n", path="n.md"))
    assert not report.ok
    first = report.misbound[0]
    assert (first.said_of, first.expected["quantity"]) == (said_of, expected)


def test_binding_words():
    text = "东区举办广场舞比赛12场，西区举办8场；党课、主题党日分别开展2次、6次；组织41名党员"
    qs = find_quantities(text)
    bindings = bind(text, qs)
    words = [b.words for b in bindings]
    assert words == ["东区举办广场舞比赛", "西区举办", "党课", "主题党日", "党员"]
    assert "广场" in bindings[1].bigrams  # the elided noun is carried over
    assert "党员" in bindings[4].bigrams  # the words after a number that stands first


def test_cli_text_says_each_swap_in_one_line_and_exits_1(tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "draft.md").write_text(SWAPPED, encoding="utf-8")
    (tmp_path / "right.md").write_text(RIGHT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(tmp_path / "draft.md"), "--facts", str(tmp_path / "notes.md")])
    assert result.exit_code == 1
    assert "第1行 “支委成员41名”：笔记中支委成员为5名（f1），41名说的是党员（f1）" in result.output
    assert "6 misbound" in result.output
    result = runner.invoke(app, ["check", str(tmp_path / "right.md"), "--facts", str(tmp_path / "notes.md")])
    assert result.exit_code == 0, result.output


def test_json_misbound_and_provenance_map(tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "draft.md").write_text(SWAPPED, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "draft.md"), "--facts", str(tmp_path / "notes.md"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    item = data["misbound"][1]
    assert {"quantity", "context", "line", "said_of", "fact_id", "fact", "expected"} <= set(item)
    assert (item["quantity"], item["said_of"], item["fact_id"], item["line"]) == ("41名", "支委成员", "f1", 1)
    assert item["expected"] == {"quantity": "5名", "fact_id": "f1", "fact": "阿娄社区党支部现有党员41名，其中支委成员5名", "said_of": "支委成员"}
    marks = data["quantities"]
    assert [m["status"] for m in marks] == ["misbound"] * 6
    assert all(SWAPPED[m["start"] : m["end"]] == m["quantity"] for m in marks)
    assert {"quantity", "start", "end", "line", "status", "fact_id"} <= set(marks[0])


SEED_NOTES = """\
- 对城乡劳动力进行免费职业技能培训106人，其中获得职业技能证书54人，创业培训4人
- “96210”就业援助服务成功率92%以上，知晓率95%以上
"""
SEED_DRAFT = (
    "今年，社区为城乡劳动力免费开展职业技能培训106人，其中54人取得职业技能证书，另有4人参加创业培训。"
    "“96210”就业援助服务的知晓率达到95%以上，成功率在92%以上。"
)


def test_a_real_page_paraphrased_passes_and_its_swaps_are_caught():
    """From a real summary (tests/data/seeds): reordered, number-first, the owner said once."""
    notes = parse_notes(SEED_NOTES, path="notes.md")
    assert check_text(SEED_DRAFT, notes).ok
    swapped = SEED_DRAFT.replace("其中54人取得", "其中4人取得").replace("另有4人", "另有54人")
    swapped = swapped.replace("知晓率达到95%以上，成功率在92%以上", "知晓率达到92%以上，成功率在95%以上")
    report = check_text(swapped, notes)
    assert [(m.quantity, m.expected["quantity"]) for m in report.misbound] == [("4人", "54人"), ("54人", "4人"), ("92%以上", "95%以上"), ("95%以上", "92%以上")]
    assert report.missing == [] and report.unsupported == []
