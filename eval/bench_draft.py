#!/usr/bin/env python3
"""Offline drafting, end to end: the wall time of `drafter draft` on each example with a warm index.

Runs `drafter index` once (so the index is warm), then drafts every file in examples/ N times as a
separate process (what a user waits for) and prints the median per example, plus the share of
drafts whose check passed. Target: <= 2 s per example.

    .venv/bin/python eval/bench_draft.py [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFTER = Path(sys.executable).parent / "drafter"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    subprocess.run([str(DRAFTER), "index"], cwd=ROOT, check=True, capture_output=True)
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".yaml"))
    figures: dict[str, dict] = {}
    passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for notes in examples:
            times = []
            for i in range(args.runs):
                out = Path(tmp) / f"{notes.stem}-{i}.md"
                start = time.perf_counter()
                proc = subprocess.run([str(DRAFTER), "draft", str(notes), "-o", str(out), "--force", "-q"], cwd=ROOT, capture_output=True, text=True)
                times.append(time.perf_counter() - start)
            passed += proc.returncode == 0
            figures[notes.name] = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3), "check_passed": proc.returncode == 0}
    result = {
        "examples": len(examples),
        "runs": args.runs,
        "check_pass_rate": passed / len(examples) if examples else 0.0,
        "median_s": round(statistics.median(f["median_s"] for f in figures.values()), 3),
        "max_median_s": round(max(f["median_s"] for f in figures.values()), 3),
        "per_example": figures,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"offline drafting, warm index, median of {args.runs} process runs per example")
        for name, f in figures.items():
            print(f"  {name:40s} {f['median_s']:.3f} s  check {'passed' if f['check_passed'] else 'FAILED'}")
        print(f"median over examples: {result['median_s']:.3f} s (max {result['max_median_s']:.3f} s; target <= 2 s)")
        print(f"check pass rate: {result['check_pass_rate']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
