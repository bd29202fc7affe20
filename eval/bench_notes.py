"""Benchmark of how raw notes are understood: every notes file with an answer key in eval/notes_cases/.

A case is any notes file (pasted Word text, typed lists, WeChat messages, prose, GBK text with CRLF,
full-width digits, Markdown, and the Word and table files others add: .docx .xlsx .csv …) beside
`NAME.key.json` = {"sections": [{"title", "kind": "work"|"shortcomings"|"next", "quantities": [...]}]}:
each section a person means, in order, and the quantities (as written) its facts must hold.

Each file goes through the real commands as subprocesses:
1. `drafter notes FILE --json`: the sections must be the key's, in order, each of the key's kind and
   with a title a person would call the same (equal, or one holding the other, after numbering and
   punctuation are set aside; an untitled key section matches an untitled one);
   quantities are counted in the right section when the matched section's facts hold them;
   closing items (the key's shortcomings/next quantities) must sit in a closing section;
   a line holding a digit is lost when its figures are in no fact, no title or heading, and it is not
   in `ignored` with a warning on stderr naming its line;
2. `drafter draft FILE` (offline writer) and `drafter check DRAFT --json`: the draft must pass.

Run: .venv/bin/python eval/bench_notes.py [--json] [--cases DIR]
Targets (the issue's bar): >= 15 of 16 files read as meant, >= 98% quantities in the right section,
every closing item in the closing, 0 lines with numbers lost, every offline draft passing its check.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "eval" / "notes_cases"
DRAFTER = Path(sys.executable).parent / "drafter"
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".yaml", ".yml")
_PUNCT = re.compile(r"[\s:：,，、.．。；;!！?？()（）【】\[\]#*\-—“”\"'《》]+")
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:[、)]|\.(?!\d))|[①-⑳]|[-*•]|#+)\s*")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _title_key(title: str) -> str:
    return _PUNCT.sub("", _NUMBERING.sub("", _norm(title)))


def _same_title(want: str, got: str) -> bool:
    a, b = _title_key(want), _title_key(got)
    if not a or not b:
        return a == b
    return a in b or b in a


_CIRCLED = re.compile(r"[\u2460-\u2473\u2474-\u2487\u2488-\u249b\u24eb-\u24f4\u2776-\u2793]")


def _digits(text: str) -> list[str]:
    """The figures of a text; circled and bracketed numbers (①, ⑴, ⒈) are list markers, not figures,
    and NFKC would turn them into digits."""
    return re.findall(r"\d+(?:\.\d+)?", _norm(_CIRCLED.sub(" ", text)))


def _run(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(DRAFTER), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def _input_lines(path: Path) -> list[tuple[int, str]] | None:
    """(line, text) of a text notes file as read (any encoding, any line ends); None for binary files."""
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return None
    sys.path.insert(0, str(ROOT))
    from drafter.textio import read_text

    text = read_text(path)
    return [(i, t.strip()) for i, t in enumerate(re.split(r"\r\n|\r|\n", text), 1) if t.strip()]


def score_case(path: Path, key: dict, workdir: Path) -> dict:
    result = {"file": path.name, "read_as_meant": False, "quantities": 0, "placed": 0, "closing": 0, "closing_placed": 0,
              "lost_lines": [], "draft_ok": False, "problems": []}
    notes = _run(["notes", str(path), "--json"])
    if notes.returncode != 0:
        result["problems"].append(f"notes --json failed: {notes.stderr.strip()[-300:]}")
        return result
    u = json.loads(notes.stdout)
    got = [s for s in u["sections"] if s["facts"]]
    want = key["sections"]
    matched: list[dict | None] = []
    used: set[int] = set()
    for w in want:
        hit = next((i for i, s in enumerate(got) if i not in used and s["kind"] == w["kind"] and _same_title(w["title"], s["title"])), None)
        matched.append(got[hit] if hit is not None else None)
        if hit is not None:
            used.add(hit)
    order = [got.index(m) for m in matched if m is not None]
    result["read_as_meant"] = all(m is not None for m in matched) and len(got) == len(want) and order == sorted(order)
    if not result["read_as_meant"]:
        result["problems"].append("sections: " + " | ".join(f"{s['kind']}:{s['title']}" for s in got))
    for w, m in zip(want, matched):
        for q in w["quantities"]:
            result["quantities"] += 1
            closing = w["kind"] != "work"
            result["closing"] += closing
            here = m is not None and any(_norm(q) in _norm(f["text"]) for f in m["facts"])
            result["placed"] += here
            if closing:
                result["closing_placed"] += any(
                    _norm(q) in _norm(f["text"]) for s in got if s["kind"] == w["kind"] for f in s["facts"]
                )
            if not here:
                result["problems"].append(f"{q} not in section {w['title'] or '(untitled)'}")
    lines = _input_lines(path)
    if lines is not None:
        known = " ".join([u["title"], u["period"]] + [s["title"] for s in u["sections"]] + [f["text"] for s in u["sections"] for f in s["facts"]])
        known_digits = set(_digits(known))
        ignored = {i["line"] for i in u["ignored"]}
        for lineno, text in lines:
            digits = _digits(_NUMBERING.sub("", _norm(_NUMBERING.sub("", _CIRCLED.sub(" ", text)))))
            if not digits or all(d in known_digits for d in digits):
                continue
            if lineno in ignored and f"line {lineno} " in notes.stderr:
                continue
            result["lost_lines"].append(f"{lineno}: {text}")
    out = workdir / f"{path.stem}-draft.md"
    draft = _run(["draft", str(path), "-o", str(out), "--force", "--no-examples", "-q"])
    if draft.returncode == 0 and out.exists():
        check = _run(["check", str(out), "--json"])
        try:
            result["draft_ok"] = check.returncode == 0 and json.loads(check.stdout.strip().splitlines()[-1]).get("ok", False)
        except (ValueError, IndexError):
            result["draft_ok"] = False
        if not result["draft_ok"]:
            result["problems"].append(f"check: {check.stdout.strip()[-300:]}")
    else:
        result["problems"].append(f"draft failed: {(draft.stderr or draft.stdout).strip()[-300:]}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--cases", type=Path, default=CASES)
    args = parser.parse_args()
    start = time.perf_counter()
    cases = []
    for key_path in sorted(args.cases.glob("*.key.json")):
        stem = key_path.name[: -len(".key.json")]
        files = [p for p in args.cases.glob(stem + ".*") if not p.name.endswith(".key.json")]
        if len(files) != 1:
            print(f"note: {key_path.name}: expected one notes file named {stem}.*, found {len(files)}", file=sys.stderr)
            continue
        cases.append((files[0], json.loads(key_path.read_text(encoding="utf-8"))))
    with tempfile.TemporaryDirectory() as tmp:
        results = [score_case(p, k, Path(tmp)) for p, k in cases]
    n = len(results)
    quantities = sum(r["quantities"] for r in results)
    closing = sum(r["closing"] for r in results)
    figures = {
        "files": n,
        "files_read_as_meant": sum(r["read_as_meant"] for r in results),
        "quantities": quantities,
        "quantities_in_right_section": round(sum(r["placed"] for r in results) / quantities, 4) if quantities else 1.0,
        "closing_items": closing,
        "closing_items_in_closing": sum(r["closing_placed"] for r in results),
        "lines_with_numbers_lost": sum(len(r["lost_lines"]) for r in results),
        "offline_drafts_passing": sum(r["draft_ok"] for r in results),
        "seconds_total": round(time.perf_counter() - start, 1),
    }
    if not args.json or sys.stdout.isatty():
        for r in results:
            mark = "ok  " if r["read_as_meant"] and not r["lost_lines"] and r["draft_ok"] and r["placed"] == r["quantities"] else "FAIL"
            print(f"{mark} {r['file']}: {r['placed']}/{r['quantities']} quantities placed, draft {'passes' if r['draft_ok'] else 'FAILS'}")
            for problem in r["problems"] + [f"lost line {x}" for x in r["lost_lines"]]:
                print(f"       {problem}")
        print(f"files read as meant: {figures['files_read_as_meant']}/{n}")
        print(f"quantities in the right section: {figures['quantities_in_right_section']:.1%} of {quantities}")
        print(f"closing items in the closing: {figures['closing_items_in_closing']}/{closing}")
        print(f"lines with numbers lost: {figures['lines_with_numbers_lost']}")
        print(f"offline drafts passing the check: {figures['offline_drafts_passing']}/{n}")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
