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


def test_the_html_report_counts_misbound_as_a_column_and_a_card(tmp_path):
    import re

    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "drafter.toml").write_text("[eval]\nstructure = false\nmax_copying = 1000\n", encoding="utf-8")
    out = tmp_path / "report.html"
    CliRunner().invoke(app, ["eval", "--pair", str(tmp_path / "draft.md"), str(tmp_path / "notes.md"), "--html", str(out), "--no-style"])
    page = out.read_text("utf-8")
    assert re.search(r'<div class="card"><b>2</b><span>错位数字</span></div>', page)
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", page).group(1)
    cells = re.findall(r"<th[^>]*>(.*?)</th>", head)
    row = re.search(r'<tr><td>1</td>(.*?)</tr>', page, re.S).group(1)
    values = re.findall(r"<td[^>]*>(.*?)</td>", "<td>1</td>" + row)
    assert values[cells.index("错位")] == "2" and 'class="bad">2<' in row
