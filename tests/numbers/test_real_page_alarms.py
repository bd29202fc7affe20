"""False alarms found on real pages must pass; errors of the classes missed before must be caught."""

from __future__ import annotations

import pytest

from drafter.notes import parse_notes
from drafter.numbers import check_text


def _check(notes: str, draft: str):
    return check_text(draft, parse_notes(notes + "\n", path="notes.md"))


@pytest.mark.parametrize(
    "notes, draft",
    [
        ("- 为实现第二个百年奋斗目标贡献力量\n- 组织学习12次", "为实现第二个百年奋斗目标贡献力量，组织学习12次。"),
        ("- 推进两个文明建设，组织学习12次", "推进两个文明建设，组织学习12次。"),
        ("- 深入学习党的十七大、十七届三、四中全会精神", "深入学习党的十七大、十七届三、四中全会精神。"),
        ("- 加快两大升级，实现三大转变", "加快两大升级,实现三大转变。"),
        ("- 学习贯彻第十八届中央委员会第六次全体会议精神", "学习贯彻十八届六中全会精神。"),
        ("- 学习贯彻十八届六中全会精神", "学习贯彻第十八届中央委员会第六次全体会议精神。"),
        ("- 全年安全事故0起", "全年安全事故零发生。"),
        ("- 全年安全事故零发生", "全年安全事故0起。"),
        ("- 党员中青年党员占1/3", "党员中青年党员占三分之一。"),
        ("- 化解矛盾纠纷40余件", "化解矛盾纠纷四十余起。"),
        ("---\nperiod: 2022年上半年\n---\n- 组织学习12次", "今年上半年，社区组织学习12次。"),
        ("- 2022年上半年组织学习12次", "今年上半年组织学习12次。"),
        ("- 2008年成立志愿服务队", "08年成立志愿服务队。"),
        ("- 参与居民十几名", "参与居民10几名。"),
        ("- 实施125工程", "实施125工程。"),
    ],
    ids=["second-centenary", "two-civilisations", "shared-plenum", "punctuation-width", "plenum-short", "plenum-long",
         "zero-events", "zero-events-back", "fraction", "jian-qi", "this-year-front-matter", "this-year-fact",
         "two-digit-year", "10ji", "numbered-project"],  # fmt: skip
)
def test_real_page_false_alarms_pass(notes, draft):
    report = _check(notes, draft)
    assert report.ok, report.to_json()


@pytest.mark.parametrize(
    "notes, draft, reason",
    [
        ("- 上半年组织学习12次", "下半年组织学习12次。", "period differs: 上半年→下半年"),
        ("- 去年组织学习12次", "今年组织学习12次。", "period differs: 去年→今年"),
        ("- 每月开展学习2次", "每周开展学习2次。", "frequency differs: 每月→每周"),
        ("- 每年开展一次评比", "每月开展一次评比。", "frequency differs: 每年→每月"),
        ("- 每月至少开展两次集中学习", "每月开展两次集中学习。", "qualifier differs: 至少 dropped"),
        ("- 清运垃圾80吨", "清运垃圾80车。", "unit differs"),
        ("- 全年开展宣讲不少于24场", "全年开展宣讲24场。", "qualifier differs"),
    ],
    ids=["half", "relative-year", "frequency", "frequency-weak", "at-least", "unit-outside-list", "not-less-than"],
)
def test_missed_classes_are_caught(notes, draft, reason):
    report = _check(notes, draft)
    assert not report.ok
    assert any(u.reason.startswith(reason) for u in report.unsupported), [u.reason for u in report.unsupported]


def test_a_vague_word_for_a_count_is_caught():
    report = _check("- 建成七大系统", "建成多个系统。")
    assert [m.quantity for m in report.missing] == ["七大"]


def test_the_same_time_words_pass():
    assert _check("- 上半年组织学习12次，下半年组织学习8次", "上半年组织学习12次，下半年组织学习8次。").ok
    assert _check("- 每月至少开展两次集中学习", "坚持每月至少开展两次集中学习。").ok
    # a comparison with last year is no period of the number
    assert _check("- 今年接待群众来访120人次", "今年接待群众来访120人次，较去年有所增加。").ok
