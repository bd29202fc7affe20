"""Benchmark: the model writer's parallelism and repair cost against a loopback server that answers after 1 s.

    .venv/bin/python eval/bench_model.py [--json] [--latency 1.0] [--concurrency 4]

For the 6-section example draft (4 body sections, 不足, 下一步, plus the opening) it reports the wall
time against the sequential cost (calls x latency; target <= 0.4 of it) and the calls made per
section, once with a server that answers right and once with one that breaks a number in the first
answer of every section (so each of those sections needs one repair).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fake_openai import FakeOpenAI, GenreWriter  # noqa: E402

NOTES = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
TARGET = 0.4


def scenario(name: str, writer: GenreWriter, latency: float, concurrency: int) -> dict:
    from drafter.config import load_settings
    from drafter.writing.model import make_model_draft

    with FakeOpenAI(writer, latency=latency) as fake, tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": "sk-bench-not-a-key", "DRAFTER_BACKOFF": "0.05"})
        settings = load_settings(Path(tmp)).with_overrides(
            model="openai:bench", state_dir=Path(tmp) / "state", concurrency=concurrency, max_repairs=2
        )
        start = time.perf_counter()
        result = make_model_draft(NOTES, settings, out=Path(tmp) / "d.md", use_examples=False, quiet=True)
        wall = time.perf_counter() - start
        side = json.loads((Path(tmp) / "d.json").read_text("utf-8"))
    calls = len(fake.requests)
    per_section = {s["heading"] or "开头": s["calls"] for s in side["model_run"]["sections"]}
    sequential = calls * latency
    return {
        "scenario": name,
        "sections": len(result.draft.sections),
        "calls": calls,
        "wall_seconds": round(wall, 2),
        "sequential_seconds": round(sequential, 2),
        "ratio": round(wall / sequential, 3),
        "target_met": wall / sequential <= TARGET,
        "check_ok": bool(result.report.ok) and not result.failed,
        "calls_per_section": per_section,
        "repairs": sum(s["repairs"] for s in side["model_run"]["sections"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--latency", type=float, default=1.0, help="seconds the server takes per call")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    for var in list(os.environ):
        if var.startswith(("DRAFTER_", "OPENAI_")):
            del os.environ[var]
    # Import LangChain once before timing: its ~2 s import is a fixed start-up cost, not parallelism.
    start = time.perf_counter()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import langchain_community.cache  # noqa: F401
        import langchain_openai  # noqa: F401
    startup = time.perf_counter() - start
    rows = [
        scenario("no repairs", GenreWriter(), args.latency, args.concurrency),
        scenario("first answer of each section breaks a number", GenreWriter("invent"), args.latency, args.concurrency),
    ]
    if args.json:
        print(json.dumps({"latency": args.latency, "concurrency": args.concurrency, "target_ratio": TARGET,
                          "startup_import_seconds": round(startup, 2), "runs": rows},
                         ensure_ascii=False, indent=2))
    else:
        print(f"model writer, loopback server answering after {args.latency:g} s, concurrency {args.concurrency}")
        print(f"(LangChain import, paid once per process and not counted below: {startup:.2f} s)")
        for r in rows:
            print(f"\n{r['scenario']}: {r['sections']} sections, {r['calls']} calls, {r['repairs']} repairs, check ok: {r['check_ok']}")
            print(f"  wall {r['wall_seconds']:.2f} s vs sequential {r['sequential_seconds']:.2f} s "
                  f"= {r['ratio']:.2f} (target <= {TARGET}: {'met' if r['target_met'] else 'NOT met'})")
            print("  calls per section: " + ", ".join(f"{h[:8]} {n}" for h, n in r["calls_per_section"].items()))
    return 0 if all(r["target_met"] and r["check_ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
