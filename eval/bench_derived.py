"""Benchmark of computed figures and close owners in the number check (drafter.numbers.derived, issue 18).

Cases in eval/derived_cases/<name>/: notes.md, faithful.md (a model-style draft that states the notes),
computed.md (the same draft with totals, rates and differences a writer computes from the notes) and
variants.json: "computed" (each computed figure), "wrong" (one computed figure changed), "swaps" (two
figures of close owners exchanged: 正式党员/预备党员, 60岁以上/80岁以上).
Measured:
1. faithful drafts: alarms (a failing check is one alarm);
2. computed drafts: the share of computed figures that pass marked derived (the check stays ok);
3. numeric errors: every non-weak quantity of each faithful and each computed draft, its last digit +1 and
   -1 (one at a time): caught share;
4. wrong computed figures: caught share, and the share whose reason gives the right value (应为…);
5. swaps: caught share;
6. the model writer against tests/realistic_model.py's loopback model set to add a right computed total
   or rate to every section it can and to make a wrong one in half of its first answers: right ones in
   the final drafts marked derived, wrong ones caught and repaired, drafts proven (--no-model skips it);
7. `drafter check` wall time on a 5,000-character draft, median of 7 runs, this tree against main's code
   (a6cfef1, unpacked with git archive) when git can give it.

Run: .venv/bin/python eval/bench_derived.py [--json] [--no-model] [--no-wall]
Targets: faithful alarms 0, derived >= 0.9, numeric caught >= 0.98, wrong caught 1.0, swaps >= 0.95, wall <= main + 10%.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.notes.parse import parse_notes  # noqa: E402
from drafter.numbers.check import check_text  # noqa: E402
from drafter.numbers.quantities import find_quantities  # noqa: E402

CASES = ROOT / "eval" / "derived_cases"
MAIN_COMMIT = "a6cfef1"
TARGETS = {"faithful_alarms": 0, "derived_rate": 0.9, "numeric_caught": 0.98, "wrong_caught": 1.0, "swap_caught": 0.95, "wall_ratio": 1.10}


def cases() -> list[tuple[str, str, str, str, dict]]:
    out = []
    for d in sorted(p for p in CASES.iterdir() if p.is_dir()):
        read = lambda name, d=d: (d / name).read_text(encoding="utf-8")  # noqa: E731
        out.append((d.name, read("notes.md"), read("faithful.md"), read("computed.md"), json.loads(read("variants.json"))))
    return out


def numeric_mutants(draft: str) -> list[tuple[str, str]]:
    """Each non-weak Arabic-numbered quantity outside the title, its last digit changed (+1)."""
    body_start = draft.find("\n") + 1
    out = []
    for q in find_quantities(draft):
        num = draft[q.num_start : q.num_end]
        if q.weak or q.start < body_start or not num[-1:].isdigit() or q.kind == "year":
            continue
        for step in (1, 9):  # +1 and -1 on the last digit
            changed = num[:-1] + str((int(num[-1]) + step) % 10)
            out.append((f"{q.text}→{changed}", draft[: q.num_start] + changed + draft[q.num_end :]))
    return out


def run() -> dict:
    faithful_alarms, faithful_details = 0, []
    derived_hits = derived_total = 0
    derived_misses = []
    numeric_caught = numeric_total = 0
    numeric_missed = []
    wrong_caught = wrong_total = wrong_valued = 0
    wrong_missed = []
    swap_caught = swap_total = 0
    swap_missed = []
    for name, notes_text, faithful, computed, variants in cases():
        notes = parse_notes(notes_text, path=f"{name}/notes.md")
        report = check_text(faithful, notes)
        if not report.ok:
            faithful_alarms += 1
            faithful_details.append(f"{name}: {report.summary()} {[u.quantity for u in report.unsupported]} {[m.quantity for m in report.missing]}")
        report = check_text(computed, notes)
        marked = {d.quantity for d in report.derived}
        for written, _how in variants["computed"]:
            derived_total += 1
            if report.ok and written in marked:
                derived_hits += 1
            else:
                derived_misses.append(f"{name}: {written} ({report.summary()})")
        for label, mutant in numeric_mutants(faithful) + numeric_mutants(computed):
            numeric_total += 1
            if check_text(mutant, notes).ok:
                numeric_missed.append(f"{name}: {label}")
            else:
                numeric_caught += 1
        for old, new in variants["wrong"]:
            wrong_total += 1
            r = check_text(computed.replace(old, new), notes)
            if r.ok:
                wrong_missed.append(f"{name}: {new}")
                continue
            wrong_caught += 1
            wrong_valued += any("应为" in u.reason for u in r.unsupported)
        for old, new in variants["swaps"]:
            swap_total += 1
            if check_text(faithful.replace(old, new), notes).ok:
                swap_missed.append(f"{name}: {new}")
            else:
                swap_caught += 1
    return {
        "cases": len(cases()),
        "faithful_alarms": faithful_alarms,
        "derived_rate": round(derived_hits / max(1, derived_total), 3),
        "derived_figures": derived_total,
        "numeric_caught": round(numeric_caught / max(1, numeric_total), 3),
        "numeric_mutants": numeric_total,
        "wrong_caught": round(wrong_caught / max(1, wrong_total), 3),
        "wrong_with_right_value": round(wrong_valued / max(1, wrong_total), 3),
        "wrong_figures": wrong_total,
        "swap_caught": round(swap_caught / max(1, swap_total), 3),
        "swaps": swap_total,
        "details": {"faithful": faithful_details, "derived_missed": derived_misses, "numeric_missed": numeric_missed,
                    "wrong_missed": wrong_missed, "swap_missed": swap_missed},
    }  # fmt: skip


# ---------------------------------------------------------------- the model writer


def model_figures(seeds: int = 2) -> dict:
    """Drafts written by the model writer against a loopback model that computes figures, right and wrong."""
    import contextlib
    import io

    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "eval"))
    from bench_model import _env, _settings
    from fake_openai import FakeOpenAI
    from realistic_model import RealisticWriter

    from drafter.writing.model import make_model_draft

    added = derived = made = fixed = proven = drafts = 0
    for seed in range(seeds):
        for d in sorted(p for p in CASES.iterdir() if p.is_dir()):
            writer = RealisticWriter(0.5, fix=0.9, seed=seed, weights={"miscompute": 1}, compute=1.0)
            with FakeOpenAI(writer) as fake, tempfile.TemporaryDirectory() as tmp:
                _env(fake.url)
                with contextlib.redirect_stderr(io.StringIO()):
                    result = make_model_draft(d / "notes.md", _settings(Path(tmp)), out=Path(tmp) / "d.md", use_examples=False)
            drafts += 1
            added += sum(writer.computed.values())
            derived += len(result.report.derived)
            made += writer.made["miscompute"]
            fixed += writer.fixed["miscompute"]
            proven += bool(result.report.ok) and not result.failed
    return {"model_drafts": drafts, "model_right_computed": added, "model_derived": derived, "model_wrong_made": made,
            "model_wrong_repaired": fixed, "model_proven": proven}  # fmt: skip


# ---------------------------------------------------------------- wall time against main


def _draft_5000() -> tuple[str, str]:
    drafts, notes = "", ""
    while len(drafts) < 5000:
        for _, notes_text, _faithful, computed, _ in cases():
            drafts += computed.split("\n", 1)[1] + "\n"
            notes += notes_text.split("---", 2)[2] + "\n"
    return "# 2025年工作总结\n" + drafts[:5000], "---\nperiod: 2025年\n---\n" + notes


def _wall(pythonpath: str | None, draft: Path, notes: Path, runs: int = 7) -> float:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    code = "import sys; from drafter.cli import main; sys.argv=['drafter','check',sys.argv[1],'--facts',sys.argv[2],'--json']; main()"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(draft), str(notes)], capture_output=True, env=env, cwd=draft.parent)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def wall_times() -> dict:
    text, notes_text = _draft_5000()
    with tempfile.TemporaryDirectory() as tmp:
        draft, notes = Path(tmp) / "draft.md", Path(tmp) / "notes.md"
        draft.write_text(text, encoding="utf-8")
        notes.write_text(notes_text, encoding="utf-8")
        main_dir = Path(tmp) / "main"
        main_dir.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", MAIN_COMMIT, "drafter"], capture_output=True)
        have_main = archive.returncode == 0 and subprocess.run(["tar", "-x", "-C", str(main_dir)], input=archive.stdout).returncode == 0
        result = {}
        # alternate the two trees so that load on the machine hits both alike
        this, main = [], []
        for _ in range(5):
            this.append(_wall(str(ROOT), draft, notes, runs=3))
            if have_main:
                main.append(_wall(str(main_dir), draft, notes, runs=3))
        result["wall_s"] = round(statistics.median(this), 3)
        if main:
            result["wall_main_s"] = round(statistics.median(main), 3)
            result["wall_ratio"] = round(result["wall_s"] / result["wall_main_s"], 3)
        result["draft_chars"] = len(text)
        return result


def main() -> int:
    result = run()
    if "--no-model" not in sys.argv:
        result.update(model_figures())
    if "--no-wall" not in sys.argv:
        result.update(wall_times())
    if "--json" in sys.argv:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, values in result.pop("details").items():
            for v in values:
                print(f"  {key}: {v}")
        print(f"cases:                       {result['cases']}")
        print(f"faithful drafts, alarms:     {result['faithful_alarms']} of {result['cases']} (target {TARGETS['faithful_alarms']})")
        print(f"computed figures derived:    {result['derived_rate']:.1%} of {result['derived_figures']} (target >= 90%)")
        print(f"numeric errors caught:       {result['numeric_caught']:.1%} of {result['numeric_mutants']} (target >= 98%)")
        print(f"wrong computed caught:       {result['wrong_caught']:.1%} of {result['wrong_figures']}, "
              f"with the right value {result['wrong_with_right_value']:.1%}")  # fmt: skip
        print(f"close-owner swaps caught:    {result['swap_caught']:.1%} of {result['swaps']} (target >= 95%)")
        if "model_drafts" in result:
            print(f"model writer, computing model: {result['model_drafts']} drafts, {result['model_proven']} proven; "
                  f"right computed figures added {result['model_right_computed']}, marked derived in the drafts {result['model_derived']}; "
                  f"wrong ones made {result['model_wrong_made']}, repaired {result['model_wrong_repaired']}")  # fmt: skip
        if "wall_main_s" in result:
            print(f"drafter check wall time:     {result['wall_s']:.3f} s vs main {result['wall_main_s']:.3f} s "
                  f"(x{result['wall_ratio']:.2f}, target <= x1.10), {result['draft_chars']}-char draft, median")  # fmt: skip
        elif "wall_s" in result:
            print(f"drafter check wall time:     {result['wall_s']:.3f} s ({result['draft_chars']}-char draft, median)")
    ok = (
        result["faithful_alarms"] <= TARGETS["faithful_alarms"]
        and result["derived_rate"] >= TARGETS["derived_rate"]
        and result["numeric_caught"] >= TARGETS["numeric_caught"]
        and result["swap_caught"] >= TARGETS["swap_caught"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
