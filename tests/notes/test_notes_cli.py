"""`drafter notes`: ledger in, notes and provenance out, a checked draft whose figures `--explain` traces
to their rows, `--against` typed notes, and bad workbooks refused with one line and nothing written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ledger_files import write_ledger_xls, write_ledger_xlsx, write_word_notes
from typer.testing import CliRunner

from drafter.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_ledger_to_notes_to_a_checked_draft_traceable_with_explain(tmp_path, ledger_xlsx):
    notes = tmp_path / "notes.md"
    result = runner.invoke(app, ["notes", str(ledger_xlsx), "-o", str(notes)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and (tmp_path / "notes.md.json").is_file()
    assert "- 3月至9月共开展志愿服务活动4场，参与1,300人次，投入经费500元，内容涵盖“邻里守望”志愿服务、爱心义剪、楼道清洁日等 [l1]" in notes.read_text(encoding="utf-8")

    draft = tmp_path / "总结.md"
    result = runner.invoke(app, ["draft", str(notes), "-o", str(draft), "--no-examples", "-q"])
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["check", str(draft), "--json"])
    report = json.loads(check.stdout)
    assert report["ok"] is True
    ledger_quantities = [q for q in report["quantities"] if q["fact_id"].startswith("l")]
    assert {q["quantity"] for q in ledger_quantities} >= {"4场", "1,300人次", "500元", "2,300元", "约190人次"}
    assert all(q["status"] == "ok" for q in ledger_quantities)

    result = runner.invoke(app, ["notes", "--explain", "l1", str(notes)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "rows where 活动类型 = 志愿服务" in out
    assert "4场: 4 rows counted (4-5, 7, 11)" in out
    assert "1,300人次: sum of 参与人数 over 4 rows = 40 + 25 + 1200 + 35" in out
    assert "45047 → 2023-05-01" in out and "2023.3.18 → 2023-03-18" in out and "爱心义剪" in out
    # The ledger itself explains the same fact, tallied again.
    assert "4 rows counted (4-5, 7, 11)" in runner.invoke(app, ["notes", "--explain", "l1", str(ledger_xlsx)]).stdout


def test_explain_names_what_is_wrong(tmp_path, ledger_xlsx):
    notes = tmp_path / "notes.md"
    runner.invoke(app, ["notes", str(ledger_xlsx), "-o", str(notes)])
    result = runner.invoke(app, ["notes", "--explain", "l9", str(notes)])
    assert result.exit_code == 2 and "no generated fact [l9]" in result.output
    typed = tmp_path / "typed.md"
    typed.write_text("- 开展活动3场\n", encoding="utf-8")
    result = runner.invoke(app, ["notes", "--explain", "l1", str(typed)])
    assert result.exit_code == 2 and "no typed.md.json beside" in result.output
    notes.write_text(notes.read_text(encoding="utf-8").replace("4场", "5场"), encoding="utf-8")
    result = runner.invoke(app, ["notes", "--explain", "l1", str(notes)])
    assert result.exit_code == 0 and "was edited after it was generated" in result.output


def test_against_reports_a_ledger_total_the_typed_notes_contradict(tmp_path, ledger_xlsx):
    typed = tmp_path / "typed.md"
    typed.write_text("## 志愿服务\n- 全年开展志愿服务活动40场，参与1,300人次\n## 文体\n- 举办文体活动2场，参与150余人次\n", encoding="utf-8")
    result = runner.invoke(app, ["notes", str(ledger_xlsx), "--against", str(typed)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("disagrees")]
    assert len(lines) == 1 and "say 40场" in lines[0] and "the ledger gives 4场 [l1" in lines[0]
    typed.write_text("- 全年开展志愿服务活动4场，参与1,300人次\n", encoding="utf-8")
    result = runner.invoke(app, ["notes", str(ledger_xlsx), "--against", str(typed)])
    assert result.exit_code == 0 and "agree" in result.output


def test_existing_notes_are_not_replaced_without_force(tmp_path, ledger_xlsx):
    notes = tmp_path / "notes.md"
    notes.write_text("- 我手写的笔记3条\n", encoding="utf-8")
    result = runner.invoke(app, ["notes", str(ledger_xlsx), "-o", str(notes)])
    assert result.exit_code == 2 and "--force" in result.output
    assert notes.read_text(encoding="utf-8") == "- 我手写的笔记3条\n" and not (tmp_path / "notes.md.json").exists()
    assert runner.invoke(app, ["notes", str(ledger_xlsx), "-o", str(notes), "--force"]).exit_code == 0


def test_a_ledger_is_notes_for_draft_too(tmp_path):
    xls = write_ledger_xls(tmp_path / "走访.xls")
    result = runner.invoke(app, ["draft", str(xls), "-o", str(tmp_path / "d.md"), "--no-examples", "-q", "--community", "东风社区"])
    assert result.exit_code == 0 and "check passed" in result.output
    assert "2月至8月共开展走访慰问2次，参与10人次，内容涵盖慰问老党员、探访独居老人" in (tmp_path / "d.md").read_text(encoding="utf-8")


def _encrypted(path: Path) -> Path:
    import msoffcrypto.format.ooxml

    plain = write_ledger_xlsx(path.with_name("plain.xlsx"))
    out = io.BytesIO()
    with plain.open("rb") as fh:
        msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt("123456", out)
    path.write_bytes(out.getvalue())
    return path


def _bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    from openpyxl import Workbook

    good = write_ledger_xlsx(tmp / "good.xlsx")
    damaged = tmp / "damaged.xlsx"
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    empty = tmp / "empty.xlsx"
    Workbook().save(empty)
    zero = tmp / "zero.xlsx"
    zero.write_bytes(b"")
    no_header = tmp / "no-header.xlsx"
    wb = Workbook()
    for r in range(6):
        wb.active.append([r + 1, (r + 1) * 7, (r + 1) * 3.5])
    wb.save(no_header)
    really_doc = tmp / "really-a-doc.docx"
    really_doc.write_bytes(write_ledger_xls(tmp / "ole.xls").read_bytes())  # an OLE2 compound file, as .doc files are
    not_zip_docx = tmp / "text.docx"
    not_zip_docx.write_text("这不是Word文件", encoding="utf-8")
    return {
        "password": (_encrypted(tmp / "locked.xlsx"), "password-protected"),
        "damaged": (damaged, "damaged"),
        "empty workbook": (empty, "is empty"),
        "zero bytes": (zero, "empty (0 bytes)"),
        "no header row": (no_header, "no header row"),
        "a .docx that is a .doc": (really_doc, "old Word .doc"),
        "a .docx that is text": (not_zip_docx, "not a Word .docx"),
        "a .doc": (tmp / "old.doc", "old Word .doc"),
    }


@pytest.mark.parametrize("command", ["notes", "draft"])
def test_bad_workbooks_and_word_files_get_one_line_exit_2_and_nothing_written(tmp_path, command):
    bad = _bad_files(tmp_path)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    drafter = str(Path(sys.executable).with_name("drafter"))
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_DEBUG"}
    for name, (path, message) in bad.items():
        out = tmp_path / f"out-{path.stem}.md"
        args = [drafter, command, str(path), "-o", str(out)] + (["--no-examples", "-q"] if command == "draft" else [])
        result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
        assert result.returncode == 2, (name, result.stdout, result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("drafter: error:") and message in lines[0], (name, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert not out.exists() and not Path(str(out) + ".json").exists(), name


def test_word_notes_with_tables_write_their_ledger_provenance(tmp_path):
    docx = write_word_notes(tmp_path / "要点.docx")
    out = tmp_path / "notes.md"
    assert runner.invoke(app, ["notes", str(docx), "-o", str(out)]).exit_code == 0
    record = json.loads((tmp_path / "notes.md.json").read_text(encoding="utf-8"))["facts"]["l1"]
    assert record["sheet"] == "表1" and [r["row"] for r in record["rows"]] == [2, 3]
    assert [n["quantity"] for n in record["numbers"]] == ["2场", "100人次", "5月至10月"]
