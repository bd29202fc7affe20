"""Every way a model endpoint can fail, one table: the loopback server misbehaves for one section.

Transient: the fault hits that section's first call(s), then the server answers properly, and the
draft succeeds and passes the check. Persistent: the fault never stops, and the run gives one clear
line on stderr and exit 1 within a bounded time, keeps the sections it finished in the run
directory, and `--resume` against a healthy server asks only for what is missing (the request log
says so). A refusal or an English answer is never accepted as a section, even when its numbers pass.

The table (CASES) is shared with eval/bench_reliability.py. Every run is bounded: a hang guard
(faulthandler) ends the test process if a run never returns, and each run's wall time is asserted
against a generous bound (a guard, not a performance test).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_openai import REFUSAL, FakeOpenAI, Fault, FaultFor, GenreWriter  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
KEY = "sk-test-fake-faults-0b1c"
MODEL = "openai:fake-model"
SECTION = "全年安排学习课程20节"  # a fact only the first body section's prompt carries
HEADING = "一、强化理论学习，筑牢思想根基"
OPENING = "【任务】撰写开头"
OTHER_BODY_FACTS = ("完成简讯82篇", "志愿者队伍从40多人壮大到200多人", "举办“我们的节日”主题活动8场")
RUN_BOUND = 60.0  # seconds: a hang guard for one CLI run, far above what any case needs
RETRY_ENV = {"DRAFTER_RETRIES": "3", "DRAFTER_BACKOFF": "0.01", "DRAFTER_MAX_WAIT": "1"}

pytestmark = pytest.mark.server


@dataclass(frozen=True)
class Case:
    id: str
    fault: Fault
    gives_up: str | None  # a fragment of the one stderr line when the fault persists; None: the answer is accepted
    times: int = 2  # calls of the section it hits in the transient variant
    target: str = SECTION  # which section: a substring of its conversation
    timeout: float = 10.0  # Settings.timeout (drafter.toml)
    content: bool = False  # a well-formed HTTP answer whose content is no section: handled by a repair request


CASES = [
    # 0.6 s Retry-After once fits the 1 s budget; twice would not, so the persistent run stops at the cap.
    Case("429-retry-after", Fault.http(429, retry_after=0.6), "would pass the 1 s retry budget", times=1),
    Case("500", Fault.http(500), "failed 3 times (last: HTTP 500)"),
    Case("502", Fault.http(502), "failed 3 times (last: HTTP 502)"),
    Case("503", Fault.http(503), "failed 3 times (last: HTTP 503)"),
    Case("connection-reset", Fault("reset"), "failed 3 times (last: connection"),
    Case("read-timeout", Fault("delay", seconds=2.5, text="迟到的回答。"), "failed 3 times (last: no answer within 1 s)", timeout=1.0),
    Case("stream-cut", Fault("cut"), "failed 3 times (last: "),
    Case("empty-content", Fault("empty"), "failed 3 times (last: empty answer)"),
    Case("refusal", Fault("refusal"), f"section {HEADING}: the model refused to write it", content=True),
    Case("refusal-opening", Fault("refusal"), "the opening: the model refused to write it", target=OPENING, content=True),
    Case("english", Fault("english"), f"section {HEADING}: the answer is mostly not in Chinese", content=True),
    Case("no-heading", Fault("headless"), None, times=1, content=True),  # accepted at once: nothing to retry
]


@pytest.fixture
def work(monkeypatch, tmp_path, fake):
    for var in ("VLLM_API_KEY", "VLLM_BASE_URL", "OLLAMA_BASE_URL", "OLLAMA_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    for k, v in {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": KEY, "DRAFTER_STATE_DIR": str(tmp_path / "state"), **RETRY_ENV}.items():
        monkeypatch.setenv(k, v)
    shutil.copy(EXAMPLE, tmp_path / "notes.md")
    return tmp_path


def invoke(*args: str, bound: float = RUN_BOUND):
    start = time.monotonic()
    result = CliRunner().invoke(app, list(args))
    elapsed = time.monotonic() - start
    assert elapsed < bound, f"drafter {' '.join(args)} took {elapsed:.1f} s"
    return result, elapsed


def draft(work: Path, *extra: str):
    return invoke("draft", str(work / "notes.md"), "--model", MODEL, "--no-examples", "-o", str(work / "out.md"), *extra)


def set_timeout(work: Path, seconds: float) -> None:
    (work / "drafter.toml").write_text(f"[drafter]\ntimeout = {seconds}\n", "utf-8")


def run_dir(work: Path) -> Path:
    dirs = list((work / "state" / "runs").iterdir())
    assert len(dirs) == 1
    return dirs[0]


def saved_ok(work: Path) -> set[str]:
    """The sections the run directory holds as finished and passing."""
    return {p.stem for p in run_dir(work).glob("*.json") if json.loads(p.read_text("utf-8"))["ok"]}


def sidecar(work: Path) -> dict:
    return json.loads((work / "out.json").read_text("utf-8"))


def language_repairs(fake: FakeOpenAI) -> list[str]:
    return [r.prompt for r in fake.requests if "请用中文按要求写出本节" in r.prompt]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_transient_fault_is_recovered(work, fake, case):
    set_timeout(work, case.timeout)
    faulty = FaultFor(case.target, case.fault, times=case.times)
    fake.responder = faulty
    result, _ = draft(work)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert faulty.hits == case.times
    assert "check passed" in result.stdout
    checked, _ = invoke("check", "out.md", "--facts", "notes.md")
    assert checked.exit_code == 0, checked.stdout
    text = (work / "out.md").read_text("utf-8")
    assert "社区中心组每月至少开展两次集中学习" in text and SECTION in text  # the first fact of the section survived
    assert REFUSAL not in text and "Another item" not in text
    run = sidecar(work)["model_run"]
    if case.content:
        label = HEADING if case.target == SECTION else "opening"
        section = next(s for s in run["sections"] if (s["heading"] or "opening") == label)
        if case.gives_up is None:  # an answer without heading is a good answer: taken as it is
            assert section["repairs"] == 0 and not language_repairs(fake)
        else:  # each rejected answer cost one repair request, within the repair budget
            assert section["repairs"] == case.times and len(language_repairs(fake)) == case.times
    else:
        call = next(c for c in run["calls"] if c["label"].startswith(HEADING))
        assert call["attempts"] == case.times + 1 and len(call["errors"]) == case.times
        if case.fault.retry_after:
            assert call["waited"] >= case.fault.retry_after  # Retry-After honoured, not the 0.01 s backoff


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_persistent_fault_gives_one_line_keeps_finished_sections_and_resumes(work, fake, case):
    set_timeout(work, case.timeout)
    fake.responder = FaultFor(case.target, case.fault)
    result, elapsed = draft(work)
    if case.gives_up is None:  # not a fault at all for drafter: accepted every time, nothing lost
        assert result.exit_code == 0, result.stderr
        text = (work / "out.md").read_text("utf-8")
        assert "一是社区中心组每月至少开展两次集中学习" in text and SECTION in text
        return
    assert result.exit_code == 1, result.stdout + result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("drafter: error: ") and case.gives_up in line, line
    assert "--resume" in line and "Traceback" not in result.stdout + result.stderr
    assert not (work / "out.md").exists() and not (work / "out.json").exists()  # nothing half-written
    if case.target == SECTION:  # one wave: every other section, the closing and the opening included, was written and saved
        assert saved_ok(work) == {"section-02", "section-03", "section-04", "section-05", "section-06", "opening"}
        assert "6 section(s) finished and saved" in line
    else:
        assert saved_ok(work) == {f"section-0{n}" for n in range(1, 7)}  # the body and the closing
    if case.content:
        assert len(language_repairs(fake)) == 2  # max_repairs: the rejected answer was asked again twice

    fake.requests.clear()
    fake.responder = GenreWriter()
    resumed, _ = draft(work, "--resume")
    assert resumed.exit_code == 0, resumed.stdout + resumed.stderr
    asked = [r.prompt for r in fake.requests]
    if case.target == SECTION:
        # only the missing section (asked for, not replayed from the cache)
        assert len(asked) == 1 and SECTION in asked[0]
        assert not any(fact in p for p in asked for fact in OTHER_BODY_FACTS)
        assert sum(s["resumed"] for s in sidecar(work)["model_run"]["sections"]) == 6
    else:
        assert len(asked) == 1 and OPENING in asked[0]
        assert sum(s["resumed"] for s in sidecar(work)["model_run"]["sections"]) == 6
    assert "check passed" in resumed.stdout


def test_rejected_answers_never_enter_the_cache(work, fake):
    """A cached refusal would be replayed to every re-run: only accepted answers are kept."""
    fake.responder = FaultFor(SECTION, Fault("refusal"), times=1)
    assert draft(work)[0].exit_code == 0
    fake.requests.clear()
    result, _ = draft(work, "--force")
    assert result.exit_code == 0, result.stderr
    # the refused prompt is asked again (and answered well now); every other call, the repair included, is cached
    assert len(fake.requests) == 1 and SECTION in fake.requests[0].prompt and "【核对结果】" not in fake.requests[0].prompt
    calls = sidecar(work)["model_run"]["calls"]
    assert [c["label"] for c in calls if not c["cached"]] == [f"{HEADING}: write"]
    assert REFUSAL not in (work / "out.md").read_text("utf-8")


def test_english_answer_would_pass_the_number_check():
    """The English fault states every quantity as written: the number check alone would accept it."""
    from fake_openai import Request, english_answer

    from drafter.notes.parse import load_notes
    from drafter.writing.answers import clean_body, judge_answer
    from drafter.writing.model_prompts import section_prompt
    from drafter.writing.plan import plan_draft
    from drafter.writing.problems import check_body
    from drafter.writing.repair_loop import section_notes

    notes = load_notes(EXAMPLE)
    plan = plan_draft(notes)
    section = plan.body[1]  # not body[0]: its 至少 is no quantity the English answer repeats, and the check now wants it kept
    request = Request(model="m", messages=[{"role": "user", "content": section_prompt(plan, section, [])}],
                      stream=True, authorized=True, at=0.0)
    body, _ = clean_body(english_answer(request), section.numbered_heading)
    assert check_body(body, section_notes(notes, section.facts, section.title), facts_required=True).ok
    assert "not in Chinese" in (judge_answer(body) or "")


@pytest.mark.parametrize(
    "body, verdict",
    [
        (REFUSAL, "refused"),
        ("对不起，作为AI我不能撰写这类材料。", "refused"),
        ("I'm sorry, but I can't help with that.", "refused"),
        ("As an AI language model, I cannot write this.", "refused"),
        ("The community held 20节 courses and 30余场 lectures this year.", "not in Chinese"),
        ("2023, 20, 30.", "no text"),
        ("一是社区中心组每月至少开展两次集中学习；二是全年安排学习课程20节，开展CCTV、APP、WiFi宣传。", None),
        ("一是解决了居民无法出行的问题，为〔姓名A〕办理低保。", None),
    ],
    ids=["refusal", "refusal-as-ai", "refusal-english", "as-an-ai", "english", "numbers-only", "chinese-with-latin", "chinese-无法"],
)
def test_judge_answer(body, verdict):
    from drafter.writing.answers import judge_answer

    found = judge_answer(body)
    assert (found is None) if verdict is None else (verdict in (found or "")), found


def test_rewrite_that_keeps_being_refused_leaves_the_draft_untouched(work, fake):
    assert draft(work)[0].exit_code == 0
    before = (work / "out.md").read_bytes(), (work / "out.json").read_bytes()
    fake.responder = FaultFor("【任务】重写", Fault("refusal"))
    result, _ = invoke("rewrite", "out.md", "--section", "1", "--model", MODEL)
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"section {HEADING}: the model refused to write it" in lines[0], result.stderr
    assert ((work / "out.md").read_bytes(), (work / "out.json").read_bytes()) == before
    assert len(language_repairs(fake)) == 2
