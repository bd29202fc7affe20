"""Faithful rewordings that must pass (issue 18, part 5) and swaps between close owners that must fail (part 6)."""

from __future__ import annotations

import pytest

from drafter.notes.parse import parse_notes
from drafter.numbers.check import check_text

NOTES = """---
community: 白鹭洲社区
period: 2025年
kind: 综合工作总结
---
## 基本情况
- 辖区有户籍老人410人，其中70岁以上老人152人、90岁以上老人11人
- 有正式党员52名、预备党员4名
## 工作开展
- 每季度召开议事会不少于2次
- 网格员每月至少1次走访独居老人
- 修复古井2口、新打机井3口
- 采购防汛物资折合约1.8万元
- 推行“1+5+X”服务模式，联动“两站一中心”
"""

FAITHFUL = """# 白鹭洲社区2025年综合工作总结

## 一、基本情况
辖区有户籍老人410人，其中70岁以上老人152人、90岁以上老人11人；有正式党员52名、预备党员4名。

## 二、工作开展
每季度召开议事会2次以上，网格员每月至少一次走访独居老人。修复古井2口、新打机井3口，采购防汛物资折合约1.8万元。推行“1+5+X”服务模式，联动“两站一中心”。
"""


@pytest.fixture
def notes():
    return parse_notes(NOTES)


def test_faithful_draft_passes(notes):
    report = check_text(FAITHFUL, notes)
    assert report.ok, (report.summary(), [u.reason for u in report.unsupported], [m.quantity for m in report.missing])


@pytest.mark.parametrize("floor", ["2次以上", "2次及以上", "不少于2次", "至少2次"])
def test_a_floor_said_another_way(notes, floor):
    report = check_text(FAITHFUL.replace("2次以上", floor), notes)
    assert report.ok, (floor, [u.reason for u in report.unsupported])


def test_a_dropped_floor_is_still_caught(notes):
    assert not check_text(FAITHFUL.replace("2次以上", "2次"), notes).ok


def test_about_after_a_verb_ending_in_he_is_kept(notes):
    """折合约1.8万元: 约 is the qualifier, not part of 合约 (a contract)."""
    assert check_text(FAITHFUL, notes).ok
    assert not check_text(FAITHFUL.replace("折合约1.8万元", "折合1.8万元"), notes).ok


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("70岁以上老人152人、90岁以上老人11人", "70岁以上老人11人、90岁以上老人152人"),
        ("正式党员52名、预备党员4名", "正式党员4名、预备党员52名"),
    ],
)
def test_swaps_between_close_owners_are_caught(notes, old, new):
    report = check_text(FAITHFUL.replace(old, new), notes)
    assert not report.ok
    assert report.misbound or report.unsupported


@pytest.mark.parametrize(
    "sentence",
    ["社区着力打造15分钟便民生活圈。", "党群服务中心落实24小时值班制度。", "深入推进美丽家园三年行动。", "打通服务群众最后一公里。"],
)
def test_stock_phrases_with_a_numeral_are_no_claims(notes, sentence):
    report = check_text(FAITHFUL + sentence + "\n", notes)
    assert report.ok, [u.quantity for u in report.unsupported]


def test_a_real_duration_is_still_a_quantity(notes):
    assert not check_text(FAITHFUL + "群众诉求24小时内办结。\n", notes).ok


def test_a_count_of_named_units_matches_the_names_in_the_notes():
    notes = parse_notes("## 平安建设\n- 联合东湖村、西湖村和湖滨社区开展联防巡逻48次\n")
    assert check_text("联合“两村一社”开展联防巡逻48次。\n", notes).ok
    assert check_text("联合两村一社开展联防巡逻48次。\n", notes).ok
    assert not check_text("联合“三村一社”开展联防巡逻48次。\n", notes).ok
