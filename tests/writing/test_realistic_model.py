"""The model writer against a loopback model that errs like a real one (tests/realistic_model.py):
real HTTP, the real client, the real check and repair loop."""

from __future__ import annotations

import json
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_openai import FakeOpenAI  # noqa: E402
from realistic_model import KINDS, RealisticWriter  # noqa: E402

from drafter.config import load_settings  # noqa: E402
from drafter.errors import ModelError  # noqa: E402
from drafter.writing.model import make_model_draft  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"

pytestmark = pytest.mark.server


def draft_with(writer: RealisticWriter, tmp: Path, monkeypatch, name: str = "d", **overrides):
    notes = tmp / "notes.md"
    if not notes.exists():
        shutil.copy(EXAMPLE, notes)
    with FakeOpenAI(writer) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-realistic")
        monkeypatch.setenv("DRAFTER_BACKOFF", "0.01")
        settings = load_settings(tmp).with_overrides(model="openai:realistic", state_dir=tmp / f"state-{name}", **overrides)
        result = make_model_draft(notes, settings, out=tmp / f"{name}.md", use_examples=False)
        return result, fake.requests, json.loads((tmp / f"{name}.json").read_text("utf-8"))["model_run"]


def test_a_seeded_run_repeats(tmp_path, monkeypatch):
    first, asked, _ = draft_with(RealisticWriter(0.6, seed=7), tmp_path, monkeypatch, "a")
    again, asked_again, _ = draft_with(RealisticWriter(0.6, seed=7), tmp_path, monkeypatch, "b")
    assert (tmp_path / "a.md").read_text("utf-8") == (tmp_path / "b.md").read_text("utf-8")
    assert len(asked) == len(asked_again) > 7  # 60 %: some sections needed a repair
    other, _, _ = draft_with(RealisticWriter(0.6, seed=8), tmp_path, monkeypatch, "c")
    assert (tmp_path / "c.md").read_text("utf-8") != (tmp_path / "a.md").read_text("utf-8")


def test_it_writes_the_facts_as_genre_prose(tmp_path, monkeypatch):
    result, asked, run = draft_with(RealisticWriter(0.0), tmp_path, monkeypatch)
    text = (tmp_path / "d.md").read_text("utf-8")
    assert result.report.ok and len(asked) == 7
    assert "一是社区中心组每月至少开展两次集中学习" in text and "现将有关情况总结如下：" in text
    assert "在肯定成绩的同时" in text and "下一步，我们将" in text


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "swap"])
def test_every_kind_of_mistake_is_caught_and_repaired(tmp_path, monkeypatch, kind):
    """Every first answer errs (rate 1) in one way; each is caught by the check and fixed on the first repair."""
    writer = RealisticWriter(1.0, fix=1.0, weights={kind: 1})
    result, asked, run = draft_with(writer, tmp_path, monkeypatch)
    assert not result.failed and result.report.ok
    # the body sections at least (a section may have no number to break; a wrong computed figure needs two
    # exact counts of one unit in a section, which two of this example's sections have)
    assert writer.made[kind] >= (2 if kind == "miscompute" else 4)
    repaired = [s for s in run["sections"] if s["repairs"]]
    assert len(repaired) == sum(writer.made.values()) and all(s["repairs"] == 1 for s in repaired)
    assert len(asked) == 7 + len(repaired)
    assert writer.residual() == {}


def test_a_model_that_never_fixes_is_reported_after_max_repairs(tmp_path, monkeypatch):
    writer = RealisticWriter(1.0, fix=0.0, weights={"round": 1})
    result, asked, run = draft_with(writer, tmp_path, monkeypatch)
    broken = writer.made["round"]  # the sections with no number to round got an invented percentage instead
    assert broken >= 4 and len(result.failed) == broken and not result.report.ok
    assert len(asked) == 7 * 3  # every section: the first call and max_repairs (2) repairs
    # a rounded number is missing, or misbound where it lands on another fact's value (集中学习15节 → 20节,
    # the notes' 学习课程20节)
    assert all("missing" in line or "misbound" in line for line in result.failed)


def test_an_invented_sentence_that_survives_the_repairs_is_removed(tmp_path, monkeypatch):
    """The model never deletes its invented percentage: after the repairs drafter drops that sentence itself."""
    writer = RealisticWriter(1.0, fix=0.0, weights={"percent": 1})
    result, asked, run = draft_with(writer, tmp_path, monkeypatch)
    assert not result.failed and result.report.ok
    assert len(asked) == 7 * 3
    assert all(len(s["trimmed"]) == 1 and "%" in s["trimmed"][0] for s in run["sections"])
    text = (tmp_path / "d.md").read_text("utf-8")
    assert "满意度达9" not in text and "完成率达9" not in text and "知晓率达到9" not in text
    assert any("removed the sentence(s)" in n for n in result.notices)


def test_a_persistent_refusal_stops_the_run_naming_the_section(tmp_path, monkeypatch):
    writer = RealisticWriter(1.0, fix=0.0, weights={"refuse": 1})
    with pytest.raises(ModelError, match="refused"):
        draft_with(writer, tmp_path, monkeypatch)


def test_a_swap_is_caught_as_misbound_and_repaired_with_the_right_binding(tmp_path, monkeypatch):
    """Both numbers are in the notes, so only binding sees the swap; the repair names what each one is said of.
    The writer's own record (residual_for) is the benchmark's ground truth: nothing wrong is left."""
    notes = tmp_path / "notes.md"
    notes.write_text("---\ncommunity: 新河社区\nperiod: 2024年\n---\n## 队伍建设\n- 组建志愿服务队12支\n- 16支队伍参加展演\n", "utf-8")
    writer = RealisticWriter(1.0, fix=1.0, weights={"swap": 1})
    result, asked, _ = draft_with(writer, tmp_path, monkeypatch)
    text = (tmp_path / "d.md").read_text("utf-8")
    assert result.report.ok and not result.failed
    assert "组建志愿服务队12支" in text and "16支队伍参加展演" in text
    repair = next(r.prompt for r in asked if "张冠李戴" in r.prompt)
    assert "“16支”说的是队伍参加展演" in repair and "“12支”说的是组建志愿服务队" in repair
    assert writer.residual_for("组建志愿服务队12支") == []


def test_it_answers_streaming_and_not_over_http():
    writer = RealisticWriter(0.0)
    prompt = "【任务】撰写工作总结正文中的一个部分。\n\n本部分的事实：\n- [f1] 开展理论宣讲30余场\n"
    with FakeOpenAI(writer) as fake:
        def post(stream: bool) -> bytes:
            body = {"model": "m", "stream": stream, "messages": [{"role": "user", "content": prompt}]}
            request = urllib.request.Request(fake.url + "/chat/completions", data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json", "Authorization": "Bearer k"})
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.read()

        whole = json.loads(post(False))["choices"][0]["message"]["content"]
        events = [json.loads(line[6:]) for line in post(True).decode("utf-8").splitlines()
                  if line.startswith("data: {")]
    streamed = "".join(e["choices"][0]["delta"].get("content", "") for e in events if e.get("choices"))
    assert whole == streamed and "一是开展理论宣讲30余场" in whole


def test_right_computed_figures_pass_as_derived(tmp_path, monkeypatch):
    """A model that adds a right total or rate to each section it can: the draft passes, each marked derived."""
    writer = RealisticWriter(0.0, compute=1.0)
    result, asked, run = draft_with(writer, tmp_path, monkeypatch)
    added = sum(writer.computed.values())
    assert added >= 2 and result.report.ok and not result.failed
    assert len(result.report.derived) >= added
    assert len(asked) == 7  # no repair asked for a right figure
