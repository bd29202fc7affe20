"""`drafter rewrite`: one section again, every other byte of the draft identical, .bak kept, sidecar updated."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.document import parse_markdown_sections
from drafter.errors import InputError
from drafter.writing.rewrite import select_section, splice_section

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_openai import Fault, GenreWriter  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-test-fake-rewrite-91c4"
MODEL = "openai:fake-model"


@pytest.fixture
def env(monkeypatch, tmp_path, fake):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("DRAFTER_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("DRAFTER_BACKOFF", "0.01")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def drafted(env, tmp_path):
    """An offline draft of the example notes (no model needed to make the file to rewrite)."""
    notes = tmp_path / "notes" / "yingbinlu.md"
    notes.parent.mkdir()
    shutil.copy(ROOT / "examples" / "yingbinlu-2023-xuanchuan.md", notes)
    out = tmp_path / "drafts" / "d.md"
    out.parent.mkdir()
    result = run("draft", str(notes), "--no-examples", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def spans(text: str, number: int) -> tuple[str, str, str]:
    """(before, the section's body region, after) for the 1-based section `number`."""
    sec = parse_markdown_sections(text)[number - 1]
    return text[: sec.body_start], text[sec.body_start : sec.end], text[sec.end :]


def test_rewrite_leaves_every_other_byte_identical_and_keeps_bak(drafted, fake):
    old = drafted.read_bytes()
    result = run("rewrite", str(drafted), "--section", "3", "--model", MODEL, "--instruction", "更简洁一些")
    assert result.exit_code == 0, result.output
    new = drafted.read_bytes()
    assert (drafted.parent / "d.md.bak").read_bytes() == old
    before_old, body_old, after_old = spans(old.decode(), 3)
    before_new, body_new, after_new = spans(new.decode(), 3)
    assert before_new == before_old and after_new == after_old
    assert body_new != body_old and body_new == "\n一是志愿者队伍从40多人壮大到200多人，组建志愿服务队12支；二是开展“邻里守望”志愿服务活动36场次，服务居民2,300余人次；三是志愿者参与率达85%，较上年提高三成。\n\n"
    assert len(fake.requests) == 1 and "更简洁一些" in fake.requests[0].prompt
    assert "- [f8] 志愿者队伍从40多人壮大到200多人，组建志愿服务队12支" in fake.requests[0].prompt
    side = json.loads((drafted.parent / "d.json").read_text("utf-8"))
    assert side["rewrites"][-1]["section"] == 3 and side["rewrites"][-1]["ok"] is True
    assert side["check"]["ok"] is True
    assert "section check passed" in result.output


def test_last_section_keeps_the_file_ending(drafted, fake):
    old = drafted.read_text("utf-8")
    assert run("rewrite", str(drafted), "-s", "6", "--model", MODEL).exit_code == 0
    new = drafted.read_text("utf-8")
    assert new.endswith("。\n") and not new.endswith("\n\n")
    assert spans(new, 6)[0] == spans(old, 6)[0]


@pytest.mark.parametrize("selector", ["2", "二", "宣传报道", "二、加强宣传报道，凝聚奋进力量", "加强宣传报道，凝聚奋进力量"])
def test_section_selectors(drafted, fake, selector):
    result = run("rewrite", str(drafted), "--section", selector, "--model", MODEL)
    assert result.exit_code == 0, result.output
    assert "rewrote section 2 (二、加强宣传报道，凝聚奋进力量)" in result.output


def test_unknown_section_is_exit_2_listing_the_sections(drafted, fake):
    old = drafted.read_bytes()
    result = run("rewrite", str(drafted), "--section", "9", "--model", MODEL)
    assert result.exit_code == 2
    assert result.output.startswith("drafter: error:") and result.output.count("\n") == 1
    assert "1 一、强化理论学习，筑牢思想根基" in result.output and "6 六、下一步工作打算" in result.output
    assert fake.requests == [] and drafted.read_bytes() == old and not (drafted.parent / "d.md.bak").exists()
    assert run("rewrite", str(drafted), "--section", "不存在的标题", "--model", MODEL).exit_code == 2


def test_ambiguous_selector_asks_for_a_number():
    sections = parse_markdown_sections("# t\n\n## 一、加强学习\n\na\n\n## 二、加强宣传\n\nb\n")
    with pytest.raises(InputError, match="matches 2 sections"):
        select_section(sections, "加强")
    assert select_section(sections, "宣传") == 1


def test_failing_rewrite_exits_1_naming_the_quantity(drafted, fake):
    fake.responder = GenreWriter("change", stubborn=True)
    result = run("rewrite", str(drafted), "-s", "2", "--model", MODEL)
    assert result.exit_code == 1
    assert "82篇" in result.output and "83篇" in result.output
    assert len(fake.requests) == 3  # the answer and two repairs
    assert "83篇" in drafted.read_text("utf-8")  # kept and reported, with the old file in .bak
    assert "82篇" in (drafted.parent / "d.md.bak").read_text("utf-8")


def test_repair_fixes_a_changed_number_in_a_rewrite(drafted, fake):
    fake.responder = GenreWriter("change")
    result = run("rewrite", str(drafted), "-s", "2", "--model", MODEL)
    assert result.exit_code == 0, result.output
    assert len(fake.requests) == 2 and "82篇" in fake.requests[1].prompt


def test_model_heading_is_ignored_unless_asked(drafted, fake):
    fake.responder = GenreWriter(heading="全新的标题，更加响亮")
    assert run("rewrite", str(drafted), "-s", "4", "--model", MODEL).exit_code == 0
    text = drafted.read_text("utf-8")
    assert "## 四、丰富文化活动，繁荣群众文化\n" in text and "全新的标题" not in text
    result = run("rewrite", str(drafted), "-s", "4", "--model", MODEL, "-i", "换一个更响亮的标题")
    assert result.exit_code == 0, result.output
    text = drafted.read_text("utf-8")
    assert "## 四、全新的标题，更加响亮\n\n一是举办" in text
    side = json.loads((drafted.parent / "d.json").read_text("utf-8"))
    assert side["sections"][3]["heading"] == "四、全新的标题，更加响亮"


def test_facts_option_without_sidecar(drafted, fake, tmp_path):
    (drafted.parent / "d.json").unlink()
    assert run("rewrite", str(drafted), "-s", "2", "--model", MODEL).exit_code == 2  # no sidecar, no --facts
    notes = tmp_path / "notes" / "yingbinlu.md"
    result = run("rewrite", str(drafted), "-s", "2", "--model", MODEL, "--facts", str(notes))
    assert result.exit_code == 0, result.output
    assert "- [f5] 完成简讯82篇、舆情报道5篇、调研报告4篇" in fake.requests[-1].prompt


def test_offline_rewrite_follows_更简洁_and_touches_nothing_else(drafted, fake):
    old = drafted.read_text("utf-8")
    result = run("rewrite", str(drafted), "-s", "1", "--model", "offline", "-i", "更简洁")
    assert result.exit_code == 0, result.output
    assert "more concise" in result.output
    new = drafted.read_text("utf-8")
    before, body, after = spans(new, 1)
    old_before, old_body, old_after = spans(old, 1)
    assert (before, after) == (old_before, old_after) and body != old_body
    assert len(body) < len(old_body)  # the framing sentences are gone, the facts are all there
    assert fake.requests == []


def test_crlf_draft_keeps_its_line_endings(drafted, fake):
    crlf = drafted.read_text("utf-8").replace("\n", "\r\n")
    drafted.write_bytes(crlf.encode("utf-8"))
    assert run("rewrite", str(drafted), "-s", "2", "--model", MODEL).exit_code == 0
    new = drafted.read_bytes().decode("utf-8")
    assert "\n" not in new.replace("\r\n", "")
    sec_old = parse_markdown_sections(crlf)[1]
    sec_new = parse_markdown_sections(new)[1]
    assert new[: sec_new.body_start] == crlf[: sec_old.body_start]
    assert new[sec_new.end :] == crlf[sec_old.end :]


def test_rewrite_with_model_down_leaves_the_file_alone(drafted, fake, monkeypatch):
    monkeypatch.setenv("DRAFTER_RETRIES", "2")
    fake.responder = lambda req: Fault.http(500)
    old = drafted.read_bytes()
    result = run("rewrite", str(drafted), "-s", "2", "--model", MODEL)
    assert result.exit_code == 1 and "failed 2 times" in result.output
    assert drafted.read_bytes() == old and not (drafted.parent / "d.md.bak").exists()


def test_rewrite_refuses_a_damaged_word_file(env, tmp_path):  # Word drafts are rewritten inside (tests/word)
    path = tmp_path / "d.docx"
    path.write_bytes(b"PK")
    result = run("rewrite", str(path), "-s", "1")
    assert result.exit_code == 2 and "damaged" in result.output and path.read_bytes() == b"PK"


def test_splice_section_replaces_only_the_body():
    text = "# t\n\nopen\n\n## 一、a\n\nold body\n\n## 二、b\n\nkeep\n"
    sec = parse_markdown_sections(text)[0]
    assert splice_section(text, sec, "new\n\nbody") == "# t\n\nopen\n\n## 一、a\n\nnew\n\nbody\n\n## 二、b\n\nkeep\n"
    assert splice_section(text, sec, "x", "一、c") == "# t\n\nopen\n\n## 一、c\n\nx\n\n## 二、b\n\nkeep\n"
