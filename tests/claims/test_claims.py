"""Named claims (drafter.claims) proven both ways through the check a user runs: `drafter check --json`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.claims import find_claims
from drafter.notes import parse_notes
from drafter.numbers import check_text

NOTES = """---
community: 石榴园社区
period: 2024年
kind: 社区治理工作总结
---
## 平安建设
- 组建“石榴红”巡逻队，队员26人
- 配合区司法局开展普法讲座5场
- 协助市委政法委员会开展满意度调查
## 荣誉与宣传
- 社区被评为区级“平安示范社区”
- 工作经验被区融媒体中心报道2次
- 开通“石榴园之家”微信公众号
"""

FAITHFUL = """# 石榴园社区2024年社区治理工作总结

2024年，社区以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神，做到“两个维护”。现总结如下：

## 一、平安建设

组建"石榴红"巡逻队，队员26人；配合区司法局开展普法讲座5场；协助市委政法委开展满意度调查。

## 二、荣誉与宣传

社区荣获区级“平安示范社区”称号。工作经验被区融媒体中心报道2次，开通“石榴园之家”微信公众号。
"""


def _check(draft: str):
    return check_text(draft, parse_notes(NOTES, path="notes.md"))


def _claims(report) -> list[tuple[str, str]]:
    return [(u.kind, u.quantity) for u in report.unsupported if u.kind != "quantity"]


def test_a_faithful_draft_with_stock_lines_and_other_spellings_passes():
    report = _check(FAITHFUL)
    assert report.ok, (report.unsupported, report.missing)
    kinds = {c.kind for c in report.claims}
    assert kinds == {"honour", "body", "medium", "name"}
    assert all(c.status == "ok" and c.fact_id for c in report.claims)


@pytest.mark.parametrize(
    ("old", "new", "kind", "said"),
    [
        ("区级“平安示范社区”", "市级“平安示范社区”", "honour", "级别与笔记不符：笔记为区（县）级，草稿为市级"),
        ("开通“石榴园之家”微信公众号。", "开通“石榴园之家”微信公众号。社区还被评为省级“无讼社区”。", "honour", "笔记中没有这个荣誉"),
        ("配合区司法局", "配合区民政局", "body", "笔记中没有这个单位"),
        ("协助市委政法委", "协助区委政法委", "body", "级别与笔记不符"),
        ("被区融媒体中心报道", "被市电视台报道", "medium", "笔记中没有这个媒体"),
        ('"石榴红"巡逻队', "“红马甲”巡逻队", "name", "笔记中没有这个名称"),
    ],
)
def test_a_changed_claim_is_unsupported_with_its_kind_and_why(old, new, kind, said):
    assert old in FAITHFUL
    report = _check(FAITHFUL.replace(old, new, 1))
    assert not report.ok
    found = [u for u in report.unsupported if u.kind == kind]
    assert found and said in found[0].reason
    assert found[0].nearest_fact and found[0].nearest_fact["id"].startswith("f")
    assert any(c.status == "unsupported" for c in report.claims)


def test_a_dropped_notes_honour_is_missing():
    report = _check(FAITHFUL.replace("社区荣获区级“平安示范社区”称号。", ""))
    assert [(m.kind, m.fact_id) for m in report.missing] == [("honour", "f4")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("协助市委政法委", "协助市委政法委员会"),
        ('"石榴红"巡逻队', "石榴红巡逻队"),
        ("区融媒体中心", "《区融媒体中心》"),
        ("“石榴园之家”微信公众号", "「石榴园之家」微信公众号"),
    ],
)
def test_equivalent_forms_pass(old, new):
    report = _check(FAITHFUL.replace(old, new, 1))
    assert report.ok, _claims(report)


def test_stock_lines_are_no_claims_and_drafter_toml_adds_more(tmp_path: Path):
    assert not find_claims("深入学习“两个确立”，增强“四个意识”，开展“我为群众办实事”活动")
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "draft.md").write_text(FAITHFUL.replace("社区荣获", "社区被评为全国“最美志愿服务社区”，荣获"), encoding="utf-8")
    exe = Path(sys.executable).parent / "drafter"
    out = subprocess.run([str(exe), "check", "draft.md", "--facts", "notes.md", "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert [(u["kind"], u["quantity"]) for u in data["unsupported"]] == [("honour", "全国“最美志愿服务社区”")]
    assert any(c["kind"] == "honour" and c["status"] == "unsupported" for c in data["claims"])
    (tmp_path / "drafter.toml").write_text('stock_lines = ["全国“最美志愿服务社区”"]\n', encoding="utf-8")
    out = subprocess.run([str(exe), "check", "draft.md", "--facts", "notes.md"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stdout


def test_the_plain_report_says_a_claim_in_chinese(tmp_path: Path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "draft.md").write_text(FAITHFUL.replace("配合区司法局", "配合区民政局"), encoding="utf-8")
    exe = Path(sys.executable).parent / "drafter"
    out = subprocess.run([str(exe), "check", "draft.md", "--facts", "notes.md"], capture_output=True, text=True, cwd=tmp_path,
                         env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert out.returncode == 1
    assert "单位：区民政局" in out.stdout and "笔记中没有这个单位" in out.stdout and "区司法局" in out.stdout


def test_drafter_eval_counts_unsupported_claims_and_claims_recall(tmp_path: Path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "good.md").write_text(FAITHFUL, encoding="utf-8")
    (tmp_path / "bad.md").write_text(FAITHFUL.replace("社区荣获区级“平安示范社区”称号。", "").replace("配合区司法局", "配合区民政局"), encoding="utf-8")
    exe = Path(sys.executable).parent / "drafter"
    out = subprocess.run([str(exe), "eval", "--pair", "good.md", "notes.md", "--pair", "bad.md", "notes.md", "--json", "--no-style"],
                         capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    data = json.loads(out.stdout)
    good, bad = data["drafts"]
    assert (good["unsupported_claims"], good["claims_recall"]) == (0, 1.0)
    assert (bad["unsupported_claims"], bad["claims_recall"]) == (1, 0.0)
    assert data["summary"]["unsupported_claims"] == 1


def test_the_page_and_the_report_mark_each_claim_with_its_fact():
    from drafter.reports import TEMPLATES_DIR, draft_view, template_environment

    draft = FAITHFUL.replace("配合区司法局", "配合区民政局")
    notes = parse_notes(NOTES, path="notes.md")
    view = draft_view(draft, check_text(draft, notes), notes)
    macros = template_environment(TEMPLATES_DIR).get_template("draft.html.j2").module
    html = "".join(str(macros.piece(p)) for s in view.sections for b in s.paragraphs for p in b.pieces)
    assert 'data-testid="claim" data-status="unsupported" data-fact="" title="单位无据：笔记中没有这个单位：区民政局"' in html
    assert 'data-testid="claim" data-status="ok" data-fact="f4"' in html  # 区级“平安示范社区”
    assert view.status_text == "未通过：1个数字无据，其中1处荣誉、单位、媒体或名称与笔记不符"


def test_the_word_review_copy_comments_on_each_claim(tmp_path: Path):
    import docx

    from drafter.document import draft_from_markdown, render_markdown
    from drafter.reports import write_outputs

    draft = draft_from_markdown(FAITHFUL.replace("配合区司法局", "配合区民政局"), model="offline")
    report = check_text(render_markdown(draft), parse_notes(NOTES, path="notes.md"))
    write_outputs(draft, tmp_path / "r.docx", "docx", {"check": report.to_json()}, force=True, comments=True)
    texts = [c.text for c in docx.Document(str(tmp_path / "r.docx")).comments]
    assert "笔记中没有这个单位：区民政局" in texts
    assert any(t.startswith("f4：社区被评为区级“平安示范社区”") for t in texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("社区被评为“无疫小区”", [("honour", "“无疫小区”", "")]),
        ("荣获市“二无一提高”活动先进单位", [("honour", "市“二无一提高”活动先进单位", "市级")]),
        ("获得“红色管家”志愿服务队帮助", [("name", "“红色管家”", "")]),  # 获得 without a title word is no honour
        ("在微信公众号“幸福桂香”发布", [("medium", "公众号“幸福桂香”", "")]),
        ("联合区文体旅游局开展，围绕县域大局", [("body", "区文体旅游局", "区（县）级")]),
        ("认真组织部署，协调宣传部门", []),
        ("提供“家门口”服务，打通“最后一公里”", []),  # stock phrases of the genre
        ("以“以人为本、服务群众”的要求", []),  # a quoted slogan names nothing
    ],
)
def test_what_counts_as_a_claim(text, expected):
    assert [(c.kind, c.text, c.level) for c in find_claims(text)] == expected


def test_the_openings_plenum_is_a_stock_line_but_a_work_item_naming_it_is_a_claim():
    opening = FAITHFUL.replace("深入贯彻党的二十大精神", "深入贯彻党的二十大和二十届三中全会精神，打通服务“最后一米”")
    assert _check(opening).ok
    work = FAITHFUL.replace("开展普法讲座5场", "开展普法讲座5场，组织学习二十届三中全会精神")
    report = _check(work)
    assert [(u.kind, u.quantity) for u in report.unsupported] == [("name", "二十届三中全会")]
