"""Benchmark: the model writer and its repair loop against a loopback model that errs like a real one.

    .venv/bin/python eval/bench_model.py [--seeds 2] [--runs 3] [--rates 0.1,0.3,0.6] [--parts 1,2,3] [--json]

The model is tests/realistic_model.py's RealisticWriter behind tests/fake_openai.py's server (real
HTTP, streaming): at a set rate a first answer drops, rounds or re-qualifies a number, invents a
total or a percentage, swaps two numbers, answers in English or refuses; a repair fixes each named
problem with probability 0.9. Three parts:

1. The repair loop (no latency): every notes file in examples/ and eval/cases/, drafted once per
   seed at each error rate, then a `drafter rewrite` of its first two body sections: calls per draft and per
   section, the share of drafts that end fully proven, the share of sections still failing after
   max_repairs, the share where drafter removed an invented sentence the repairs left, and sections
   that passed the check while still carrying a mistake (swaps: only a misbound check sees them).
2. Wall time in process, the 6-section example with 1 s and 5 s calls at each rate (median of
   --runs seeds): against 1 call + the longest repair chain + 0.5 s, and against calls x latency.
3. The whole process at the defaults (`drafter draft` with a warm index, 1 s calls, no errors and
   30 %): when the first and the last first-attempt request arrive after the process starts, against
   what `import chromadb, langchain_openai` alone costs; process wall time against calls x 1 s.

Targets at 30 %: >= 99 % of sections proven after the repairs, <= 1.5 calls per section, wall
<= 1 call + repair chain + 0.5 s, first requests within 0.5 s of each other, wall <= 0.45 x calls x 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_openai import FakeOpenAI  # noqa: E402
from realistic_model import RealisticWriter  # noqa: E402

EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
DRAFTER = Path(sys.executable).parent / "drafter"
KEY = "sk-bench-not-a-key"


def notes_files() -> list[Path]:
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".yaml"))
    return examples + sorted((ROOT / "eval" / "cases").glob("*/notes.md"))


def _env(url: str) -> None:
    for var in list(os.environ):
        if var.startswith(("DRAFTER_", "OPENAI_")):
            del os.environ[var]
    os.environ.update({"OPENAI_BASE_URL": url, "OPENAI_API_KEY": KEY, "DRAFTER_BACKOFF": "0.05"})


def _settings(tmp: Path):
    from drafter.config import load_settings

    return load_settings(tmp).with_overrides(model="openai:bench", state_dir=tmp / "state")


def _is_first(request) -> bool:
    users = [m for m in request.messages if m.get("role") == "user"]
    return len(users) == 1


def draft_once(notes: Path, writer: RealisticWriter, latency: float = 0.0) -> dict:
    """One model draft in this process; what it cost and how it ended."""
    from drafter.errors import ModelError
    from drafter.writing.model import make_model_draft

    with FakeOpenAI(writer, latency=latency) as fake, tempfile.TemporaryDirectory() as tmp:
        _env(fake.url)
        settings = _settings(Path(tmp))
        start = time.perf_counter()
        try:
            result = make_model_draft(notes, settings, out=Path(tmp) / "d.md", use_examples=False)
            stopped = None
        except ModelError as exc:
            result, stopped = None, str(exc)
        wall = time.perf_counter() - start
        firsts = [r.at for r in fake.requests if _is_first(r)]
        row = {"notes": notes.name if notes.name != "notes.md" else notes.parent.name, "calls": len(fake.requests),
               "wall": wall, "first_spread": (max(firsts) - min(firsts)) if firsts else 0.0, "stopped": stopped}
        if result is None:
            return {**row, "sections": 0, "failed": 0, "proven": False, "chain": 0, "wrong_but_passed": 0, "trimmed": 0}
        side = json.loads((Path(tmp) / "d.json").read_text("utf-8"))["model_run"]["sections"]
        # ground truth: a section drafter accepted whose latest answer still carries a mistake (an invented
        # sentence drafter removed after the repairs does not count: it is not in the draft)
        def still_wrong(s: dict) -> bool:
            kinds = writer.residual_for("：" + s["heading"]) if s["heading"] else []
            return any(k not in ("total", "percent") or not s.get("trimmed") for k in kinds)

        wrong = sum(1 for s in side if s["ok"] and still_wrong(s))
        trimmed = sum(1 for s in side if s.get("trimmed"))
        return {**row, "sections": len(side), "failed": sum(not s["ok"] for s in side), "proven": bool(result.report.ok) and not result.failed,
                "chain": max(s["calls"] for s in side), "wrong_but_passed": wrong, "trimmed": trimmed, "section_calls": [s["calls"] for s in side]}


def rewrite_all(notes: Path, writer_seed: int, rate: float, latency: float = 0.0, sections: int | None = None) -> list[dict]:
    """Draft with a faultless model, then rewrite each body section against an erring one."""
    from drafter.errors import ModelError
    from drafter.writing import rewrite_section
    from drafter.writing.model import make_model_draft

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        with FakeOpenAI(RealisticWriter(0.0, seed=writer_seed)) as good:
            _env(good.url)
            settings = _settings(Path(tmp))
            result = make_model_draft(notes, settings, out=Path(tmp) / "d.md", use_examples=False)
        body = [s for s in result.draft.sections if not s.closing][: sections or None]
        writer = RealisticWriter(rate, seed=writer_seed)
        with FakeOpenAI(writer, latency=latency) as fake:
            _env(fake.url)
            settings = _settings(Path(tmp))
            for n in range(1, len(body) + 1):
                before = len(fake.requests)
                start = time.perf_counter()
                try:
                    done = rewrite_section(Path(tmp) / "d.md", str(n), settings, instruction="更简洁一些")
                    ok, repairs = done.ok, done.repairs
                except ModelError:
                    ok, repairs = False, -1
                rows.append({"calls": len(fake.requests) - before, "wall": time.perf_counter() - start, "ok": ok, "repairs": repairs})
    return rows


def loop_figures(rate: float, seeds: int) -> dict:
    drafts = [draft_once(n, RealisticWriter(rate, seed=s)) for s in range(seeds) for n in notes_files()]
    rewrites = [r for s in range(seeds) for n in notes_files() for r in rewrite_all(n, s, rate, sections=2)]
    sections = sum(d["sections"] for d in drafts)
    return {
        "rate": rate,
        "drafts": len(drafts),
        "sections": sections,
        "calls_per_draft": statistics.mean(d["calls"] for d in drafts),
        "calls_per_section": sum(d["calls"] for d in drafts if d["sections"]) / max(1, sections),
        "drafts_fully_proven": sum(d["proven"] for d in drafts) / len(drafts),
        "sections_failing_after_repairs": sum(d["failed"] for d in drafts) / max(1, sections),
        "sections_wrong_but_passed": sum(d["wrong_but_passed"] for d in drafts) / max(1, sections),
        "sections_trimmed": sum(d["trimmed"] for d in drafts) / max(1, sections),
        "drafts_stopped": sum(bool(d["stopped"]) for d in drafts),
        "rewrites": len(rewrites),
        "rewrite_calls": statistics.mean(r["calls"] for r in rewrites),
        "rewrites_proven": sum(r["ok"] for r in rewrites) / len(rewrites),
    }


def wall_figures(rate: float, latency: float, runs: int) -> dict:
    drafts = [draft_once(EXAMPLE, RealisticWriter(rate, seed=100 + s), latency) for s in range(runs)]
    rewrites = [rewrite_all(EXAMPLE, 100 + s, rate, latency, sections=1)[0] for s in range(runs)]
    bound = [latency * d["chain"] + 0.5 for d in drafts]
    return {
        "rate": rate,
        "latency": latency,
        "calls": statistics.median(d["calls"] for d in drafts),
        "wall": statistics.median(d["wall"] for d in drafts),
        "chain": statistics.median(d["chain"] for d in drafts),
        "bound_met": all(d["wall"] <= b for d, b in zip(drafts, bound)),
        "over_bound": statistics.median(d["wall"] - b for d, b in zip(drafts, bound)),
        "ratio": statistics.median(d["wall"] / (d["calls"] * latency) for d in drafts),
        "first_spread": max(d["first_spread"] for d in drafts),
        "rewrite_calls": statistics.median(r["calls"] for r in rewrites),
        "rewrite_wall": statistics.median(r["wall"] for r in rewrites),
    }


def _import_cost(runs: int) -> float:
    code = "import chromadb, langchain_openai"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-W", "ignore", "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_figures(rate: float, runs: int, index_dir: Path) -> dict:
    """`drafter draft` as a user runs it, with a warm index, against 1 s calls."""
    rows = []
    for s in range(runs):
        imports = _import_cost(1)  # paired with the run right after it: the machine's load drifts
        writer = RealisticWriter(rate, seed=200 + s)
        with FakeOpenAI(writer, latency=1.0) as fake, tempfile.TemporaryDirectory() as tmp:
            state = Path(tmp) / "state"
            shutil.copytree(index_dir, state / "index")
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
            env.update({"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": KEY, "DRAFTER_STATE_DIR": str(state)})
            start_wall = time.time()
            start = time.perf_counter()
            subprocess.run([str(DRAFTER), "draft", str(EXAMPLE), "--model", "openai:bench", "-o", str(Path(tmp) / "d.md"), "-q"],
                           cwd=ROOT, env=env, capture_output=True)
            wall = time.perf_counter() - start
            firsts = sorted(r.at - start_wall for r in fake.requests if _is_first(r))
            rows.append({"wall": wall, "calls": len(fake.requests), "first": firsts[0], "last_first": firsts[-1], "imports": imports})
    return {
        "rate": rate,
        "wall": statistics.median(r["wall"] for r in rows),
        "calls": statistics.median(r["calls"] for r in rows),
        "first_request": statistics.median(r["first"] for r in rows),
        "imports": statistics.median(r["imports"] for r in rows),
        "first_over_imports": statistics.median(r["first"] - r["imports"] for r in rows),
        "wall_less_imports": statistics.median(r["wall"] - r["imports"] for r in rows),
        "first_spread": max(r["last_first"] - r["first"] for r in rows),
        "ratio": statistics.median(r["wall"] / r["calls"] for r in rows),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=2, help="seeds per notes file in part 1")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure in parts 2 and 3 (medians)")
    parser.add_argument("--rates", default="0.1,0.3,0.6")
    parser.add_argument("--parts", default="1,2,3", help="which parts to run, e.g. 2,3")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    import warnings

    warnings.simplefilter("ignore")
    with contextlib.redirect_stdout(io.StringIO()):
        import langchain_openai  # noqa: F401  (paid once; part 3 measures it per process)
    parts = {int(p) for p in args.parts.split(",")}
    figures: dict = {}
    if 1 in parts:
        figures["loop"] = [loop_figures(r, args.seeds) for r in rates]
    if 2 in parts:
        figures["wall"] = [wall_figures(r, lat, args.runs) for lat in (1.0, 5.0) for r in rates]
    if 3 in parts:
        subprocess.run([str(DRAFTER), "index"], cwd=ROOT, check=True, capture_output=True)
        figures["process"] = [process_figures(r, args.runs, ROOT / ".drafter" / "index") for r in (0.0, 0.3)]
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    if "loop" in figures:
        print_loop(figures["loop"])
    if "wall" in figures:
        print_wall(figures["wall"], args.runs)
    if "process" in figures:
        print_process(figures, args.runs)
    return 0


def print_loop(loop: list[dict]) -> None:
    print("part 1: the repair loop (max_repairs 2, fix probability 0.9), no latency")
    print(f"{'rate':>5} {'drafts':>6} {'sections':>8} {'calls/draft':>11} {'calls/section':>13} {'drafts proven':>13} "
          f"{'sections failing':>16} {'trimmed':>7} {'wrong but passed':>16} {'stopped':>7} {'rewrite calls':>13} {'rewrites proven':>15}")
    for f in loop:
        print(f"{f['rate']:>5.0%} {f['drafts']:>6} {f['sections']:>8} {f['calls_per_draft']:>11.2f} {f['calls_per_section']:>13.2f} "
              f"{f['drafts_fully_proven']:>13.1%} {f['sections_failing_after_repairs']:>16.2%} {f['sections_trimmed']:>7.2%} "
              f"{f['sections_wrong_but_passed']:>16.2%} "
              f"{f['drafts_stopped']:>7} {f['rewrite_calls']:>13.2f} {f['rewrites_proven']:>15.1%}")


def print_wall(wall: list[dict], runs: int) -> None:
    print(f"\npart 2: wall time in process, {EXAMPLE.name} (6 sections + opening), median of {runs} seeds")
    print(f"{'latency':>7} {'rate':>5} {'calls':>5} {'wall s':>6} {'chain':>5} {'wall-(chain+0.5)':>16} {'wall/(calls*lat)':>16} "
          f"{'1st-req spread':>14} {'rewrite calls':>13} {'rewrite wall':>12}")
    for f in wall:
        print(f"{f['latency']:>6.0f}s {f['rate']:>5.0%} {f['calls']:>5.0f} {f['wall']:>6.2f} {f['chain']:>5.0f} {f['over_bound']:>+16.2f} "
              f"{f['ratio']:>16.2f} {f['first_spread']:>13.3f}s {f['rewrite_calls']:>13.0f} {f['rewrite_wall']:>11.2f}s")


def print_process(figures: dict, runs: int) -> None:
    print(f"\npart 3: `drafter draft` as a process, warm index, 1 s calls, median of {runs}, each run paired with "
          "a process that only does `import chromadb, langchain_openai`")
    for f in figures["process"]:
        print(f"  rate {f['rate']:.0%}: first request at {f['first_request']:.2f} s, imports alone {f['imports']:.2f} s "
              f"(first request {f['first_over_imports']:+.2f} s over them), all first requests within {f['first_spread']:.3f} s, "
              f"{f['calls']:.0f} calls, wall {f['wall']:.2f} s = {f['ratio']:.2f} x calls x 1 s; wall less the imports {f['wall_less_imports']:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
