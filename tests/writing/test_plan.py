"""Planning and the offline writer's composition, without the index or the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.document import parse_markdown_sections, render_markdown
from drafter.notes.parse import load_notes, parse_notes
from drafter.writing.draft import write_offline
from drafter.writing.plan import genre_heading, plan_draft, section_number

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("n,expected", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_section_number(n, expected):
    assert section_number(n) == expected


@pytest.mark.parametrize(
    "title,topic,expected",
    [
        ("理论学习", "理论学习", "强化理论学习，筑牢思想根基"),
        ("志愿服务", "志愿服务", "深化志愿服务，凝聚为民合力"),
        ("组织建设", "党建引领", "加强组织建设，夯实战斗堡垒"),
        ("加强阵地建设", "文化活动", "加强阵地建设"),  # already in the genre's form: kept
        ("抓实理论武装，筑牢思想根基", "理论学习", "抓实理论武装，筑牢思想根基"),
        ("一、环境整治", "环境整治", "狠抓环境整治，美化人居环境"),
        ("", "其他", "统筹推进其他工作，提升工作实效"),
    ],
)
def test_genre_heading(title, topic, expected):
    assert genre_heading(title, topic) == expected


def test_sections_follow_the_notes_headings_in_order():
    plan = plan_draft(load_notes(EXAMPLES / "yingbinlu-2023-xuanchuan.md"))
    assert [s.title for s in plan.body] == ["理论学习", "宣传报道", "志愿服务", "文化活动"]
    assert [s.closing for s in plan.closing] == ["shortcomings", "plans"]
    assert [s.numbered_heading for s in plan.sections][:2] == ["一、强化理论学习，筑牢思想根基", "二、加强宣传报道，凝聚奋进力量"]
    assert plan.title == "迎宾路社区2023年宣传思想文化工作总结"


def test_flat_notes_are_grouped_by_topic():
    plan = plan_draft(load_notes(EXAMPLES / "xinhe-2024-annual-flat.md"))
    grouping = [(s.heading, [f.id for f in s.facts]) for s in plan.sections]
    assert grouping == [
        ("夯实组织基础，激发队伍活力", ["f1"]),
        ("深化平安建设，守护居民安宁", ["f2", "f3", "f4"]),  # 反诈宣传, 矛盾调解 and 治安巡逻 together
        ("做优养老服务，增进老人福祉", ["f5", "f6", "f7"]),  # 低保 and 就业 join the 老人 facts: one fact alone is no section
        ("壮大志愿队伍，凝聚为民合力", ["f8", "f9"]),
        ("存在的不足", ["f10"]),
        ("下一步工作打算", ["f11"]),
    ]


def test_repeated_topics_get_different_headings_and_leads():
    notes = parse_notes("## 组织建设\n- 发展党员3名\n## 党员教育\n- 开展党课4次\n", path="n.md")
    draft = write_offline(plan_draft(notes))
    first, second = draft.sections[0], draft.sections[1]
    assert first.heading.split("，")[1] != second.heading.split("，")[1]
    assert first.body[:10] != second.body[:10]


def test_offline_draft_holds_every_fact_verbatim_and_the_genre_parts():
    notes = load_notes(EXAMPLES / "chaoyang-2024-wenming-half.md")
    md = render_markdown(write_offline(plan_draft(notes)))
    assert md.startswith("# 朝阳社区2024年上半年文明创建工作总结\n")
    assert "现将有关情况总结如下" in md
    for fact in notes.facts:
        assert fact.text.rstrip("。") in md
    assert "一是" in md and "二是" in md
    headings = [s.heading for s in parse_markdown_sections(md)]
    assert headings[-2:] == ["五、存在的不足", "六、下一步工作打算"]


def test_no_closing_facts_gives_a_generic_closing_without_numbers():
    notes = parse_notes("---\ncommunity: 东风社区\nperiod: 2024年\nkind: 工作总结\n---\n## 志愿服务\n- 开展活动12场\n", path="n.md")
    draft = write_offline(plan_draft(notes))
    closing = draft.sections[-1]
    assert closing.heading == "二、存在的不足和下一步打算"
    assert not any(ch.isdigit() for ch in closing.body)


def test_village_notes_speak_of_the_village():
    notes = load_notes(EXAMPLES / "hongxing-2024-dangjian.yaml")
    md = render_markdown(write_offline(plan_draft(notes)))
    assert "社区" not in md and "居民" not in md
