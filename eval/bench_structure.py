"""Benchmark of the structure check (drafter.numbers.structure): no pass on a broken structure, no alarm on a sound one.

Sound drafts (every structure problem raised is a false alarm):
1. today's offline drafts of every notes file in examples/ and eval/cases/*/notes.md;
2. the real summaries of eval/cases/*/draft.md against their notes;
3. the corpus summaries (corpus/*.md) against notes built from their own '## ' sections (each sentence a fact).
Broken drafts: each offline draft of (1) broken one way at a time, where the notes allow it: the notes'
numbering left after an ordinal, a closing heading written as a fact, a closing fact moved among the
achievements, an achievement moved into the closing, a section emptied, a notes section left out. Each must
be reported as that problem.

Run: .venv/bin/python eval/bench_structure.py [--json]
Targets: no false alarm; every broken draft caught as its problem.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.document import render_markdown  # noqa: E402
from drafter.notes import load_notes, parse_notes  # noqa: E402
from drafter.numbers import find_structure_problems  # noqa: E402
from drafter.writing.draft import write_offline  # noqa: E402
from drafter.writing.plan import plan_draft  # noqa: E402

_TRAIL = re.compile(r"[。；;，,、！!？?…\s]+$")
_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


def notes_files() -> list[Path]:
    ex = [p for p in sorted((ROOT / "examples").iterdir()) if p.suffix in (".md", ".yaml", ".docx", ".xlsx")]
    return ex + sorted((ROOT / "eval" / "cases").glob("*/notes.md"))


def corpus_notes(text: str) -> str:
    """Notes from a summary's own sections: its '## ' headings, each sentence of a section one fact."""
    out = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        sentences = [s.strip() for s in _SENTENCE.findall(re.sub(r"^#+ .*$", "", body, flags=re.M)) if len(s.strip()) > 6]
        if sentences:
            out.append(f"## {heading.strip()}\n" + "\n".join(f"- {s}" for s in sentences))
    return "\n".join(out) + "\n"


def _sections(draft: str) -> list[tuple[int, int, str]]:
    heads = [m.start() for m in re.finditer(r"^## ", draft, re.M)]
    return [(s, heads[i + 1] if i + 1 < len(heads) else len(draft), draft[s : draft.index("\n", s)]) for i, s in enumerate(heads)]


def _clause(text: str) -> str:
    return _TRAIL.sub("", text.strip())


_MARKS = ("一、", "1. ", "（二）", "①", "2、")


def breaks(draft: str, notes, variant: int = 0) -> list[tuple[str, str]]:
    """(expected problem, broken draft) for every break these notes allow; variant picks the wording."""
    out = []
    titles = [s.title for s in notes.body_sections if s.title]
    heads = ["下一步工作打算", "存在的主要问题", notes.title or "社区2024年工作总结", *(titles[:1] or ["2025年工作计划"])]
    secs = _sections(draft)
    work = [s for s in secs if not re.search(r"不足|下一步|打算", s[2])]
    closing = [s for s in secs if re.search(r"不足|下一步|打算", s[2])]
    m = re.search(r"[二三]是(?=[^\d一二三四五六七八九十])", draft)
    if m:
        out.append(("numbering", draft[: m.end()] + _MARKS[variant % len(_MARKS)] + draft[m.end() :]))
    if work and "一是" in draft[work[0][0] : work[0][1]]:
        at = draft.index("一是", work[0][0])
        out.append(("heading_as_fact", draft[:at] + f"一是{heads[variant % len(heads)]}；二是" + draft[at + 2 :]))
    closing_facts = [f for s in notes.closing_sections for f in s.facts if len(_clause(f.text)) >= 8 and _clause(f.text) in draft]
    if closing_facts and work:
        text = _clause(closing_facts[0].text)
        cut = draft.replace(text, "", 1)
        end = next(e for s, e, h in _sections(cut) if h == work[0][2])
        out.append(("closing_in_work", cut[:end].rstrip("\n") + f"另外，{text}。\n\n" + cut[end:]))
    work_facts = [f for s in notes.body_sections if len(s.facts) >= 2 for f in s.facts if len(_clause(f.text)) >= 8 and _clause(f.text) in draft]
    if work_facts and closing:
        text = _clause(work_facts[0].text)
        cut = draft.replace(text, "", 1)
        out.append(("work_in_closing", cut.rstrip("\n") + f"\n\n同时，{text}。\n"))
    if secs:
        s, e, h = secs[0]
        out.append(("empty_section", draft[:s] + h + "\n\n" + draft[e:]))
    titled = [s for s in notes.body_sections if s.title and s.facts]
    if len(titled) >= 2 and len(work) >= 2:
        s, e, _ = work[1]
        out.append(("missing_section", draft[:s] + draft[e:]))
    return out


def main() -> int:
    as_json = "--json" in sys.argv
    false_alarms: list[str] = []
    sound = 0
    caught: dict[str, list[int]] = {}
    misses: list[str] = []
    timings: list[float] = []

    def check(draft: str, notes):
        t = time.perf_counter()
        found = find_structure_problems(draft, notes)
        timings.append(time.perf_counter() - t)
        return found

    for variant, path in enumerate(notes_files()):
        notes = load_notes(path)
        draft = render_markdown(write_offline(plan_draft(notes)))
        name = path.parent.name if path.name == "notes.md" else path.name
        sound += 1
        false_alarms += [f"offline {name}: {p.message}" for p in check(draft, notes)]
        for problem, broken in breaks(draft, notes, variant):
            found = check(broken, notes)
            hit = any(p.problem == problem for p in found)
            caught.setdefault(problem, [0, 0])
            caught[problem][0] += hit
            caught[problem][1] += 1
            if not hit:
                misses.append(f"{name}: {problem} not caught (found {[p.problem for p in found]})")
    for draft in sorted((ROOT / "eval" / "cases").glob("*/draft.md")):
        sound += 1
        false_alarms += [f"real {draft.parent.name}: {p.message}" for p in check(draft.read_text("utf-8"), load_notes(draft.parent / "notes.md"))]
    for doc in sorted((ROOT / "corpus").glob("*.md")):
        text = doc.read_text("utf-8")
        notes_text = corpus_notes(text)
        if notes_text.strip():
            sound += 1
            false_alarms += [f"corpus {doc.name}: {p.message}" for p in check(text, parse_notes(notes_text, path=doc.name))]
    total_broken = sum(t for _, t in caught.values())
    total_caught = sum(c for c, _ in caught.values())
    result = {
        "sound_drafts": sound,
        "false_alarms": len(false_alarms),
        "broken_drafts": total_broken,
        "caught": total_caught,
        "by_problem": {k: f"{c}/{t}" for k, (c, t) in sorted(caught.items())},
        "ms_per_check_median": round(sorted(timings)[len(timings) // 2] * 1000, 2),
        "false_alarm_details": false_alarms,
        "misses": misses,
    }
    if as_json:
        print(json.dumps(result, ensure_ascii=False))  # one line: eval/run reads the last line
    else:
        print(f"sound drafts: {sound}, false alarms: {len(false_alarms)} (target 0)")
        print(f"broken drafts caught as their problem: {total_caught}/{total_broken} (target all)")
        for k, v in result["by_problem"].items():
            print(f"  {k}: {v}")
        print(f"median time per structure check: {result['ms_per_check_median']} ms")
        for line in false_alarms + misses:
            print("  " + line)
    return 0 if not false_alarms and total_caught == total_broken else 1


if __name__ == "__main__":
    raise SystemExit(main())
