"""The notes format: front matter, sections, bullets, ids, YAML, encodings and bad notes."""

from __future__ import annotations

import pytest

from drafter.errors import InputError
from drafter.notes.parse import closing_kind, load_notes, parse_notes

NOTES = """---
community: 迎宾路社区
period: 2023年
kind: 宣传思想文化工作总结
redact: [张三]
---
# 草稿
## 理论学习
- 社区中心组每月至少开展两次集中学习
- 全年安排学习课程20节 [k1]
  其中自学课程5节
* 组建宣讲团1个
## 下一步打算
1. 加强信息报送
"""


def test_markdown_notes_parse_into_sections_facts_and_ids():
    notes = parse_notes(NOTES, path="n.md")
    assert (notes.community, notes.period, notes.kind, notes.year) == ("迎宾路社区", "2023年", "宣传思想文化工作总结", 2023)
    assert notes.redact == ["张三"]
    assert [s.title for s in notes.sections] == ["理论学习", "下一步打算"]
    assert [(f.id, f.text) for f in notes.facts] == [
        ("f1", "社区中心组每月至少开展两次集中学习"),
        ("k1", "全年安排学习课程20节其中自学课程5节"),
        ("f2", "组建宣讲团1个"),
        ("f3", "加强信息报送"),
    ]
    assert notes.sections[1].closing == "plans" and notes.sections[0].closing is None
    assert notes.facts[0].line == 9


def test_yaml_notes():
    text = "community: 红星村\nperiod: 2024年\nsections:\n  - title: 组织建设\n    facts: [发展党员3名, 召开党员大会12次]\n  - title: 存在的问题\n    facts: [后备干部不足]\n"
    notes = parse_notes(text, path="n.yaml", yaml_file=True)
    assert [f.id for f in notes.facts] == ["f1", "f2", "f3"]
    assert notes.sections[1].closing == "shortcomings"


@pytest.mark.parametrize(
    "heading,kind",
    [("存在的不足", "shortcomings"), ("问题与短板", "shortcomings"), ("下一步打算", "plans"), ("2025年工作计划", "plans"), ("志愿服务", None), ("理论学习", None)],
)
def test_closing_headings(heading, kind):
    assert closing_kind(heading) == kind


def test_flat_notes_have_one_untitled_section():
    notes = parse_notes("- 开展活动12场\n- 慰问困难户8户\n", path="n.md")
    assert notes.is_flat and len(notes.facts) == 2


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("## 理论学习\n## 宣传\n", "no bullet facts"),
        ("只有一段话，没有要点。\n", "no bullet facts"),
        ("---\ncommunity: [未闭合\n---\n- 事实1\n", "invalid YAML"),
        ("---\ncommunity: 社区\n- 事实1\n", "never ends"),
        ("---\n- a\n- b\n---\n- 事实1\n", "front matter"),
        ("---\ncommunity: {a: 1}\n---\n- 事实1\n", "must be text"),
        ("- 事实 [a1]\n- 另一个事实 [a1]\n", "used twice"),
    ],
)
def test_bad_notes_raise_input_error(text, message):
    with pytest.raises(InputError, match=message):
        parse_notes(text, path="n.md")


def test_yaml_alias_bomb_is_refused_fast():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nsections: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
    with pytest.raises(InputError, match="aliases"):
        parse_notes(bomb, path="n.yaml", yaml_file=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"])
def test_notes_in_every_encoding(tmp_path, encoding):
    path = tmp_path / "n.md"
    path.write_bytes(NOTES.encode(encoding))
    notes = load_notes(path)
    assert notes.community == "迎宾路社区" and len(notes.facts) == 4


def test_directory_and_binary_are_refused(tmp_path):
    with pytest.raises(InputError, match="directory"):
        load_notes(tmp_path)
    binary = tmp_path / "x.md"
    binary.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        load_notes(binary)


def test_decimal_at_line_start_is_not_a_list_marker():
    notes = parse_notes("## 环境\n- 清理垃圾50吨\n12.5%的居民参与垃圾分类\n1. 开展活动3次\n", path="n.md")
    assert [f.text for f in notes.facts] == ["清理垃圾50吨", "12.5%的居民参与垃圾分类", "开展活动3次"]


@pytest.mark.parametrize("heading", ["计划生育", "解决群众急难愁盼问题", "目标管理考核"])
def test_work_headings_that_mention_plans_or_problems_stay_in_the_body(heading):
    assert closing_kind(heading) is None


def test_deep_yaml_and_bad_bytes_after_a_bom_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="nested too deeply"):
        parse_notes("---\nx: " + "[" * 5000 + "\n---\n- 事实3个\n", path="n.md")
    bad = tmp_path / "bom.md"
    bad.write_bytes(b"\xef\xbb\xbf" + "- 事实".encode() + b"\xff\xfe300\n")
    with pytest.raises(InputError, match="invalid bytes"):
        load_notes(bad)


def test_utf16_without_bom_starting_with_chinese(tmp_path):
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.md"
        path.write_bytes("党建工作\n- 党员 120 名\n- 发展党员 3 名\n".encode(encoding))
        assert [f.text for f in load_notes(path).facts][-1] == "发展党员 3 名"
