"""Benchmark: how drafter meets a failing model endpoint and bad input.

    .venv/bin/python eval/bench_reliability.py [--json] [--skip-kill]

1. Model faults (the table of tests/test_model_faults.py) against a loopback server, for the
   6-section example draft, through the real CLI (in-process): per fault kind, whether a transient
   fault (the first call(s) of one section) was recovered (exit 0, check passed) and the wall time;
   and the time to give up when it persists (retries 3, backoff 0.01 s, total wait capped at 1 s),
   with the one line the user sees.
2. The retry budget with the shipped defaults (4 tries, backoff from 1 s doubling, 90 s cap): a
   persistent 503 (the backoff sum), and a 429 whose Retry-After (120 s) exceeds the cap (gives up
   at once, without waiting).
3. Bad input: every bad notes file of tests/test_bad_input.py's table, run as `drafter draft` in a
   subprocess: how many exit 2 with one line on stderr, and the median time to exit.
4. SIGKILL in the middle of a model draft (slow server): no partial output, and `--resume` asks
   only for the sections the killed run had not finished.

The last stdout line with --json is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "writing"))  # test_model_faults: the fault table

from fake_openai import FakeOpenAI, Fault, FaultFor, GenreWriter  # noqa: E402

NOTES = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
DRAFTER = str(Path(sys.executable).parent / "drafter")
KEY = "sk-bench-not-a-key"
FAST = {"DRAFTER_RETRIES": "3", "DRAFTER_BACKOFF": "0.01", "DRAFTER_MAX_WAIT": "1"}


def _clean_environ() -> None:
    for key in list(os.environ):
        if key.startswith(("DRAFTER_", "OPENAI_")):
            del os.environ[key]
    os.environ["ANONYMIZED_TELEMETRY"] = "False"


def _draft(work: Path, fake: FakeOpenAI, env: dict[str, str], *extra: str) -> tuple[int, str, str, float]:
    """One `drafter draft` through the CLI, in-process (no import cost in the figure)."""
    from typer.testing import CliRunner

    from drafter.cli import app

    full = {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": KEY, "DRAFTER_STATE_DIR": str(work / "state"),
            "DRAFTER_CONFIG_DIR": str(work / "userconfig"), **env}
    old = Path.cwd()
    os.chdir(work)
    try:
        start = time.perf_counter()
        result = CliRunner().invoke(app, ["draft", str(work / "notes.md"), "--model", "openai:bench", "--no-examples",
                                          "-o", str(work / "out.md"), "--quiet", *extra], env=full)
        wall = time.perf_counter() - start
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr, wall


def _workdir(root: Path, name: str, timeout: float) -> Path:
    work = root / name
    work.mkdir()
    shutil.copy(NOTES, work / "notes.md")
    (work / "drafter.toml").write_text(f"[drafter]\ntimeout = {timeout}\n", "utf-8")
    return work


def fault_table(root: Path) -> list[dict]:
    from test_model_faults import CASES

    rows = []
    with FakeOpenAI(GenreWriter()) as fake:  # a healthy run first: it pays the one-time imports, and is the baseline
        code, out, _, wall = _draft(_workdir(root, "healthy", 10.0), fake, FAST)
        rows.append({"kind": "none (healthy)", "recovered": code == 0 and "check passed" in out, "transient_seconds": round(wall, 2),
                     "transient_requests": len(fake.requests), "persistent_exit": code, "give_up_seconds": 0.0,
                     "persistent_requests": 0, "saved_sections": 7, "message": ""})
    for case in CASES:
        row: dict = {"kind": case.id}
        with FakeOpenAI(FaultFor(case.target, case.fault, times=case.times)) as fake:
            code, out, err, wall = _draft(_workdir(root, f"{case.id}-t", case.timeout), fake, FAST)
            row.update(recovered=code == 0 and "check passed" in out, transient_seconds=round(wall, 2),
                       transient_requests=len(fake.requests))
        with FakeOpenAI(FaultFor(case.target, case.fault)) as fake:
            work = _workdir(root, f"{case.id}-p", case.timeout)
            code, out, err, wall = _draft(work, fake, FAST)
            lines = [ln for ln in err.splitlines() if ln.startswith("drafter: error")]
            saved = sorted(p.stem for p in (work / "state" / "runs").glob("*/*.json"))
            row.update(persistent_exit=code, give_up_seconds=round(wall, 2), persistent_requests=len(fake.requests),
                       saved_sections=len(saved), message=lines[0] if lines else "")
        rows.append(row)
    return rows


def default_budget(root: Path) -> list[dict]:
    """The shipped retry policy (no DRAFTER_RETRIES/BACKOFF/MAX_WAIT): what the user waits before the one line."""
    from drafter.writing.llm import RetryPolicy

    policy = RetryPolicy()
    rows = []
    for name, fault in (("503-persistent", Fault.http(503)), ("429-retry-after-120", Fault.http(429, retry_after=120))):
        with FakeOpenAI(FaultFor("全年安排学习课程20节", fault)) as fake:
            code, _, err, wall = _draft(_workdir(root, f"default-{name}", 10.0), fake, {})
            lines = [ln for ln in err.splitlines() if ln.startswith("drafter: error")]
            rows.append({"kind": name, "exit": code, "give_up_seconds": round(wall, 2),
                         "requests_for_the_section": sum("全年安排学习课程20节" in r.prompt for r in fake.requests),
                         "attempts": policy.attempts, "max_total_wait": policy.max_total_wait,
                         "message": lines[0] if lines else ""})
    return rows


def bad_input(root: Path) -> dict:
    from test_bad_input import BAD, NOTES_CASES, OUT

    work = root / "bad"
    shutil.copytree(BAD, work)
    (work / "a-directory").mkdir()
    with open(work / "huge.md", "wb") as fh:  # the same 50 MB file the test makes
        line = "- 开展志愿服务活动12场，服务居民300多人次\n".encode("utf-8")
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env["DRAFTER_STATE_DIR"] = str(work / ".drafter")
    times, handled, failures = [], 0, []
    for name, fragment in NOTES_CASES:
        start = time.perf_counter()
        result = subprocess.run([DRAFTER, "draft", name, *OUT], cwd=work, env=env, capture_output=True, text=True, timeout=60)
        times.append(time.perf_counter() - start)
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        ok = (result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr
              and (fragment is None or fragment in lines[0]))
        handled += ok
        if not ok:
            failures.append(name)
    return {"cases": len(NOTES_CASES), "exit_2_one_line": handled, "failures": failures,
            "median_seconds": round(statistics.median(times), 3), "max_seconds": round(max(times), 3)}


def sigkill(root: Path) -> dict:
    """Kill a model draft after about half its sections, then resume it."""
    work = _workdir(root, "kill", 10.0)
    with FakeOpenAI(GenreWriter(), latency=0.5) as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
        env.update(OPENAI_BASE_URL=fake.url, OPENAI_API_KEY=KEY, DRAFTER_STATE_DIR=str(work / "state"),
                   DRAFTER_CONFIG_DIR=str(work / "userconfig"), **FAST)
        args = [DRAFTER, "draft", "notes.md", "--model", "openai:bench", "--no-examples", "-o", "out.md", "--concurrency", "1"]
        proc = subprocess.Popen(args, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(fake.requests) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        saved = len(list((work / "state" / "runs").glob("*/*.json")))
        partial = (work / "out.md").exists() or (work / "out.json").exists()
        before = len(fake.requests)
        start = time.perf_counter()
        resumed = subprocess.run([*args, "--resume"], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        wall = time.perf_counter() - start
        asked = len(fake.requests) - before
    return {"killed_after_requests": before, "sections_saved": saved, "output_written_before_resume": partial,
            "resume_exit": resumed.returncode, "resume_requests": asked, "expected_resume_requests": 7 - saved,
            "resume_seconds": round(wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="end with one JSON object on the last line")
    parser.add_argument("--skip-kill", action="store_true", help="skip the SIGKILL scenario")
    args = parser.parse_args()
    _clean_environ()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-reliability-") as tmp:
        root = Path(tmp)
        faults = fault_table(root)
        budget = default_budget(root)
        bad = bad_input(root)
        kill = None if args.skip_kill else sigkill(root)

    print("model faults (retries 3, backoff 0.01 s, total wait capped at 1 s; 6-section draft, fault on one section)")
    print(f"  {'kind':<18} {'recovered':<9} {'wall s':>7}  {'give up s':>9} {'exit':>4} {'saved':>5}  message")
    for r in faults:
        print(f"  {r['kind']:<18} {str(r['recovered']):<9} {r['transient_seconds']:>7.2f}  {r['give_up_seconds']:>9.2f} "
              f"{r['persistent_exit']:>4} {r['saved_sections']:>5}  {r['message'][16:120]}")
    print("shipped retry policy (4 tries, backoff 1 s doubling, total wait capped at 90 s)")
    for r in budget:
        print(f"  {r['kind']:<20} gives up after {r['give_up_seconds']:.2f} s, {r['requests_for_the_section']} requests, "
              f"exit {r['exit']}: {r['message'][16:150]}")
    print(f"bad input: {bad['exit_2_one_line']}/{bad['cases']} bad notes files exit 2 with one line; "
          f"median {bad['median_seconds']:.3f} s, max {bad['max_seconds']:.3f} s to exit"
          + (f"; not handled: {', '.join(bad['failures'])}" if bad["failures"] else ""))
    if kill is not None:
        print(f"SIGKILL after {kill['killed_after_requests']} requests: {kill['sections_saved']} sections saved, "
              f"output written: {kill['output_written_before_resume']}; --resume exit {kill['resume_exit']} with "
              f"{kill['resume_requests']} requests (expected {kill['expected_resume_requests']}) in {kill['resume_seconds']:.2f} s")
    figures = {
        "fault_kinds": len(faults) - 1,
        "recovered": sum(r["recovered"] for r in faults[1:]),
        "faults": faults,
        "default_policy": budget,
        "bad_input": bad,
        "sigkill": kill,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
