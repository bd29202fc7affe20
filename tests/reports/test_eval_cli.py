"""`drafter eval` end to end: pairs, directories, sidecars, JSON shape, exit codes, HTML output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "eval" / "cases" / "01-jiulong-xuanchuan"
EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
runner = CliRunner()
DRAFT_KEYS = {"draft", "facts", "recall", "unsupported", "placeholders", "coverage", "structure", "length", "repetition", "style", "copying", "pass", "problems"}


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_STATE_DIR", str(tmp_path / ".drafter"))
    monkeypatch.setenv("DRAFTER_CORPUS", str(ROOT / "corpus"))
    return tmp_path


def _eval(*args: str):
    return runner.invoke(app, ["eval", *args])


def _offline_draft(workdir: Path) -> Path:
    out = workdir / "out.md"
    result = runner.invoke(app, ["draft", str(EXAMPLE), "-o", str(out), "--no-examples"])
    assert result.exit_code == 0, result.stdout + result.stderr
    return out


def test_offline_draft_passes_through_its_sidecar(workdir):
    out = _offline_draft(workdir)
    result = _eval(str(out), "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    d = data["drafts"][0]
    assert DRAFT_KEYS <= set(d)
    assert (d["recall"], d["unsupported"], d["placeholders"], d["pass"]) == (1.0, 0, 0, True)
    assert Path(d["facts"]).resolve() == EXAMPLE.resolve()
    assert d["style"] is None and "style is null" in result.stderr
    assert data["summary"]["drafts"] == 1 and data["summary"]["passed"] == 1


def test_changed_number_fails_with_exit_1_and_is_listed(workdir):
    out = _offline_draft(workdir)
    text = out.read_text(encoding="utf-8")
    assert "82篇" in text
    out.write_text(text.replace("82篇", "86篇"), encoding="utf-8")
    result = _eval(str(out))
    assert result.exit_code == 1
    assert "FAIL" in result.stdout and "unsupported quantity: 86篇" in result.stdout and "missing 82篇" in result.stdout


def test_pairs_and_case_directories(workdir):
    cases = workdir / "cases"
    shutil.copytree(CASE, cases / "one")
    (cases / "two.draft.md").write_text((CASE / "draft.md").read_text(encoding="utf-8"), encoding="utf-8")
    (cases / "two.notes.md").write_text((CASE / "notes.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = _eval(str(cases), "--pair", str(CASE / "draft.md"), str(CASE / "notes.md"), "--json", "--no-structure", "--max-copying", "100000")
    assert result.exit_code == 0, result.stdout + result.stderr
    drafts = json.loads(result.stdout)["drafts"]
    assert [Path(d["draft"]).name for d in drafts] == ["draft.md", "draft.md", "two.draft.md"]
    assert all(d["recall"] == 1.0 and d["unsupported"] == 0 for d in drafts)
    by_name = {Path(d["draft"]).parent.name + "/" + Path(d["draft"]).name: d for d in drafts}
    # case.json names the corpus document the reference came from, so it is not 'copied' from itself
    assert by_name["one/draft.md"]["copying"] < 50 < by_name["cases/two.draft.md"]["copying"]


def test_thresholds_from_options_and_length(workdir):
    out = _offline_draft(workdir)
    strict = _eval(str(out), "--json", "--min-coverage", "1.01")
    assert strict.exit_code == 1
    assert any("coverage" in p for p in json.loads(strict.stdout)["drafts"][0]["problems"])
    sized = _eval(str(out), "--json", "--length", "100000")
    d = json.loads(sized.stdout)["drafts"][0]
    assert sized.exit_code == 1 and d["length_target"] == 100000 and d["length_ratio"] < 0.1


def test_thresholds_from_drafter_toml(workdir):
    out = _offline_draft(workdir)
    # drafter.config reads the [drafter] table; [eval] sits beside it
    (workdir / "drafter.toml").write_text("[drafter]\nmodel = 'offline'\n\n[eval]\nmin_coverage = 1.01\n", encoding="utf-8")
    result = _eval(str(out))
    assert result.exit_code == 1 and "coverage 1.00 < 1.01" in result.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        ([], "nothing to evaluate"),
        (["--pair", "nope.md", str(EXAMPLE)], "draft not found: nope.md"),
        (["--pair", str(EXAMPLE), "nope.md"], "notes file not found: nope.md"),
        (["nope.md"], "not found: nope.md"),
        (["--pair", str(EXAMPLE), str(EXAMPLE), "--length", "5", "--html", "no/such/dir/r.html"], "output directory does not exist"),
    ],
    ids=["nothing", "no draft", "no notes", "no path", "html dir missing"],
)
def test_bad_input_is_one_line_and_exit_2(workdir, args, message):
    result = _eval(*args)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("drafter: error")]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_html_report_is_written_atomically(workdir):
    out = _offline_draft(workdir)
    report = workdir / "report.html"
    report.write_text("old", encoding="utf-8")
    result = _eval(str(out), "--html", str(report))
    assert result.exit_code == 0
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 8
    assert not list(workdir.glob(".report.html.*.tmp"))


def test_a_swap_is_counted_as_misbound_in_the_table_and_the_json(workdir):
    notes = workdir / "notes.md"
    notes.write_text("- 阿娄社区党支部现有党员41名，其中支委成员5名\n- 东区举办广场舞比赛12场，西区举办8场\n", "utf-8")
    swapped = workdir / "swapped.md"
    swapped.write_text("阿娄社区党支部现有党员5名，其中支委成员41名。东区举办广场舞比赛12场，西区举办8场。\n", "utf-8")
    table = _eval("--pair", str(swapped), str(notes), "--no-style")
    assert table.exit_code == 1
    assert "misb." in table.stdout and "2 misbound" in table.stdout
    data = json.loads(_eval("--pair", str(swapped), str(notes), "--no-style", "--json").stdout)
    assert data["drafts"][0]["misbound"] == 2 and not data["drafts"][0]["pass"]
    assert any(p.startswith("2 misbound: 第1行 “党员5名”") for p in data["drafts"][0]["problems"])
    # the threshold is the user's: allowing two swaps leaves only the other measures to judge
    loose = json.loads(_eval("--pair", str(swapped), str(notes), "--no-style", "--json", "--max-misbound", "2",
                             "--min-recall", "0").stdout)
    assert not any("misbound" in p for p in loose["drafts"][0]["problems"])
