"""Structure problems: a draft whose numbers are all proven can still put them in the wrong place.

Given the notes and a draft (Markdown as drafter writes it, or plain text with 一、 heading lines), it
reports, each with the draft line and the text in question:

- numbering: the notes' numbering left inside a sentence (二是一、居家养老服务, 一是1. 老年大学, a
  （一） or 1. mid-sentence that opens a notes heading or fact), or a heading numbered twice;
- heading_as_fact: a heading written as a fact (一是桂花苑社区2024年养老服务工作总结, 一是下一步打算);
- closing_in_work: a closing item (不足, 下一步) among the achievements (the draft's work sections);
- work_in_closing: an achievement in the closing part;
- empty_section: a section with no text;
- missing_section: a notes section of which the draft says nothing (line 0: it is not in the draft).

Where a fact stands is found by its content: the share of its CJK bigrams (numbers and function words
left out) in a section's text. A fact counts as said in a part when that share reaches FOUND_SHARE, and
is reported misplaced only when no section of its own kind says it, so a draft that repeats a plan in
its work sections as well as in the closing is not blamed. Pure functions of text, like the rest of
the proof.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.notes import Fact, Notes, closing_kind, closing_of_fact

__all__ = ["StructureProblem", "find_structure_problems", "PROBLEMS"]

FOUND_SHARE = 0.6  # a fact is said in a text when this share of its content bigrams is there
MISSING_SHARE = 0.5  # a notes section is missing when no fact of it reaches this anywhere

PROBLEMS = {
    "numbering": "the notes' numbering left in the text",
    "heading_as_fact": "a heading written as a fact",
    "closing_in_work": "a shortcoming or next step among the achievements",
    "work_in_closing": "an achievement in the closing part",
    "empty_section": "an empty section",
    "missing_section": "a notes section the draft leaves out",
}


@dataclass(frozen=True)
class StructureProblem:
    problem: str  # one of PROBLEMS
    line: int  # 1-based line in the draft; 0 when the problem is something the draft lacks
    text: str  # the draft text in question (or the notes section's title for missing_section)

    @property
    def message(self) -> str:
        where = f"line {self.line}" if self.line else "draft"
        return f"{where}: {PROBLEMS.get(self.problem, self.problem)}: {self.text}"

    def to_json(self) -> dict:
        return {"problem": self.problem, "line": self.line, "text": self.text, "message": self.message}


# ---------------------------------------------------------------- the draft's parts

_CN = "一二三四五六七八九十"
_MD_HEADING = re.compile(r"^(#{2,6}) +(.+?)\s*$")
_PLAIN_HEADING = re.compile(rf"^[{_CN}]{{1,3}}[、．.]\S")
# A first-level number as drafter and people write it (一、 / 一. ), taken off a heading once.
_OWN_NUMBER = re.compile(
    rf"^(?:[{_CN}]{{1,3}}[、．.]|\d{{1,2}}[、．]|\d{{1,2}}\.(?!\d)|[（(][{_CN}\d]{{1,3}}[)）]|第[{_CN}]+部分[、：:]?)\s*"
)


@dataclass
class _Section:
    heading: str
    line: int  # the heading's line
    closing: str | None
    body: list[tuple[int, str]]  # (line, text) of the body's non-empty, non-heading lines

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.body)


def _sections(draft: str) -> tuple[list[_Section], list[tuple[int, str]], list[tuple[int, str, str]]]:
    """(first-level sections, body lines before the first section, every heading line as (line, marks, text))."""
    lines = draft.split("\n")
    markdown = any(ln.startswith("## ") for ln in lines)
    sections: list[_Section] = []
    preamble: list[tuple[int, str]] = []
    headings: list[tuple[int, str, str]] = []
    title_seen = False
    for i, raw in enumerate(lines, 1):
        ln = raw.strip().lstrip("\u3000").strip()
        if not ln:
            continue
        m = _MD_HEADING.match(ln) if markdown else None
        if markdown and ln.startswith("# "):
            continue  # the title
        if not markdown and not title_seen:
            title_seen = True  # a plain draft's first line is its title
            continue
        if m:
            headings.append((i, m.group(1), m.group(2)))
            if m.group(1) == "##":
                sections.append(_Section(m.group(2), i, closing_kind(m.group(2)), []))
            continue
        if not markdown and _PLAIN_HEADING.match(ln) and len(ln) <= 40 and not ln.endswith(("。", "；")):
            headings.append((i, "", ln))
            sections.append(_Section(ln, i, closing_kind(ln), []))
            continue
        (sections[-1].body if sections else preamble).append((i, ln))
    _mark_closing(sections)
    return sections, preamble, headings


# 补齐短板, 解决问题: work done on a gap, not the closing's account of one
_ACTION_ON_GAP = re.compile(r"(补齐|补强|弥补|破解|解决|整改|攻克|突破|化解|排查)\S{0,2}?(短板|问题|差距|不足|薄弱)")
_CLOSING_PARAGRAPH = re.compile(r"不足|差距|短板|薄弱|有待|今后|下一步|下步|明年|来年")


def _mark_closing(sections: list[_Section]) -> None:
    """The closing part is the trailing run of sections with closing headings; without one, the last
    paragraph of the last section when it speaks of gaps or what comes next (the genre's unheaded close)."""
    trailing = True
    for s in reversed(sections):
        s.closing = closing_kind(_ACTION_ON_GAP.sub("", s.heading)) if trailing else None
        trailing = trailing and s.closing is not None
    last = sections[-1] if sections else None
    if last is not None and last.closing is None and len(last.body) >= 2 and _CLOSING_PARAGRAPH.search(last.body[-1][1]):
        line, text = last.body.pop()
        sections.append(_Section("", line, "both", [(line, text)]))


# ---------------------------------------------------------------- content matching

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_STOP = re.compile(
    r"其中|以及|进一步|通过|开展|进行|全年|今年|一年来|共计|累计|达到|完成|社区|[的了和与及并在是为对把被将等共达约近余多个次名人]"
)
_NUMERAL_CHARS = set("零一二三四五六七八九十百千万亿两兩")


def _grams(text: str) -> set[str]:
    text = _STOP.sub(" ", re.sub(r"[0-9０-９.%％]+", " ", text))
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return {g for g in out if not set(g) <= _NUMERAL_CHARS}


def _all_grams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _share(grams: set[str], present: set[str]) -> float:
    return len(grams & present) / len(grams) if grams else 0.0


# The kind of a fact in flat notes (no heading says it), read from its words the way the planner groups
# flat notes (drafter.writing.plan): "解决问题120件" is work done, so bare 问题 does not count.


def _fact_kind(fact: Fact, section_title: str, section_closing: str | None) -> str:
    """'work' or 'closing'."""
    if section_closing is not None:
        if _ACTION_ON_GAP.search(section_title) and closing_kind(_ACTION_ON_GAP.sub("", section_title)) is None:
            return "work"  # 补齐短板，… is work done on a gap
        return "closing"
    if section_title.strip():
        return "work"
    return "closing" if closing_of_fact(fact.text) else "work"


# ---------------------------------------------------------------- text rules

_MARK = rf"(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[)）]|[（(]\d{{1,2}}[)）]|\d{{1,2}}[、．]|\d{{1,2}}\.|[①-⑳⑴-⒇])"
_ORDINAL = rf"(?:[{_CN}]是|首先|其次|再次|最后|此外)[，,：:]?"
# an ordinal straight before another numbering (二是一、 / 一是1. / 三是（二）/ 二是一是)
_ORDINAL_THEN_MARK = re.compile(rf"[{_CN}]是[，,：:]?\s*(?P<mark>{_MARK}|[{_CN}]是)(?=\s*[^\d\s{_CN}、，。；])")
# a numbering after punctuation inside a line: the notes' numbering when what follows opens a notes heading or fact
_MID_MARK = re.compile(rf"(?<=[；;：:，,。！？])\s*(?P<mark>{_MARK})\s*(?P<rest>[^\d\s、，。；;]{{2,}})")
_LEAD_ORDINAL = re.compile(rf"^(?:{_ORDINAL}|主要是|主要有)\s*")
_TRAIL = re.compile(r"[。；;，,、！!？?…：:\s]+$")
_DOC_TITLE = re.compile(r"(工作总结|工作要点|情况汇报|工作汇报|情况报告|述职报告|工作报告|年度总结|半年总结)$")
_DOC_VERB = re.compile(r"^(制定|制订|完成|撰写|形成|报送|上报|提交|召开|开展|做好|编制|起草|印发|修订|审议|讨论|通过|撰|写)")
# the words of a closing heading: 存在的问题和不足, 下一步工作打算, 2025年工作计划
_CLOSING_NOUN = re.compile(r"不足|问题|短板|差距|困难|打算|计划|思路|安排|目标|方向|展望")
_CLOSING_WORDS = re.compile(
    r"存在|主要|当前|目前|工作|下一步|下步|今后|明年|来年|下半年|努力|方向|展望|打算|计划|思路|安排|目标|"
    r"不足|问题|短板|差距|困难|薄弱|环节|及|和|与|的|重点|(19|20)\d{2}年度?|年度"
)


def _is_closing_heading(text: str) -> bool:
    return bool(_CLOSING_NOUN.search(text)) and not _CLOSING_WORDS.sub("", text).strip() and len(text) <= 16


def _is_doc_title(text: str, notes: Notes) -> bool:
    if notes.title and text == _TRAIL.sub("", notes.title.strip()):
        return True
    return bool(_DOC_TITLE.search(text)) and len(text) <= 40 and "，" not in text and not _DOC_VERB.match(text)


def _bare(title: str) -> str:
    return _OWN_NUMBER.sub("", title.strip()).strip("：:。 ")


def _items(line: str) -> list[tuple[int, int, str]]:
    """(start, end, item) of a body line's items: the parts between 。；！？, each without its ordinal."""
    out = []
    for m in re.finditer(r"[^。；;！？!?]+", line):
        lead = _LEAD_ORDINAL.match(m.group().strip())
        text = _TRAIL.sub("", m.group().strip()[lead.end() if lead else 0 :])
        if text:
            out.append((m.start(), m.end(), text))
    return out


def _clauses(item: str) -> list[str]:
    """The item's clauses between commas and colons, without ordinals; a run-in label (存在的主要问题：一是…)
    is left out, being followed by its items."""
    parts = re.split(r"([，,：:])", item)
    out = []
    for i in range(0, len(parts), 2):
        if i + 1 < len(parts) and parts[i + 1] in "：:":
            continue
        clause = _TRAIL.sub("", _LEAD_ORDINAL.sub("", parts[i].strip()))
        if clause:
            out.append(clause)
    return out


class _NotesOpenings:
    """How the notes' headings and facts begin, to tell their numbering from a list the draft wrote."""

    def __init__(self, notes: Notes) -> None:
        self.starts = [f.text.strip() for f in notes.facts] + [s.title.strip() for s in notes.sections if s.title.strip()]
        if notes.title:
            self.starts.append(notes.title.strip())
        self.titles = [b for b in (_bare(s.title) for s in notes.sections) if len(b) >= 2]

    def opens_notes(self, mark: str, rest: str) -> bool:
        if any(s.startswith(mark) and s[len(mark) :].lstrip().startswith(rest[:2]) for s in self.starts):
            return True
        return any(rest.startswith(t) for t in self.titles)


def _text_problems(sections: list[_Section], headings, notes: Notes) -> list[StructureProblem]:
    out: list[StructureProblem] = []
    openings = _NotesOpenings(notes)
    titles = {b for b in (_bare(s.title) for s in notes.sections) if len(b) >= 2}
    # facts the notes themselves keep among the achievements, 下一步 or not: the draft follows the notes
    work_facts = [g for ns in notes.sections for f in ns.facts if _fact_kind(f, ns.title, ns.closing) == "work" and len(g := _grams(f.text)) >= 2]
    for line, _marks, heading in headings:
        rest = _bare(heading)
        if rest != heading.strip() and _OWN_NUMBER.match(rest) and re.match(r"\S", _OWN_NUMBER.sub("", rest)):
            out.append(StructureProblem("numbering", line, heading))
    for section in sections:
        for line, text in section.body:
            flagged: list[tuple[int, int]] = []
            for m in _ORDINAL_THEN_MARK.finditer(text):
                flagged.append((m.start(), m.end()))
                out.append(StructureProblem("numbering", line, _snippet(text, m.start())))
            for m in _MID_MARK.finditer(text):
                if any(s <= m.start("mark") < e + 1 for s, e in flagged):
                    continue
                if openings.opens_notes(m.group("mark"), m.group("rest")):
                    flagged.append((m.start(), m.end()))
                    out.append(StructureProblem("numbering", line, _snippet(text, m.start("mark"))))
            for offset, end, item in _items(text):
                if any(offset <= s < end for s, _ in flagged):
                    continue
                clauses = _clauses(item)
                if _is_doc_title(item, notes) or item in titles or any(_is_closing_heading(c) for c in clauses):
                    out.append(StructureProblem("heading_as_fact", line, item))
                elif (
                    section.closing is None
                    and re.match(r"^(下一步|下步)", item)
                    and _LEAD_ORDINAL.match(text[offset:].strip())
                    and not any(_share(g, _all_grams(item)) >= FOUND_SHARE for g in work_facts)
                ):
                    out.append(StructureProblem("closing_in_work", line, item))
    return out


def _snippet(text: str, start: int, width: int = 30) -> str:
    end = re.search(r"[。；;]", text[start:])
    stop = start + end.start() if end else len(text)
    return text[start : min(stop, start + width)].strip()


# ---------------------------------------------------------------- placement


def _best_clause(section: _Section, grams: set[str]) -> tuple[int, str]:
    best, where = -1.0, (section.line, section.heading)
    for line, text in section.body:
        for _, _, item in _items(text):
            s = _share(grams, _all_grams(item))
            if s > best:
                best, where = s, (line, item)
    return where


def _placement_problems(sections: list[_Section], notes: Notes) -> list[StructureProblem]:
    out: list[StructureProblem] = []
    present = [_all_grams(s.heading + "\n" + s.text) for s in sections]
    # each section's part: "work", "closing", or both for the genre's unheaded closing paragraph
    parts = [("work", "closing") if not s.heading and s.closing == "both" else (("closing",) if s.closing else ("work",)) for s in sections]
    for ns in notes.sections:
        for fact in ns.facts:
            grams = _grams(fact.text)
            if len(grams) < 3:
                continue
            kind = _fact_kind(fact, ns.title, ns.closing)
            shares = [_share(grams, p) for p in present]
            own = [sh for sh, part in zip(shares, parts) if kind in part]
            if own and max(own) >= FOUND_SHARE:
                continue
            others = [(sh, i) for i, (sh, part) in enumerate(zip(shares, parts)) if kind not in part]
            if not others:
                continue
            share, i = max(others)
            if share >= FOUND_SHARE:
                line, item = _best_clause(sections[i], grams)
                out.append(StructureProblem("closing_in_work" if kind == "closing" else "work_in_closing", line, item))
    return out


def _missing_sections(sections: list[_Section], notes: Notes, preamble: str) -> list[StructureProblem]:
    out = []
    # each part on its own: the opening's list of areas (组织建设、党员教育) says no fact
    said = [_all_grams(s.heading + "\n" + s.text) for s in sections]
    opening = _all_grams(preamble)
    heading_grams = [_all_grams(_bare(s.heading)) for s in sections]
    for ns in notes.sections:
        title = _bare(ns.title)
        if not title or not ns.facts:
            continue
        if ns.closing is not None and any(s.closing is not None for s in sections):
            named = True  # the closing's headings are drafter's own (存在的不足, 下一步工作打算)
        else:
            tg = _all_grams(title)
            named = any(title in s.heading for s in sections) or (len(tg) >= 2 and any(_share(tg, h) >= 0.5 for h in heading_grams))
        if named:
            continue
        if any(_share(_grams(f.text), part) >= MISSING_SHARE for f in ns.facts if _grams(f.text) for part in said):
            continue
        in_opening = sum(_share(_grams(f.text), opening) >= FOUND_SHARE for f in ns.facts)
        if in_opening * 2 >= len(ns.facts):  # said in the opening, as a 社区概况 is
            continue
        out.append(StructureProblem("missing_section", 0, ns.title))
    return out


def find_structure_problems(draft: str, notes: Notes) -> list[StructureProblem]:
    """Every structure problem of a draft against its notes, in draft order (missing sections last).

    Text without sections (a section body checked on its own) gets only the in-line rules."""
    sections, preamble, headings = _sections(draft)
    out = _text_problems(sections, headings, notes)
    if preamble and not sections:
        out += _text_problems([_Section("", 0, None, preamble)], [], notes)
        return _dedupe(out)
    for s in sections:
        if not re.search(r"[\w\u4e00-\u9fff]", s.text):
            out.append(StructureProblem("empty_section", s.line, s.heading))
    if sections:
        out += _placement_problems(sections, notes)
        out += _missing_sections(sections, notes, "\n".join(t for _, t in preamble))
    return _dedupe(out)


def _dedupe(problems: list[StructureProblem]) -> list[StructureProblem]:
    seen: set[tuple[int, str]] = set()
    out = []
    for p in sorted(problems, key=lambda p: (p.line == 0, p.line)):
        key = (p.line, p.text[:8])
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out
