"""`drafter draft` and `drafter outline` end to end with the offline writer."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".md", ".yaml"))
runner = CliRunner()


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DRAFTER_STATE_DIR", str(tmp_path / ".drafter"))
    return tmp_path


def _draft(*args: str):
    return runner.invoke(app, ["draft", *args, "--no-examples"])


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_drafts_and_passes_the_check(workdir, name):
    out = workdir / "out.md"
    result = _draft(str(EXAMPLES / name), "-o", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "check passed" in result.stdout
    check = runner.invoke(app, ["check", str(out), "--facts", str(EXAMPLES / name), "--json"])
    assert check.exit_code == 0, check.stdout
    assert json.loads(check.stdout)["ok"] is True


def test_sidecar_records_facts_sections_and_check(workdir):
    out = workdir / "draft.md"
    assert _draft(str(EXAMPLES / "yingbinlu-2023-xuanchuan.md"), "-o", str(out)).exit_code == 0
    side = json.loads((workdir / "draft.json").read_text(encoding="utf-8"))
    assert side["model"] == "offline"
    assert (workdir / side["facts"]).resolve() == (EXAMPLES / "yingbinlu-2023-xuanchuan.md").resolve()
    assert [s["fact_ids"] for s in side["sections"]][0] == ["f1", "f2", "f3", "f4"]
    assert side["check"]["ok"] is True
    # check finds the facts through the sidecar when --facts is not given
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0


def test_same_inputs_give_byte_identical_output(workdir, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733443200")  # the Word file's created/modified and 落款 date: fixed
    notes = str(EXAMPLES / "chaoyang-2024-wenming-half.md")
    digests = []
    for fmt in ("md", "docx", "txt"):
        outs = []
        for i in range(2):
            out = workdir / f"{fmt}-run{i}.{fmt}"
            assert _draft(notes, "-o", str(out)).exit_code == 0
            outs.append(hashlib.sha256(out.read_bytes()).hexdigest())
            digests.append(hashlib.sha256((workdir / f"{fmt}-run{i}.json").read_bytes()).hexdigest())
        assert outs[0] == outs[1], fmt
    assert digests[0] == digests[1]


def test_word_file_holds_every_section_with_the_official_fonts(workdir):
    import docx
    from docx.oxml.ns import qn

    out = workdir / "draft.docx"
    assert _draft(str(EXAMPLES / "yingbinlu-2023-xuanchuan.md"), "-o", str(out)).exit_code == 0
    md = workdir / "draft-md.md"
    assert _draft(str(EXAMPLES / "yingbinlu-2023-xuanchuan.md"), "-o", str(md)).exit_code == 0
    headings = [line[3:] for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]

    doc = docx.Document(str(out))
    paragraphs = {p.text: p for p in doc.paragraphs}
    assert doc.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)
    assert doc.sections[0].page_height.cm == pytest.approx(29.7, abs=0.01)

    def east_asian(p):
        return p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")), p.runs[0].font.size.pt

    title = doc.paragraphs[0]
    assert title.text == "迎宾路社区2023年宣传思想文化工作总结"
    assert east_asian(title) == ("方正小标宋简体", 22.0)
    assert title.alignment == 1  # centred
    for heading in headings:
        assert heading in paragraphs, heading
        assert east_asian(paragraphs[heading]) == ("黑体", 16.0)
    body = next(p for p in doc.paragraphs if p.text.startswith("坚持把理论学习"))
    assert east_asian(body) == ("仿宋_GB2312", 16.0)


def test_text_format_is_plain(workdir):
    out = workdir / "draft.txt"
    assert _draft(str(EXAMPLES / "hongxing-2024-dangjian.yaml"), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("红星村2024年党建工作总结\n")
    assert "#" not in text and "一、加强组织建设，凝聚发展合力" in text


def test_existing_output_is_not_overwritten_without_force(workdir):
    out = workdir / "draft.md"
    out.write_text("我自己改过的稿子", encoding="utf-8")
    result = _draft(str(EXAMPLES / "hongxing-2024-dangjian.yaml"), "-o", str(out))
    assert result.exit_code == 2
    assert "--force" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "我自己改过的稿子"
    assert _draft(str(EXAMPLES / "hongxing-2024-dangjian.yaml"), "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 红星村")


def test_notes_in_gb18030_and_utf16_draft_like_utf8(workdir):
    source = (EXAMPLES / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")
    expected = None
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        notes = workdir / f"notes-{encoding}.md"
        notes.write_bytes(source.encode(encoding))
        out = workdir / f"draft-{encoding}.md"
        assert _draft(str(notes), "-o", str(out)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        expected = expected or text
        assert text == expected, encoding


def test_default_output_name_is_beside_the_working_directory(workdir):
    shutil.copy(EXAMPLES / "xinhe-2024-annual-flat.md", workdir / "notes.md")
    assert _draft("notes.md").exit_code == 0
    assert (workdir / "notes-draft.md").is_file() and (workdir / "notes-draft.json").is_file()


@pytest.mark.parametrize(
    "args,message",
    [
        (["missing.md"], "not found"),
        (["."], "directory"),
        (["empty.md"], "empty"),
        (["nobullets.md"], "no bullet facts"),
        (["notes.md", "-o", "nodir/x.md"], "does not exist"),
        (["notes.md", "--format", "html"], "unknown format"),  # pdf is a format now (through LibreOffice)
        (["notes.md", "-o", "out.html"], "unknown output suffix"),
        (["notes.md", "-o", "out.docx", "--format", "md"], "does not match"),
        (["notes.md", "-o", "report.md"], "report.json already exists"),  # someone else's JSON beside it
        (["notes.md", "-o", "notes.md", "--force"], "notes file itself"),
        (["notes.md", "-o", "."], "names no file"),
        (["notes.md", "-o", "sub"], "is a directory"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(workdir, args, message):
    (workdir / "empty.md").write_text("", encoding="utf-8")
    (workdir / "nobullets.md").write_text("## 理论学习\n## 宣传\n", encoding="utf-8")
    (workdir / "report.json").write_text('{"mine": 1}', encoding="utf-8")
    (workdir / "sub").mkdir()
    shutil.copy(EXAMPLES / "xinhe-2024-annual-flat.md", workdir / "notes.md")
    before = sorted(p.name for p in workdir.iterdir())
    result = _draft(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert sorted(p.name for p in workdir.iterdir()) == before


def test_outline_prints_sections_and_facts_without_writing(workdir):
    result = runner.invoke(app, ["outline", str(EXAMPLES / "xinhe-2024-annual-flat.md"), "--no-examples"])
    assert result.exit_code == 0, result.stderr
    assert "## 二、深化平安建设，守护居民安宁" in result.stdout
    assert "[f3] 化解邻里矛盾纠纷37起，调解成功率98%" in result.stdout
    assert list(workdir.iterdir()) == []


def test_rewritten_output_keeps_its_file_mode(workdir):
    out = workdir / "draft.md"
    assert _draft(str(EXAMPLES / "hongxing-2024-dangjian.yaml"), "-o", str(out)).exit_code == 0
    out.chmod(0o644)
    assert _draft(str(EXAMPLES / "hongxing-2024-dangjian.yaml"), "-o", str(out), "--force").exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644
