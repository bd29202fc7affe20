#!/usr/bin/env python3
"""How the offline draft reads, on notes of many topics written for this benchmark (eval/offline_cases/).

Drafts every case with `drafter draft` (a separate process, warm index, --runs times) and counts, per draft:
repeated number-free sentences (must be 0), heading pairs sharing a half (0), meta headings (基本情况, 工作成效,
主要做法, 其他, 概况) left as work sections (0), headings whose topic (by the offline writer's topic lexicon)
does not match their facts' (printed to be read), the share of facts joined with another into one sentence,
the share told as 一是…二是…, whether `drafter check` passes, and the median draft time (target < 2 s).

    .venv/bin/python eval/bench_offline_prose.py [--runs 3] [--json] [--show] [--before DIR]

--before DIR runs the same with the code in DIR on PYTHONPATH (e.g. `git archive a6cfef1 | tar -x -C DIR`):
the figures of the writer before issue 20. --show prints each draft's headings and mismatches.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFTER = Path(sys.executable).parent / "drafter"
CASES = ROOT / "eval" / "offline_cases"
META = re.compile(r"基本情况|工作成效|主要做法|其他|其它|概况|主要工作|工作亮点")
CLOSING = re.compile(r"不足|问题|下一步|打算|计划|今后")


def _sentences(body: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。！？\n]", body) if s.strip()]


def _clauses(body: str) -> list[str]:
    return [s for s in re.split(r"[。；！？\n]", body) if s.strip()]


def measure(draft_md: Path, notes: Path) -> dict:
    from drafter.document import parse_markdown_sections
    from drafter.notes import load_notes
    from drafter.numbers import find_quantities
    from drafter.writing.lexicon import OTHER_TOPIC, topic_for

    text = draft_md.read_text("utf-8")
    side = json.loads(draft_md.with_suffix(".json").read_text("utf-8"))
    facts = {f.id: f.text for f in load_notes(notes).facts}
    sections = parse_markdown_sections(text)
    entries = {str(s.get("heading", "")).strip(): s for s in side["sections"]}
    body_text = "\n".join(text[s.body_start : s.end] for s in sections)
    opening = text[: sections[0].start] if sections else text
    seen: dict[str, int] = {}
    for s in _sentences(opening.split("\n", 1)[-1] + "\n" + body_text):
        if not find_quantities(s) and len(s) > 6:
            seen[s] = seen.get(s, 0) + 1
    repeated = sum(n - 1 for n in seen.values() if n > 1)
    work = [s for s in sections if not CLOSING.search(s.heading)]
    halves = [set(re.split(r"[，,]", re.sub(r"^[一二三四五六七八九十]+、", "", s.heading.strip()))) for s in work]
    shared = sum(1 for i in range(len(halves)) for j in range(i + 1, len(halves)) if halves[i] & halves[j])
    meta = [s.heading.strip() for s in work if META.search(s.heading)]
    mismatched, joined, enumerated, total = [], 0, 0, 0
    for s in work:
        entry = entries.get(s.heading.strip(), {})
        texts = [facts[i] for i in entry.get("fact_ids", []) if i in facts]
        heading_topic = topic_for(re.sub(r"^[一二三四五六七八九十]+、", "", s.heading.strip()))
        fact_topic = topic_for(" ".join(texts))
        from drafter.writing.lexicon import topic_scores

        if heading_topic != OTHER_TOPIC and heading_topic != fact_topic and not topic_scores(" ".join(texts)).get(heading_topic):
            mismatched.append(f"{s.heading.strip()} [{heading_topic}] vs facts [{fact_topic}]")
        body = text[s.body_start : s.end]
        clauses = _clauses(body)
        for t in texts:
            total += 1
            core = re.sub(r"[。；;，,\s]+$", "", t)[-12:]
            hit = next((c for c in clauses if core and core in c), None)
            if hit is None:
                continue
            others = sum(1 for u in texts if u != t and re.sub(r"[。；;，,\s]+$", "", u)[-12:] in hit)
            joined += others > 0
            enumerated += bool(re.match(r"^[一二三四五六七八九十]是", hit.strip()) or re.search(r"[一二三四五六七八九十]是", hit[:40]))
    return {"repeated_sentences": repeated, "shared_halves": shared, "meta_headings": meta, "mismatched_headings": mismatched,
            "facts": total, "joined": joined, "enumerated": enumerated, "headings": [s.heading.strip() for s in sections]}


def _writer_ms(cases: list[Path]) -> float:
    """The offline writer's own time per draft (plan + compose), in process: the rest is start-up and retrieval."""
    from drafter.notes import load_notes
    from drafter.writing.draft import write_offline
    from drafter.writing.plan import plan_draft

    notes = [load_notes(p) for p in cases]
    for n in notes:
        write_offline(plan_draft(n))
    start = time.perf_counter()
    for _ in range(5):
        for n in notes:
            write_offline(plan_draft(n))
    return round((time.perf_counter() - start) / 5 / len(notes) * 1000, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--show", action="store_true", help="print each draft's headings and mismatches")
    parser.add_argument("--before", type=Path, help="a directory with older drafter code to measure instead")
    args = parser.parse_args()

    env = dict(os.environ)
    if args.before:
        env["PYTHONPATH"] = str(args.before.resolve())
    subprocess.run([str(DRAFTER), "index"], cwd=ROOT, check=True, capture_output=True, env=env)
    cases = sorted(p for p in CASES.iterdir() if p.suffix in (".md", ".yaml"))
    per_case, times = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for notes in cases:
            out = Path(tmp) / f"{notes.stem}.md"
            runs = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run([str(DRAFTER), "draft", str(notes), "-o", str(out), "--force", "-q"], cwd=ROOT, capture_output=True, env=env)
                runs.append(time.perf_counter() - start)
            times.append(statistics.median(runs))
            check = subprocess.run([str(DRAFTER), "check", str(out), "--facts", str(notes), "--json"], cwd=ROOT, capture_output=True,
                                   text=True, env=env)
            figures = measure(out, notes)
            figures["check_ok"] = check.returncode == 0
            figures["median_s"] = round(statistics.median(runs), 3)
            per_case[notes.name] = figures
    facts = sum(f["facts"] for f in per_case.values())
    writer_ms = None if args.before else _writer_ms(cases)
    result = {
        "cases": len(cases),
        "repeated_sentences": sum(f["repeated_sentences"] for f in per_case.values()),
        "shared_halves": sum(f["shared_halves"] for f in per_case.values()),
        "meta_headings": sum(len(f["meta_headings"]) for f in per_case.values()),
        "mismatched_headings": sum(len(f["mismatched_headings"]) for f in per_case.values()),
        "headings": sum(len(f["headings"]) for f in per_case.values()),
        "joined_share": round(sum(f["joined"] for f in per_case.values()) / facts, 3) if facts else 0.0,
        "enumerated_share": round(sum(f["enumerated"] for f in per_case.values()) / facts, 3) if facts else 0.0,
        "check_passes": sum(f["check_ok"] for f in per_case.values()),
        "median_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "writer_ms": writer_ms,
        "per_case": per_case,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    label = f"code in {args.before}" if args.before else "this tree"
    print(f"offline prose on {len(cases)} notes files ({label}), median of {args.runs} runs each, warm index")
    for name, f in per_case.items():
        print(f"  {name:32s} repeats {f['repeated_sentences']}  shared halves {f['shared_halves']}  meta {len(f['meta_headings'])}  "
              f"mismatched {len(f['mismatched_headings'])}  joined {f['joined']}/{f['facts']}  check {'ok' if f['check_ok'] else 'FAILED'}  {f['median_s']:.2f} s")
        if args.show:
            for h in f["headings"]:
                print(f"      {h}")
            for m in f["mismatched_headings"] + f["meta_headings"]:
                print(f"      ! {m}")
    print(f"repeated number-free sentences: {result['repeated_sentences']} (target 0)")
    print(f"headings sharing a half: {result['shared_halves']} (target 0)")
    print(f"meta headings as work sections: {result['meta_headings']} (target 0)")
    print(f"headings whose topic does not match their facts: {result['mismatched_headings']} of {result['headings']}")
    print(f"facts joined with another into one sentence: {result['joined_share']:.0%}; told as 一是…二是…: {result['enumerated_share']:.0%}")
    print(f"check passes: {result['check_passes']}/{len(cases)}")
    print(f"offline draft time: median {result['median_s']:.2f} s, max {result['max_s']:.2f} s (target < 2 s)")
    if writer_ms is not None:
        print(f"of which planning and composing (in process, no index): {writer_ms:.1f} ms per draft")
    return 0


if __name__ == "__main__":
    sys.exit(main())
