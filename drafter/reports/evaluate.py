"""Scoring drafts against their facts: the number check's recall plus genre, length, repetition,
style and copying measures, and a pass/fail against thresholds the user can set.

A pair is a draft and the notes it was written from. Pairs come from `--pair DRAFT FACTS`, from a
directory, or from a draft whose sidecar (DRAFT.json) names its facts. A directory holds either

    DIR/NAME/draft.md + DIR/NAME/notes.md      (one case per folder; an optional case.json
                                               {"corpus_id": "seed002-1"} names the corpus document
                                               the draft was taken from, left out of style and copying)
    DIR/NAME.draft.md + DIR/NAME.notes.md      (flat; notes may also be .yaml/.yml)

Measures per draft:
- recall, unsupported, misbound, placeholders: from drafter.check (the number check; misbound: a number of
  the notes said of another thing than in its fact);
- coverage: share of facts whose content words (CJK character bigrams, numbers and stop words removed)
  appear in the draft, a fact counting when >= 60% of its bigrams do;
- structure: title, opening, sections numbered 一、二、三… in order, a closing on shortcomings and next
  steps, no leftover markup;
- length (non-space characters) and its ratio to a target; repetition (share of repeated character
  4-grams); style (mean cosine similarity of each section to its nearest corpus section, via the index;
  null without one); copying (longest run of characters shared with any corpus document).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from drafter.config import CONFIG_NAME, Settings, user_config_path
from drafter.document import find_sidecar
from drafter.errors import ConfigError, IndexStateError, InputError
from drafter.notes import Fact, Notes, closing_kind, load_notes
from drafter.textio import read_text
from drafter.word import read_draft_text

__all__ = [
    "Pair",
    "Thresholds",
    "Structure",
    "DraftScore",
    "EvalResult",
    "find_pairs",
    "load_thresholds",
    "evaluate_pairs",
    "score_draft",
    "fact_coverage",
    "check_structure",
    "repetition",
    "text_length",
    "longest_shared_run",
    "COVERAGE_SHARE",
]

COVERAGE_SHARE = 0.6  # a fact is covered when this share of its content bigrams is in the draft
_NOTES_NAMES = ("notes.md", "notes.yaml", "notes.yml")
_DRAFT_NAMES = ("draft.md", "draft.txt", "draft.docx")


# -- pairs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    draft: Path
    facts: Path
    exclude_doc: str | None = None  # the corpus document the draft came from (eval cases)
    name: str = ""


def find_pairs(pairs: Sequence[tuple[Path, Path]] = (), paths: Sequence[Path] = ()) -> list[Pair]:
    """Resolve explicit pairs, case directories and drafts with sidecars into a list of pairs."""
    out = [Pair(Path(d), Path(f), name=_display_name(Path(d))) for d, f in pairs]
    for path in map(Path, paths):
        if path.is_dir():
            out += _pairs_in_dir(path)
        elif path.exists():
            out.append(_pair_from_sidecar(path))
        else:
            raise InputError(f"not found: {path}")
    if not out:
        raise InputError("nothing to evaluate: give --pair DRAFT FACTS, a directory of cases, or a draft with its sidecar")
    return out


def _pairs_in_dir(root: Path) -> list[Pair]:
    found: list[Pair] = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        draft = next((sub / n for n in _DRAFT_NAMES if (sub / n).is_file()), None)
        if draft is None:
            continue
        notes = next((sub / n for n in _NOTES_NAMES if (sub / n).is_file()), None)
        if notes is None:
            raise InputError(f"{draft}: no notes beside it (expected {sub / 'notes.md'})")
        found.append(Pair(draft, notes, _case_corpus_id(sub / "case.json"), sub.name))
    for draft in sorted([*root.glob("*.draft.md"), *root.glob("*.draft.docx")]):
        stem = draft.name[: -len(draft.suffix) - len(".draft")]
        notes = next((root / f"{stem}.notes{ext}" for ext in (".md", ".yaml", ".yml") if (root / f"{stem}.notes{ext}").is_file()), None)
        if notes is None:
            raise InputError(f"{draft}: no notes beside it (expected {root / (stem + '.notes.md')})")
        found.append(Pair(draft, notes, _case_corpus_id(root / f"{stem}.case.json"), stem))
    if not found:
        raise InputError(f"no drafts found in {root}: put NAME/draft.md beside NAME/notes.md, or NAME.draft.md beside NAME.notes.md")
    return found


def _case_corpus_id(path: Path) -> str | None:
    if not path.is_file():
        return None
    data = _read_json(path, "case file")
    value = data.get("corpus_id")
    return str(value) if value else None


def _read_json(path: Path, what: str) -> dict:
    try:
        data = json.loads(read_text(path, what=what))
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON: {path} (line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise InputError(f"{what} must hold a JSON object: {path}")
    return data


def _pair_from_sidecar(draft: Path) -> Pair:
    sidecar = find_sidecar(draft)
    if not sidecar.is_file():
        raise InputError(f"{draft}: no sidecar {sidecar.name} naming its facts; use --pair {draft} NOTES")
    facts = _read_json(sidecar, "sidecar").get("facts")
    if not isinstance(facts, str) or not facts:
        raise InputError(f"{sidecar}: no 'facts' path; use --pair {draft} NOTES")
    return Pair(draft, sidecar.parent / facts, name=_display_name(draft))


def _display_name(draft: Path) -> str:
    """The draft's stem, or folder/stem when the stem alone says nothing (case1/draft)."""
    stem = draft.name[: -len(".draft.md")] if draft.name.endswith(".draft.md") else draft.stem
    return f"{draft.parent.name}/{stem}" if stem in ("draft", "report", "out") and draft.parent.name else stem


# -- thresholds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """What a draft must reach to pass. None switches a measure's judgement off (it is still reported)."""

    min_recall: float | None = 1.0
    max_unsupported: int | None = 0
    max_misbound: int | None = 0
    max_placeholders: int | None = 0
    max_copying: int | None = 50
    structure: bool = True
    min_coverage: float | None = None
    max_repetition: float | None = None
    min_style: float | None = None
    length_tolerance: float = 0.3  # with a length target: the ratio must lie within 1 ± this

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def load_thresholds(cwd: Path | None = None) -> Thresholds:
    """Defaults, then the [eval] table of drafter.toml (user config dir, then the working directory)."""
    cwd = Path.cwd() if cwd is None else cwd
    values: dict[str, Any] = {}
    for path in (user_config_path(), cwd / CONFIG_NAME):
        if not path.is_file():
            continue
        try:
            with path.open("rb") as fh:
                table = tomllib.load(fh).get("eval", {})
        except (tomllib.TOMLDecodeError, OSError) as exc:
            raise ConfigError(f"{path}: cannot read [eval]: {exc}") from None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [eval] must be a table")
        values.update(_check_threshold_keys(table, path))
    return replace(Thresholds(), **values)


def _check_threshold_keys(table: dict, path: Path) -> dict[str, Any]:
    known = {f.name: f for f in fields(Thresholds)}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown [eval] setting {key!r} (known: {', '.join(sorted(known))})")
        ok = isinstance(value, bool) if key == "structure" else isinstance(value, (int, float)) and not isinstance(value, bool)
        if not ok:
            raise ConfigError(f"{path}: [eval] {key} must be {'true or false' if key == 'structure' else 'a number'}")
    return dict(table)


# -- structure ----------------------------------------------------------------------------------


_NUMERALS = "一二三四五六七八九十"
_SECTION_NUMBER = re.compile(rf"^([{_NUMERALS}]{{1,3}})(?:[、.．]|是|要|\s)?")
_PLAIN_HEADING = re.compile(rf"^[{_NUMERALS}]{{1,3}}[、.．]\S")
_SHORTCOMINGS = re.compile(r"不足|问题|差距|短板|薄弱|欠缺")
_NEXT_STEPS = re.compile(r"下一步|下步|打算|计划|今后|明年|展望")
_MARKUP = (
    ("**", re.compile(r"\*\*")),
    ("```", re.compile(r"```")),
    ("<br>", re.compile(r"<br\s*/?>", re.I)),
    ("HTML tag", re.compile(r"</?(?:p|div|span|b|i|strong|em|ul|li|ol|h[1-6])\b[^>]*>", re.I)),
    ("[TODO]", re.compile(r"\[?\bTODO\b\]?|待补充|【待[^】]*】")),
    ("{{ }}", re.compile(r"\{\{|\}\}")),
)


def _numeral_value(text: str) -> int | None:
    digits = {c: i + 1 for i, c in enumerate(_NUMERALS[:9])}
    if text == "十":
        return 10
    if len(text) == 1:
        return digits.get(text)
    if text.startswith("十") and len(text) == 2:
        return 10 + digits.get(text[1], 0)
    if len(text) >= 2 and text[1] == "十" and text[0] in digits:
        return digits[text[0]] * 10 + (digits.get(text[2], 0) if len(text) == 3 else 0)
    return None


@dataclass(frozen=True)
class Structure:
    title: bool
    opening: bool
    sections: int
    numbering: bool  # first-level sections numbered 一、二、三… in order (a closing heading may be unnumbered)
    shortcomings: bool  # the closing names 不足/问题/差距
    next_steps: bool  # the closing names 下一步/打算/今后
    markup: tuple[str, ...] = ()  # leftovers found: **, ```, <br>, [TODO] …

    @property
    def ok(self) -> bool:
        return not self.problems()

    def problems(self) -> list[str]:
        out = []
        if not self.title:
            out.append("no title line")
        if not self.opening:
            out.append("no opening paragraph before the first section")
        if not self.sections:
            out.append("no numbered sections")
        elif not self.numbering:
            out.append("sections are not numbered 一、二、三… in order")
        if not self.shortcomings:
            out.append("no closing on shortcomings (不足/问题)")
        if not self.next_steps:
            out.append("no closing on next steps (下一步/打算)")
        if self.markup:
            out.append("leftover markup: " + ", ".join(self.markup))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "title": self.title,
            "opening": self.opening,
            "sections": self.sections,
            "numbering": self.numbering,
            "shortcomings": self.shortcomings,
            "next_steps": self.next_steps,
            "markup": list(self.markup),
        }


@dataclass
class _Block:
    heading: str  # "" for text before the first section heading
    paragraphs: list[str] = field(default_factory=list)


def _blocks(text: str) -> tuple[str, list[_Block]]:
    """The title line and the first-level blocks of a Markdown or plain-text draft."""
    lines = [ln.strip().lstrip("\u3000") for ln in text.split("\n")]
    markdown = any(ln.startswith("## ") for ln in lines)
    title = ""
    blocks = [_Block("")]
    para: list[str] = []

    def end_paragraph() -> None:
        if para:
            blocks[-1].paragraphs.append("".join(para))
            para.clear()

    for ln in lines:
        if not ln:
            end_paragraph()
            continue
        if not title and not blocks[0].paragraphs and not para and len(blocks) == 1:
            title = ln
            continue
        if markdown:
            is_heading = ln.startswith("## ")
            is_sub = ln.startswith("#")
        else:
            is_heading = bool(_PLAIN_HEADING.match(ln)) and len(ln) <= 40 and not ln.endswith("。")
            is_sub = False
        if is_heading:
            end_paragraph()
            blocks.append(_Block(ln[3:].strip() if markdown else ln))
        elif is_sub:
            end_paragraph()
        else:
            if not markdown:
                end_paragraph()  # plain text: one line is one paragraph
            para.append(ln)
    end_paragraph()
    return title, blocks


def check_structure(text: str) -> Structure:
    title, blocks = _blocks(text)
    title_ok = bool(title) and (title.startswith("# ") or (len(title) <= 40 and not title.endswith(("。", "：", ":"))))
    opening = "".join(blocks[0].paragraphs)
    sections = blocks[1:]
    numbering = bool(sections)
    expected = 1
    for i, block in enumerate(sections):
        m = _SECTION_NUMBER.match(block.heading)
        value = _numeral_value(m.group(1)) if m else None
        if value == expected:
            expected += 1
        elif closing_kind(block.heading) and all(closing_kind(b.heading) for b in sections[i:]):
            continue  # an unnumbered closing heading (下一步工作打算) after the numbered ones
        else:
            numbering = False
    closing_blocks = [b for b in sections if closing_kind(b.heading)]
    region = " ".join(b.heading + "".join(b.paragraphs) for b in closing_blocks)
    last = next((b.paragraphs[-1] for b in reversed(blocks) if b.paragraphs), "")
    region += " " + last
    markup = tuple(name for name, pattern in _MARKUP if pattern.search(text))
    return Structure(
        title=title_ok,
        opening=len(re.sub(r"\W", "", opening)) >= 15,
        sections=len(sections),
        numbering=numbering,
        shortcomings=bool(_SHORTCOMINGS.search(region)),
        next_steps=bool(_NEXT_STEPS.search(region)),
        markup=markup,
    )


# -- coverage, length, repetition ----------------------------------------------------------------

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_STOP = re.compile(r"其中|以及|并且|进一步|通过|开展|进行|全年|今年|一年来|共计|累计|达到|完成|社区|[的了和与及并在是为对把被将等共达约近余多个次名人]")


def _content_bigrams(text: str) -> set[str]:
    text = re.sub(r"[0-9０-９.%％]+", " ", text)
    text = _STOP.sub(" ", text)
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return {g for g in out if not all(c in "零一二三四五六七八九十百千万亿两兩" for c in g)}


def _all_bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def fact_coverage(text: str, facts: Sequence[Fact]) -> tuple[float, list[Fact]]:
    """(share of facts whose content bigrams appear in the draft, the facts that do not)."""
    present = _all_bigrams(text)
    uncovered = []
    for fact in facts:
        grams = _content_bigrams(fact.text)
        if grams and len(grams & present) / len(grams) < COVERAGE_SHARE:
            uncovered.append(fact)
    return (1.0 - len(uncovered) / len(facts)) if facts else 1.0, uncovered


_LAYOUT = re.compile(r"[\s#*>]")


def text_length(text: str) -> int:
    """Characters a reader counts: whitespace and Markdown markers left out."""
    return len(_LAYOUT.sub("", text))


def repetition(text: str, n: int = 4) -> float:
    """Share of character n-grams that repeat an earlier one (0: none; near 1: one phrase over and over)."""
    flat = _LAYOUT.sub("", text)
    total = len(flat) - n + 1
    if total <= 0:
        return 0.0
    distinct = len({flat[i : i + n] for i in range(total)})
    return (total - distinct) / total


# -- copying ------------------------------------------------------------------------------------


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text without layout characters, and each kept character's offset in the original."""
    keep = [(i, c) for i, c in enumerate(text) if not _LAYOUT.match(c)]
    return "".join(c for _, c in keep), [i for i, _ in keep]


class _SuffixAutomaton:
    """Suffix automaton of one string: longest substring shared with another string in linear time."""

    def __init__(self, s: str) -> None:
        self.next: list[dict[str, int]] = [{}]
        self.link = [-1]
        self.length = [0]
        self.end = [-1]  # end offset of the state's first occurrence in s
        last = 0
        for pos, ch in enumerate(s):
            cur = self._new(self.length[last] + 1, pos)
            p = last
            while p != -1 and ch not in self.next[p]:
                self.next[p][ch] = cur
                p = self.link[p]
            if p == -1:
                self.link[cur] = 0
            else:
                q = self.next[p][ch]
                if self.length[p] + 1 == self.length[q]:
                    self.link[cur] = q
                else:
                    clone = self._new(self.length[p] + 1, self.end[q])
                    self.next[clone] = dict(self.next[q])
                    self.link[clone] = self.link[q]
                    while p != -1 and self.next[p].get(ch) == q:
                        self.next[p][ch] = clone
                        p = self.link[p]
                    self.link[q] = self.link[cur] = clone
            last = cur

    def _new(self, length: int, end: int) -> int:
        self.next.append({})
        self.link.append(-1)
        self.length.append(length)
        self.end.append(end)
        return len(self.length) - 1

    def longest_match(self, t: str) -> tuple[int, int]:
        """(length, end offset in s) of the longest substring of s that also occurs in t."""
        state, length, best, best_end = 0, 0, 0, -1
        for ch in t:
            while state and ch not in self.next[state]:
                state = self.link[state]
                length = self.length[state]
            if ch in self.next[state]:
                state = self.next[state][ch]
                length += 1
                if length > best:
                    best, best_end = length, self.end[state]
        return best, best_end


def longest_shared_run(text: str, others: dict[str, str]) -> tuple[int, str | None, tuple[int, int] | None]:
    """(length, id of the other text, (start, end) in `text`) of the longest run shared with any other text.

    Layout (whitespace, '#', '*') is ignored on both sides, so a paragraph copied across a line break
    still counts as one run.
    """
    flat, offsets = _normalised(text)
    if not flat:
        return 0, None, None
    automaton = _SuffixAutomaton(flat)
    best, best_id, best_end = 0, None, -1
    for other_id, other in others.items():
        length, end = automaton.longest_match(_normalised(other)[0])
        if length > best:
            best, best_id, best_end = length, other_id, end
    if not best:
        return 0, None, None
    return best, best_id, (offsets[best_end - best + 1], offsets[best_end] + 1)


# -- style --------------------------------------------------------------------------------------


def _section_texts(text: str) -> list[str]:
    _, blocks = _blocks(text)
    out = ["\n".join([b.heading, *b.paragraphs]).strip() for b in blocks[1:]]
    return [t for t in out if len(t) >= 10] or [text]


def style_closeness(settings: Settings, text: str, exclude_doc: str | None = None) -> float:
    """Mean over the draft's sections of the cosine similarity to the nearest corpus section (via the index)."""
    if settings.chroma_url is None and not settings.index_dir.exists():
        raise IndexStateError(f"no index at {settings.index_dir}; run 'drafter index'")
    from drafter.corpus import search_many

    scores = [hits[0].score for hits in search_many(settings, _section_texts(text), 1, exclude_doc=exclude_doc) if hits]
    if not scores:
        raise IndexStateError("the index is empty; run 'drafter index'")
    return sum(scores) / len(scores)


# -- scoring ------------------------------------------------------------------------------------


@dataclass
class DraftScore:
    draft: str
    facts: str
    name: str
    text: str
    notes: Notes
    report: Any  # drafter.check.CheckReport
    recall: float
    coverage: float
    uncovered: list[Fact]
    structure: Structure
    length: int
    length_target: int | None
    repetition: float
    style: float | None
    copying: int
    copied_from: str | None
    copy_span: tuple[int, int] | None
    passed: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def unsupported(self) -> int:
        return len(self.report.unsupported)

    @property
    def placeholders(self) -> int:
        return len(self.report.placeholders)

    @property
    def unsupported_claims(self) -> int:
        """Named claims (honours, bodies, media, names) of the draft that the notes do not support."""
        return sum(1 for u in self.report.unsupported if u.kind in ("honour", "body", "medium", "name"))

    @property
    def claims_recall(self) -> float:
        """The share of the notes' honours that the draft keeps (1.0 when the notes name none)."""
        st = self.report.stats
        total = getattr(st, "fact_claims", 0)
        return 1.0 if not total else getattr(st, "matched_claims", 0) / total

    @property
    def misbound(self) -> int:
        return len(getattr(self.report, "misbound", ()))

    @property
    def structure_problems(self) -> list:
        """drafter.numbers.structure's problems (a heading as a fact, a plan among the achievements …)."""
        return list(getattr(self.report, "structure", ()))

    @property
    def derived(self) -> int:
        """Figures the draft computed from the notes (totals, rates, differences), proven by their arithmetic."""
        return len(getattr(self.report, "derived", ()))

    @property
    def length_ratio(self) -> float | None:
        return self.length / self.length_target if self.length_target else None

    def to_json(self) -> dict[str, Any]:
        copied = self.text[self.copy_span[0] : self.copy_span[1]] if self.copy_span else ""
        check = self.report.to_json()
        return {
            "draft": self.draft,
            "facts": self.facts,
            "recall": round(self.recall, 4),
            "unsupported": self.unsupported,
            "misbound": self.misbound,
            "derived": self.derived,
            "placeholders": self.placeholders,
            "claims_recall": round(self.claims_recall, 4),
            "unsupported_claims": self.unsupported_claims,
            "coverage": round(self.coverage, 4),
            "structure": self.structure.to_json(),
            "structure_problems": check.get("structure", []),
            "length": self.length,
            "length_target": self.length_target,
            "length_ratio": None if self.length_ratio is None else round(self.length_ratio, 3),
            "repetition": round(self.repetition, 4),
            "style": None if self.style is None else round(self.style, 4),
            "copying": self.copying,
            "pass": self.passed,
            "problems": list(self.problems),
            "details": {
                "missing": [{"quantity": m.quantity, "fact_id": getattr(m, "fact_id", ""), "fact": m.fact} for m in self.report.missing],
                "unsupported": [{"quantity": u.quantity, "context": u.context, "line": getattr(u, "line", None), "kind": getattr(u, "kind", "quantity")} for u in self.report.unsupported],
                "placeholders": [{"text": p.text, "line": getattr(p, "line", None)} for p in self.report.placeholders],
                "misbound": check["misbound"],
                "derived": [{"quantity": d["quantity"], "arithmetic": d.get("arithmetic", ""), "line": d["line"]} for d in check["derived"]],
                # the provenance map: every number of the draft with its status and fact (offsets into the draft)
                "quantities": check["quantities"],
                "uncovered_facts": [{"id": f.id, "text": f.text} for f in self.uncovered],
                "copied_from": self.copied_from,
                "copied_text": copied,
            },
        }


def _judge(score: DraftScore, t: Thresholds) -> list[str]:
    problems: list[str] = []
    if t.min_recall is not None and score.recall < t.min_recall - 1e-9:
        missing = ", ".join(f"{m.quantity} ({getattr(m, 'fact_id', '')})" for m in score.report.missing[:5])
        problems.append(f"recall {score.recall:.2f} < {t.min_recall:g}: missing {missing}")
    if t.max_unsupported is not None and score.unsupported > t.max_unsupported:
        listed = ", ".join(u.quantity for u in score.report.unsupported[:5])
        problems.append(f"{score.unsupported} unsupported quantit{'y' if score.unsupported == 1 else 'ies'}: {listed}")
    if t.max_misbound is not None and score.misbound > t.max_misbound:
        listed = "; ".join(m.message() for m in score.report.misbound[:3])
        problems.append(f"{score.misbound} misbound: {listed}")
    if t.max_placeholders is not None and score.placeholders > t.max_placeholders:
        problems.append(f"{score.placeholders} placeholder(s): " + ", ".join(p.text for p in score.report.placeholders[:5]))
    if t.structure:
        problems += [f"structure: {p}" for p in score.structure.problems()]
        problems += [f"structure: {p.message}" for p in score.structure_problems]
    if t.max_copying is not None and score.copying > t.max_copying:
        problems.append(f"copying: {score.copying} characters in a row shared with corpus document {score.copied_from} (limit {t.max_copying})")
    if t.min_coverage is not None and score.coverage < t.min_coverage - 1e-9:
        problems.append(f"coverage {score.coverage:.2f} < {t.min_coverage:g}: {len(score.uncovered)} fact(s) not written about")
    if t.max_repetition is not None and score.repetition > t.max_repetition:
        problems.append(f"repetition {score.repetition:.2f} > {t.max_repetition:g}")
    if t.min_style is not None and score.style is not None and score.style < t.min_style:
        problems.append(f"style {score.style:.2f} < {t.min_style:g}")
    ratio = score.length_ratio
    if ratio is not None and abs(ratio - 1) > t.length_tolerance:
        problems.append(f"length {score.length} vs target {score.length_target} (ratio {ratio:.2f})")
    return problems


def score_draft(
    pair: Pair,
    settings: Settings,
    corpus: dict[str, str],
    *,
    thresholds: Thresholds,
    length_target: int | None = None,
    style: bool = True,
    notices: list[str] | None = None,
) -> DraftScore:
    """Every measure for one pair, and its pass/fail."""
    from drafter.numbers import check_text, fact_recall

    text = read_draft_text(pair.draft, markdown=True)  # a Word draft with its headings as ## lines
    if not text.strip():
        raise InputError(f"draft is empty: {pair.draft}")
    notes = load_notes(pair.facts)
    report = check_text(text, notes, extra_set_phrases=settings.extra_set_phrases, extra_stock_lines=settings.extra_stock_lines)
    coverage, uncovered = fact_coverage(text, notes.facts)
    others = {k: v for k, v in corpus.items() if k != pair.exclude_doc}
    copying, copied_from, span = longest_shared_run(text, others)
    style_value = None
    if style:
        try:
            style_value = style_closeness(settings, text, pair.exclude_doc)
        except (IndexStateError, ConfigError) as exc:
            if notices is not None and not any(n.startswith("style is null") for n in notices):
                notices.append(f"style is null: {exc}")
    score = DraftScore(
        draft=str(pair.draft),
        facts=str(pair.facts),
        name=pair.name or pair.draft.stem,
        text=text,
        notes=notes,
        report=report,
        recall=float(fact_recall(report)),
        coverage=coverage,
        uncovered=uncovered,
        structure=check_structure(text),
        length=text_length(text),
        length_target=length_target,
        repetition=repetition(text),
        style=style_value,
        copying=copying,
        copied_from=copied_from,
        copy_span=span,
    )
    score.problems = _judge(score, thresholds)
    score.passed = not score.problems
    return score


@dataclass
class EvalResult:
    drafts: list[DraftScore]
    thresholds: Thresholds
    notices: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(d.passed for d in self.drafts)

    def summary(self) -> dict[str, Any]:
        ds = self.drafts
        n = len(ds)

        def mean(values: list[float]) -> float | None:
            return round(sum(values) / len(values), 4) if values else None

        styles = [d.style for d in ds if d.style is not None]
        return {
            "drafts": n,
            "passed": sum(d.passed for d in ds),
            "failed": sum(not d.passed for d in ds),
            "recall": mean([d.recall for d in ds]),
            "recall_1": sum(d.recall >= 1.0 for d in ds),
            "unsupported": sum(d.unsupported for d in ds),
            "misbound": sum(d.misbound for d in ds),
            "derived": sum(d.derived for d in ds),
            "placeholders": sum(d.placeholders for d in ds),
            "claims_recall": mean([d.claims_recall for d in ds]),
            "unsupported_claims": sum(d.unsupported_claims for d in ds),
            "coverage": mean([d.coverage for d in ds]),
            "structure_ok": sum(d.structure.ok for d in ds),
            "structure_problems": sum(len(d.structure_problems) for d in ds),
            "length": mean([float(d.length) for d in ds]),
            "repetition": mean([d.repetition for d in ds]),
            "style": mean(styles),
            "copying_max": max((d.copying for d in ds), default=0),
            "thresholds": self.thresholds.to_json(),
            "notices": list(self.notices),
        }

    def to_json(self) -> dict[str, Any]:
        return {"drafts": [d.to_json() for d in self.drafts], "summary": self.summary()}


def _corpus_texts(settings: Settings) -> dict[str, str]:
    from drafter.corpus import list_documents

    return {doc.id: doc.body for doc in list_documents(settings.corpus_dir)}


def evaluate_pairs(
    pairs: Sequence[Pair],
    settings: Settings,
    *,
    thresholds: Thresholds | None = None,
    length_target: int | None = None,
    style: bool = True,
) -> EvalResult:
    """Score every pair. Raises InputError for an unreadable draft or notes file."""
    thresholds = thresholds or Thresholds()
    if length_target is not None and length_target <= 0:
        raise InputError(f"--length must be a positive number of characters, not {length_target}")
    corpus = _corpus_texts(settings)
    notices: list[str] = []
    if not corpus:
        notices.append(f"no corpus documents in {settings.corpus_dir}: copying is 0")
    scores = [
        score_draft(p, settings, corpus, thresholds=thresholds, length_target=length_target, style=style, notices=notices)
        for p in pairs
    ]
    return EvalResult(scores, thresholds, notices)
