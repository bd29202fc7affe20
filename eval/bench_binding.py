"""Benchmark of binding in the number check: false alarms on faithful drafts, catches by error type.

Cases: eval/binding_cases/cases.jsonl (made by eval/make_binding_cases.py from the eval cases' notes, the
examples and eval/binding_cases/notes/): faithful drafts written the way a chat model writes
(paraphrased, merged, split, reordered, equivalent number forms) and one-error variants typed swap,
shift, round, qualifier, unit, invent, sum, drop, date, year.

- faithful: an alarm is anything missing, unsupported or misbound (placeholders aside);
- a variant is caught when it raises more alarms than the faithful draft it was made from;
- swap and shift are also counted as "named": caught as misbound (the swap said in one line).

Run: .venv/bin/python eval/bench_binding.py [--json] [--verbose]
Targets: faithful false alarms <= 1%; swap and shift >= 95%; every other type >= 98%.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.notes import load_notes  # noqa: E402
from drafter.numbers.check import check_text  # noqa: E402

CASES = ROOT / "eval" / "binding_cases" / "cases.jsonl"
TARGETS = {"faithful_false_alarm_rate": 0.01, "swap": 0.95, "shift": 0.95, "other": 0.98}
TYPES = ("swap", "shift", "round", "qualifier", "unit", "invent", "sum", "drop", "date", "year")


def alarms(report) -> int:
    return len(report.missing) + len(report.unsupported) + len(report.misbound)


def run(verbose: bool = False) -> dict:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    notes_cache: dict[str, object] = {}
    base_alarms: dict[str, int] = {}
    faithful = false_alarms = 0
    caught: dict[str, int] = {t: 0 for t in TYPES}
    total: dict[str, int] = {t: 0 for t in TYPES}
    named: dict[str, int] = {"swap": 0, "shift": 0}
    details: list[str] = []
    started = time.perf_counter()
    for case in cases:
        notes = notes_cache.get(case["notes"]) or notes_cache.setdefault(case["notes"], load_notes(ROOT / case["notes"]))
        report = check_text(case["draft"], notes)
        n = alarms(report)
        if case["type"] == "faithful":
            faithful += 1
            base_alarms[case["id"]] = n
            if n:
                false_alarms += 1
                what = [f"missing {m.quantity}" for m in report.missing] + [f"unsupported {u.quantity}" for u in report.unsupported]
                what += [m.message() for m in report.misbound]
                details.append(f"false alarm {case['id']}: " + "; ".join(what[:4]))
            continue
        kind = case["type"]
        total[kind] += 1
        if n > base_alarms.get(case["base"], 0):
            caught[kind] += 1
            if kind in named and report.misbound:
                named[kind] += 1
        else:
            details.append(f"missed {case['id']}: {case['change']}")
    seconds = time.perf_counter() - started
    rates = {t: (caught[t] / total[t] if total[t] else None) for t in TYPES}
    others = [t for t in TYPES if t not in ("swap", "shift") and total[t]]
    met = (
        faithful and false_alarms / faithful <= TARGETS["faithful_false_alarm_rate"]
        and all(rates[t] is None or rates[t] >= TARGETS[t] for t in ("swap", "shift"))
        and all(rates[t] >= TARGETS["other"] for t in others)
    )  # fmt: skip
    return {
        "cases": len(cases),
        "faithful": faithful,
        "false_alarms": false_alarms,
        "faithful_false_alarm_rate": false_alarms / faithful if faithful else 0.0,
        "caught": caught,
        "total": total,
        "rates": rates,
        "named_as_misbound": named,
        "seconds": round(seconds, 3),
        "targets_met": bool(met),
        "details": details if verbose else details[:20],
    }


def main() -> None:
    result = run(verbose="--verbose" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"cases:                {result['cases']} ({result['faithful']} faithful, {result['cases'] - result['faithful']} one-error variants)")
    print(f"faithful false alarms: {result['false_alarms']}/{result['faithful']} ({result['faithful_false_alarm_rate']:.1%}, target <= 1%)")
    for t in TYPES:
        if result["total"][t]:
            target = TARGETS.get(t, TARGETS["other"])
            extra = f", {result['named_as_misbound'][t]} named as misbound" if t in result["named_as_misbound"] else ""
            print(f"  {t:<10} caught {result['caught'][t]:>3}/{result['total'][t]:<3} ({result['rates'][t]:.1%}, target >= {target:.0%}{extra})")
    print(f"time:                 {result['seconds']:.2f} s for all cases")
    for line in result["details"]:
        print("  " + line)
    print("targets met" if result["targets_met"] else "TARGETS NOT MET")


if __name__ == "__main__":
    main()
