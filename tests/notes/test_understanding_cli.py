"""`drafter notes FILE --json` prints how text notes were understood; `drafter notes notes.txt` and
`drafter outline` show the same for a person; a line with a number that is left out warns on stderr
and in the draft's summary."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import app

runner = CliRunner()

PASTED = """石桥社区2024年关爱未成年人工作总结
各位领导：
一、主要工作
（一）课后托管
1. 开设“四点半课堂”96期，服务学生2300人次。
2. 招募大学生志愿者18名。
二、存在的不足
1. 托管场地仅有80平方米。
三、下一步打算
1. 新增托管教室1间。
以上，请审阅。
石桥社区居委会
2024年12月26日
"""


def _write(tmp_path, text=PASTED, name="notes.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_notes_json_prints_sections_facts_lines_and_ignored_lines(tmp_path):
    result = runner.invoke(app, ["notes", str(_write(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    u = json.loads(result.stdout)
    assert (u["title"], u["community"], u["period"]) == ("石桥社区2024年关爱未成年人工作总结", "石桥社区", "2024年")
    assert [(s["title"], s["kind"]) for s in u["sections"]] == [("课后托管", "work"), ("存在的不足", "shortcomings"), ("下一步打算", "next")]
    assert u["sections"][0]["facts"][0] == {"id": "f1", "text": "开设“四点半课堂”96期，服务学生2300人次。", "line": 5}
    assert [(i["line"], i["reason"]) for i in u["ignored"]] == [(2, "问候语"), (11, "结束语"), (12, "落款单位"), (13, "落款日期")]
    # the date under the text holds a number: it is left out, but never silently
    assert "line 13 「2024年12月26日」 has a number" in result.stderr


def test_notes_on_a_text_file_prints_the_understanding_readably(tmp_path):
    result = runner.invoke(app, ["notes", str(_write(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "[不足] 存在的不足" in result.stdout and "f3 (line 8) 托管场地仅有80平方米。" in result.stdout
    assert "line 11: 以上，请审阅。  (结束语)" in result.stdout


def test_outline_shows_the_understanding_after_the_plan(tmp_path):
    result = runner.invoke(app, ["outline", str(_write(tmp_path)), "--no-examples"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 石桥社区2024年关爱未成年人工作总结")
    assert "材料是这样理解的" in result.stdout and "[下一步] 下一步打算" in result.stdout
    assert "line 13" in result.stderr


def test_draft_of_pasted_text_passes_and_warns_about_the_left_out_date(tmp_path):
    out = tmp_path / "draft.md"
    result = runner.invoke(app, ["draft", str(_write(tmp_path)), "-o", str(out), "--no-examples", "-q"])
    assert result.exit_code == 0, result.output
    assert "line 13 「2024年12月26日」 has a number" in result.stderr
    draft = out.read_text(encoding="utf-8")
    assert "## 二、存在的不足" in draft and "80平方米" in draft.split("## 二、存在的不足")[1]
    assert "一、主要工作" not in draft and "以上，请审阅" not in draft


def test_notes_json_on_yaml_and_markdown(tmp_path):
    md = _write(tmp_path, "## 志愿服务\n- 服务时长4800小时\n", "n.md")
    result = runner.invoke(app, ["notes", str(md), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["sections"][0]["facts"][0]["text"] == "服务时长4800小时"
    yml = _write(tmp_path, "community: 南山社区\nsections:\n  - title: 下一步打算\n    facts: [新建驿站1处]\n", "n.yaml")
    u = json.loads(runner.invoke(app, ["notes", str(yml), "--json"]).stdout)
    assert u["community"] == "南山社区" and u["sections"][0]["kind"] == "next"


def test_notes_json_on_text_without_facts_is_one_line_exit_2(tmp_path):
    result = runner.invoke(app, ["notes", str(_write(tmp_path, "各位领导好：\n以上，请审阅。\n")), "--json"])
    assert result.exit_code == 2 and "no bullet facts" in result.stderr and "Traceback" not in result.stderr
