"""A model that swaps two numbers is re-asked with the right binding, and its draft goes out bound right."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.writing.problems import check_body
from drafter.writing.prompts import render

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_openai import GenreWriter  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
MODEL = "openai:fake-model"

pytestmark = pytest.mark.server


@pytest.fixture
def env(monkeypatch, tmp_path, fake):
    monkeypatch.chdir(tmp_path)
    for k, v in {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": "sk-test-binding", "DRAFTER_STATE_DIR": str(tmp_path / "state"),
                 "DRAFTER_BACKOFF": "0.01", "DRAFTER_MAX_WAIT": "5"}.items():  # fmt: skip
        monkeypatch.setenv(k, v)


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes.md"
    shutil.copy(EXAMPLE, path)
    return path


def draft(notes: Path, *extra: str):
    return CliRunner().invoke(app, ["draft", str(notes), "--model", MODEL, "--no-examples", "-o", str(notes.parent / "out.md"), *extra])


def test_swapped_numbers_are_repaired_with_the_right_binding(env, fake, notes):
    fake.responder = GenreWriter("swap", only="自学课程5节")
    result = draft(notes)
    assert result.exit_code == 0, result.output
    text = (notes.parent / "out.md").read_text("utf-8")
    assert "全年安排学习课程20节，其中自学课程5节" in text and "学习课程5节" not in text
    repairs = [r for r in fake.requests if "【核对结果】" in r.prompt]
    assert len(repairs) == 1
    # the repair says what each number is said of in the notes
    assert "“安排学习课程”应为“20节”，正文中写成了“5节”；“5节”说的是自学课程（事实[f2]）" in repairs[0].prompt
    assert "“自学课程”应为“5节”，正文中写成了“20节”" in repairs[0].prompt
    side = json.loads((notes.parent / "out.json").read_text("utf-8"))
    assert side["check"]["ok"] and side["check"]["misbound"] == []
    marks = side["check"]["quantities"]
    assert marks and all(m["status"] in ("ok", "derived") for m in marks)
    five = next(m for m in marks if m["quantity"] == "5节")
    assert five["fact_id"] == "f2"


def test_a_swap_that_stays_is_kept_marked_and_exits_1(env, fake, notes):
    fake.responder = GenreWriter("swap", only="自学课程5节", stubborn=True)
    result = draft(notes)
    assert result.exit_code == 1
    assert "一、强化理论学习" in result.output and "misbound" in result.output
    text = (notes.parent / "out.md").read_text("utf-8")
    assert "全年安排学习课程5节，其中自学课程20节" in text  # kept, not dropped
    side = json.loads((notes.parent / "out.json").read_text("utf-8"))
    assert side["check"]["ok"] is False
    assert {m["quantity"] for m in side["check"]["misbound"]} == {"20节", "5节"}
    statuses = {m["quantity"]: m["status"] for m in side["check"]["quantities"] if m["quantity"] in ("20节", "5节")}
    assert statuses == {"20节": "misbound", "5节": "misbound"}


def test_repair_prompt_renders_a_misbound_number():
    from drafter.notes import parse_notes

    notes = parse_notes("- 阿娄社区党支部现有党员41名，其中支委成员5名\n", path="n.md")
    problems = check_body("阿娄社区党支部现有党员5名，其中支委成员41名。", notes, facts_required=True)
    assert not problems.ok and problems.count == 2
    assert problems.quantities() == "misbound 党员5名 (notes: 41名), 支委成员41名 (notes: 5名)"
    prompt = render("repair", missing=problems.missing, unsupported=problems.unsupported, placeholders=problems.placeholders,
                    facts=[{"id": "f1", "text": notes.facts[0].text}])  # fmt: skip
    assert "“支委成员”应为“5名”，正文中写成了“41名”；“41名”说的是党员（事实[f1]），不能用在这里。" in prompt
    assert "“党员”应为“41名”，正文中写成了“5名”" in prompt
