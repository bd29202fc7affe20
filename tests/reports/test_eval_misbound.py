"""`drafter eval` counts misbound numbers: a measure with a threshold (default 0), in the JSON and the problems."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from drafter.cli import app

NOTES = "- 阿娄社区党支部现有党员41名，其中支委成员5名\n- 东区举办广场舞比赛12场，西区举办8场\n"
DRAFT = "# 阿娄社区工作总结\n\n现将有关情况总结如下：\n\n## 一、组织建设\n\n阿娄社区党支部现有党员5名，其中支委成员41名。东区举办广场舞比赛12场，西区举办8场。\n"


def test_eval_counts_misbound(tmp_path):
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "drafter.toml").write_text("[eval]\nstructure = false\nmax_copying = 1000\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--pair", str(tmp_path / "draft.md"), str(tmp_path / "notes.md"), "--json", "--no-style"])
    data = json.loads(result.output)
    d = data["drafts"][0]
    assert d["misbound"] == 2 and d["unsupported"] == 0
    assert [m["quantity"] for m in d["details"]["misbound"]] == ["5名", "41名"]
    assert any(p.startswith("2 misbound: 第7行 “党员5名”") for p in d["problems"])
    assert d["pass"] is False and data["summary"]["misbound"] == 2
    assert data["summary"]["thresholds"]["max_misbound"] == 0
    statuses = [q["status"] for q in d["details"]["quantities"]]
    assert statuses == ["misbound", "misbound", "ok", "ok"]
