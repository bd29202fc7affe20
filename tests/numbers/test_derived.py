"""Computed figures (drafter.numbers.derived): a right total, rate or difference passes as derived with its
arithmetic; a wrong one fails with the right value; a subset that happens to add up is no total."""

from __future__ import annotations

import pytest

from drafter.notes.parse import parse_notes
from drafter.numbers.check import check_text

NOTES = """---
community: 枫林湾社区
period: 2025年
kind: 为老服务工作总结
---
## 助餐服务
- 长者食堂全年供餐18600份
- 为高龄老人送餐上门4200份
## 健康服务
- 开展健康体检6次
- 举办防诈骗讲座11次
- 组织康复训练营5次
- 签约家庭医生的老人有96人，辖区65岁以上老人共120人
## 志愿服务
- 助老志愿者今年发展到150人，去年为125人
"""

OPENING = "2025年，枫林湾社区全年共开展健康服务活动22次，签约家庭医生的老人96人。\n\n"
BODY = """## 一、助餐服务
长者食堂全年供餐18600份，为高龄老人送餐上门4200份。

## 二、健康服务
开展健康体检6次，举办防诈骗讲座11次，组织康复训练营5次。辖区65岁以上老人120人中，签约家庭医生的有96人，签约率达80%。

## 三、志愿服务
助老志愿者发展到150人，比去年增加25人，同比增长20%。
"""


@pytest.fixture
def notes():
    return parse_notes(NOTES)


def test_right_figures_pass_as_derived_with_their_arithmetic(notes):
    report = check_text(OPENING + BODY, notes)
    assert report.ok, report.summary()
    arithmetic = {d.quantity: d.arithmetic for d in report.derived}
    assert arithmetic == {"22次": "6+11+5=22次", "80%": "96/120=80%", "25人": "150-125=25人", "20%": "(150-125)/125=20%"}
    assert {m.quantity: m.status for m in report.quantities}["22次"] == "derived"
    data = report.to_json()
    assert data["derived"][0]["parts"] == [{"quantity": "6次", "fact_id": "f3"}, {"quantity": "11次", "fact_id": "f4"}, {"quantity": "5次", "fact_id": "f5"}]
    assert "由笔记中的数字算出：6+11+5=22次" in next(m.explain for m in report.quantities if m.quantity == "22次")


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("共开展健康服务活动22次", "共开展健康服务活动24次", "6+11+5=22次, not 24次 (应为22次)"),
        ("签约率达80%", "签约率达85%", "96/120=80%, not 85% (应为80%)"),
    ],
)
def test_a_wrong_figure_fails_with_the_right_value(notes, old, new, reason):
    report = check_text((OPENING + BODY).replace(old, new), notes)
    assert not report.ok
    (bad,) = [u for u in report.unsupported if u.quantity in new]
    assert reason in bad.reason


def test_rate_precision_as_written(notes):
    for written in ("80.0%", "约80%", "八成"):
        report = check_text((OPENING + BODY).replace("80%", written), notes)
        assert report.ok, (written, report.summary())
    report = check_text((OPENING + BODY).replace("80%", "80.5%"), notes)
    assert not report.ok


def test_a_subset_that_adds_up_is_no_total(notes):
    # 6 + 5 = 11, but the sentence names no parts and 11 is no sum of a section: a changed figure
    draft = (OPENING + BODY).replace("举办防诈骗讲座11次", "举办防诈骗讲座共计17次")
    report = check_text(draft, notes)
    assert not report.ok and "17次" not in {d.quantity for d in report.derived}


def test_a_total_without_a_total_word_is_unsupported(notes):
    report = check_text((OPENING + BODY).replace("全年共开展健康服务活动22次", "开展健康服务活动22次"), notes)
    assert not report.ok


def test_an_average_is_derived():
    notes = parse_notes("## 助学\n- 为32名困难学生发放助学金48000元\n")
    report = check_text("为32名困难学生发放助学金48000元，人均1500元。\n", notes)
    assert report.ok and report.derived[0].arithmetic == "48000/32≈1500元"
    assert not check_text("为32名困难学生发放助学金48000元，人均1600元。\n", notes).ok


def test_doubling_is_derived_from_last_years_figure():
    notes = parse_notes("## 志愿服务\n- 去年注册志愿者120人\n")
    report = check_text("注册志愿者比去年翻了一番，达到240人。\n", notes)
    assert report.ok and report.derived[0].arithmetic == "120×2=240人"
    assert not check_text("注册志愿者比去年翻了一番，达到260人。\n", notes).ok
