"""Structure problems: no pass on a broken structure, and no false alarm on a sound one.

Sound: today's offline drafts of every example and eval case, and the real summaries of the eval cases.
Broken: the same drafts broken on purpose, one way each (table-driven), and the draft that pasted
Word text gave before the notes reader understood it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.document import render_markdown
from drafter.notes import load_notes, parse_notes
from drafter.numbers import check_text, find_structure_problems
from drafter.writing.draft import write_offline
from drafter.writing.plan import plan_draft

ROOT = Path(__file__).resolve().parents[2]
NOTES_FILES = sorted(
    [p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".yaml", ".docx", ".xlsx")]
    + list((ROOT / "eval" / "cases").glob("*/notes.md"))
)
CASES = sorted((ROOT / "eval" / "cases").glob("*/draft.md"))


def offline_draft(notes) -> str:
    return render_markdown(write_offline(plan_draft(notes)))


@pytest.mark.parametrize("path", NOTES_FILES, ids=lambda p: p.parent.name if p.name == "notes.md" else p.name)
def test_todays_offline_draft_has_no_structure_problem(path):
    notes = load_notes(path)
    draft = offline_draft(notes)
    assert find_structure_problems(draft, notes) == []
    assert check_text(draft, notes).ok


@pytest.mark.parametrize("draft", CASES, ids=lambda p: p.parent.name)
def test_real_summaries_raise_no_false_alarm(draft):
    """People's own summaries: 1、 sub-headings, ⑴是 labels, 补齐短板 in a work heading, an unheaded closing paragraph."""
    notes = load_notes(draft.parent / "notes.md")
    assert find_structure_problems(draft.read_text(encoding="utf-8"), notes) == []


# --------------------------------------------------------------- broken on purpose

NOTES = """---
community: 枫林社区
period: 2025年
kind: 养老服务工作总结
---
## 居家养老
- 为独居老人安装智能烟感报警器85台
- 开设长者食堂1处，日均就餐老人70余人
- 组织“银龄课堂”手机培训12期

## 文体活动
- 举办重阳敬老文艺汇演1场，观众400余人
- 成立老年合唱队，队员36名

## 健康服务
- 联合卫生服务站开展义诊9次，服务老人560人次

## 存在的不足
- 助老志愿者流动性较大，服务连续性不够
- 部分老旧楼栋缺少适老化扶手

## 下一步打算
- 推动4个楼栋加装适老化扶手
- 招募培训助老志愿者不少于50名
"""


@pytest.fixture(scope="module")
def notes():
    return parse_notes(NOTES, path="notes.md")


@pytest.fixture(scope="module")
def good(notes):
    return offline_draft(notes)


def _section(draft: str, heading_word: str) -> tuple[int, int]:
    """(start, end) of the '## ' section whose heading holds the word."""
    start = next(i for i in range(len(draft)) if draft.startswith("## ", i) and heading_word in draft[i : draft.index("\n", i)])
    end = draft.find("\n## ", start + 3)
    return start, (len(draft) if end < 0 else end + 1)


def _move(draft: str, sentence: str, into: str) -> str:
    """Take a fact's item (一是…；) out of its place and add it as the last item of another section."""
    cut = draft.replace(sentence, "", 1)
    start, end = _section(cut, into)
    body = cut[start:end].rstrip("\n")
    return cut[:start] + body + f"另外，{sentence.strip('；。一二三四五是')}。\n\n" + cut[end:]


BROKEN = [
    # (name, how to break the good draft, the problem expected, a word of the text it names)
    ("ordinal then Chinese numbering", lambda d: d.replace("二是开设长者食堂", "二是一、开设长者食堂"), "numbering", "一、开设"),
    ("ordinal then digit numbering", lambda d: d.replace("一是为独居老人", "一是1. 为独居老人"), "numbering", "1. 为独居"),
    ("ordinal then bracketed numbering", lambda d: d.replace("成立老年合唱队", "二是（二）成立老年合唱队", 1), "numbering", "（二）成立"),
    ("ordinal then circled numbering", lambda d: d.replace("三是组织", "三是①组织"), "numbering", "①组织"),
    (
        "a notes heading's number mid-sentence",
        lambda d: d.replace("服务老人560人次", "服务老人560人次；二、文体活动也有开展"),
        "numbering",
        "文体活动",
    ),
    ("a heading numbered twice", lambda d: d.replace("## 二、", "## 二、（一）"), "numbering", "（一）"),
    (
        "the title line as a fact",
        lambda d: d.replace("一是为独居老人", "一是枫林社区2025年养老服务工作总结；二是为独居老人"),
        "heading_as_fact",
        "工作总结",
    ),
    (
        "a closing heading as a fact",
        lambda d: d.replace("一是推动4个楼栋", "一是下一步工作打算；二是推动4个楼栋"),
        "heading_as_fact",
        "下一步工作打算",
    ),
    ("a notes heading as a fact", lambda d: d.replace("举办重阳", "一是文体活动；二是举办重阳", 1), "heading_as_fact", "文体活动"),
    (
        "a next step among the achievements",
        lambda d: _move(d, "一是推动4个楼栋加装适老化扶手；", "居家养老"),
        "closing_in_work",
        "适老化扶手",
    ),
    (
        "a shortcoming among the achievements",
        lambda d: _move(d, "二是部分老旧楼栋缺少适老化扶手。", "健康服务"),
        "closing_in_work",
        "老旧楼栋",
    ),
    (
        "an item opened by 下一步 among the achievements",
        lambda d: d.replace("队员36名", "队员36名；三是下一步扩大合唱队规模", 1),
        "closing_in_work",
        "下一步扩大",
    ),
    (
        "an achievement in the closing",
        lambda d: _move(d, "二是开设长者食堂1处，日均就餐老人70余人；", "下一步"),
        "work_in_closing",
        "长者食堂",
    ),
    (
        "an empty section",
        lambda d: d.replace(d[_section(d, "健康服务")[0] : _section(d, "健康服务")[1]], "## 三、做好健康服务\n\n"),
        "empty_section",
        "健康服务",
    ),
    (
        "a notes section left out",
        lambda d: d.replace(d[_section(d, "文体活动")[0] : _section(d, "文体活动")[1]], ""),
        "missing_section",
        "文体活动",
    ),
]


@pytest.mark.parametrize("name,breaks,problem,word", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_draft_broken_on_purpose_is_caught(notes, good, name, breaks, problem, word):
    assert find_structure_problems(good, notes) == []
    broken = breaks(good)
    assert broken != good, "the break changed nothing"
    found = find_structure_problems(broken, notes)
    assert any(p.problem == problem and word in p.text for p in found), found
    report = check_text(broken, notes)
    assert not report.ok
    assert report.to_json()["structure"]
    lines = broken.split("\n")
    for p in found:  # the line named is the line where the text stands
        if p.line:
            assert p.text[:4] in lines[p.line - 1]


SOUND = [
    # Chinese that looks like numbering but is not the notes': nothing to report
    ("an enumeration of grades", "居家养老", "三是获得区级一、二、三等奖各1个"),
    ("a word ending in a numeral", "居家养老", "推动助老服务统一、规范管理"),
    ("months joined by 、", "文体活动", "1、2月份开展迎春联欢"),
    ("a list the draft wrote itself", "健康服务", "主要做法有：（1）建立健康档案；（2）定期上门回访"),
    ("a decimal", "健康服务", "满意度评分4.5分"),
    ("a run-in label in the closing", "不足", "存在的主要问题：一是队伍不稳"),
    ("问题导向 in a plan", "下一步", "坚持问题导向，补齐服务短板"),
    ("a total of the year", "居家养老", "全年工作取得新进展，为明年打下基础"),
]


@pytest.mark.parametrize("name,where,sentence", SOUND, ids=[s[0] for s in SOUND])
def test_sound_chinese_raises_no_alarm(notes, good, name, where, sentence):
    start, end = _section(good, where)
    body = good[start:end].rstrip("\n")
    draft = good[:start] + body + sentence + "。\n\n" + good[end:]
    assert find_structure_problems(draft, notes) == []


def test_an_unheaded_closing_paragraph_and_a_gap_in_a_work_heading_are_sound(notes, good):
    cut = good[: good.index("## 四、")]
    cut = cut.replace("做好健康服务", "补齐健康服务短板") if "做好健康服务" in cut else cut
    closing = "一年来，我们虽然取得一些成绩，但助老志愿者流动性较大，服务连续性不够，部分老旧楼栋缺少适老化扶手。今后，我们将推动4个楼栋加装适老化扶手，招募培训助老志愿者不少于50名。\n"
    draft = cut + "社区还将继续努力。\n\n" + closing
    assert find_structure_problems(draft, notes) == []


PASTED = """桂花苑社区2024年养老服务工作总结
一、居家养老服务
1. 老年大学开设课程12门，学员300余人
2. 助餐点全年服务老人3000人次
二、文体活动
一是举办重阳节敬老活动2场
三、存在的问题
1. 志愿者队伍不够稳定
四、下一步打算
1. 新建助餐点2个
"""


def test_the_draft_of_misread_pasted_word_text_does_not_pass():
    """The issue's case: Word text read line by line gave 二是一、居家养老服务 and a title as a fact, and passed."""
    notes = parse_notes(PASTED, path="plain.txt")
    draft = offline_draft(notes)
    found = {(p.problem, p.text) for p in find_structure_problems(draft, notes)}
    if not any(s.title for s in notes.sections):  # read as flat lines (before the plain-text reader)
        assert ("heading_as_fact", "桂花苑社区2024年养老服务工作总结") in found
        assert any(problem == "numbering" and "一、居家养老服务" in text for problem, text in found)
        assert not check_text(draft, notes).ok
    else:  # understood: the headings are sections, and the draft is sound
        assert found == set()


def test_check_json_lists_structure_and_exits_1(tmp_path, notes, good):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "good.md").write_text(good, encoding="utf-8")
    (tmp_path / "bad.md").write_text(good.replace("二是开设长者食堂", "二是一、开设长者食堂"), encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["check", str(tmp_path / "good.md"), "--facts", str(tmp_path / "notes.md"), "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["structure"] == []
    bad = runner.invoke(app, ["check", str(tmp_path / "bad.md"), "--facts", str(tmp_path / "notes.md"), "--json"])
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    assert data["ok"] is False
    assert [(p["problem"], p["line"]) for p in data["structure"]] == [
        ("numbering", good.split("\n").index(next(ln for ln in good.split("\n") if "二是开设长者食堂" in ln)) + 1)
    ]
    assert {"problem", "line", "text"} <= set(data["structure"][0])
    plain = runner.invoke(app, ["check", str(tmp_path / "bad.md"), "--facts", str(tmp_path / "notes.md")])
    assert plain.exit_code == 1
    assert "structure: line" in plain.stdout and "二是一、开设长者食堂" in plain.stdout
    assert "1 structure problem" in plain.stdout


def test_eval_counts_structure_problems(tmp_path, notes, good, monkeypatch):
    monkeypatch.setenv("DRAFTER_CORPUS", str(tmp_path / "no-corpus"))
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "bad.md").write_text(_move(good, "一是推动4个楼栋加装适老化扶手；", "居家养老"), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--pair", str(tmp_path / "bad.md"), str(tmp_path / "notes.md"), "--no-style", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout[result.stdout.index("{") :])
    draft = data["drafts"][0]
    assert [p["problem"] for p in draft["structure_problems"]] == ["closing_in_work"]
    assert any("a shortcoming or next step among the achievements" in p for p in draft["problems"])
    assert data["summary"]["structure_problems"] == 1
    table = CliRunner().invoke(app, ["eval", "--pair", str(tmp_path / "bad.md"), str(tmp_path / "notes.md"), "--no-style"])
    assert "1 structure problems" in table.stdout and "str.pr." in table.stdout
