"""The same notes drafted to .md and .docx (and .txt) in one folder: each output keeps its own sidecar,
and check / rewrite find the right one, for new sidecars and for old ones that name no draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

runner = CliRunner()
NOTES = """---
community: 松林社区
period: 2024年上半年
kind: 工作总结
---
## 文明创建
- 组织文明劝导志愿活动14场
- 评选“最美家庭”9户
## 环境整治
- 清理楼道堆物210处
## 下一步打算
- 推进垃圾分类入户宣传
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_STATE_DIR", str(tmp_path / ".drafter"))
    (tmp_path / "材料.md").write_text(NOTES, encoding="utf-8")
    return tmp_path


def _draft(out: str, *extra: str):
    result = runner.invoke(app, ["draft", "材料.md", "-o", out, "--no-examples", *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def _sidecar(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_md_then_docx_then_txt_in_one_folder(folder):
    _draft("总结.md")
    _draft("总结.docx")
    _draft("总结.txt")
    assert _sidecar(folder / "总结.json")["format"] == "md"
    assert _sidecar(folder / "总结.docx.json")["format"] == "docx"
    assert _sidecar(folder / "总结.txt.json")["format"] == "txt"
    for name in ("总结.md", "总结.docx", "总结.txt"):  # each checked through its own sidecar, no --facts
        assert runner.invoke(app, ["check", name]).exit_code == 0, name
    _draft("总结.docx", "--force")  # drafting again over one output replaces its own sidecar only
    assert _sidecar(folder / "总结.json")["format"] == "md"
    assert not (folder / "总结.docx.docx.json").exists()


def test_docx_first_then_md(folder):
    _draft("总结.docx")
    _draft("总结.md")
    assert _sidecar(folder / "总结.json")["format"] == "docx"
    assert _sidecar(folder / "总结.md.json")["format"] == "md"
    result = runner.invoke(app, ["rewrite", "总结.md", "--section", "1"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert _sidecar(folder / "总结.md.json").get("rewrites"), "the rewrite is recorded in the md's own sidecar"
    assert "rewrites" not in _sidecar(folder / "总结.json")


def test_an_old_sidecar_without_a_draft_name_is_still_found(folder):
    _draft("总结.docx")
    side = _sidecar(folder / "总结.json")
    side.pop("format")  # as drafter wrote it before
    (folder / "总结.json").write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(app, ["check", "总结.docx"]).exit_code == 0
    _draft("总结.md")  # the old sidecar is the docx's: the md gets its own
    assert _sidecar(folder / "总结.md.json")["format"] == "md" and "format" not in _sidecar(folder / "总结.json")
