"""From the heading tree of plain-text notes to the sections a person means: the topic headings with
the facts under them, generic top headings giving way to their sub-headings, empty headings settled,
closing facts written among the work moved to the closing part, an opening overview set aside."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .hierarchy import closing_of_fact, closing_of_heading, has_count, has_digit, names_both, sentence_like
from .sentences import inline_list

__all__ = ["PlainFact", "PlainSection", "PlainIgnored", "Node", "CLOSING_TITLES", "sections_of", "closing_facts", "overview"]

CLOSING_TITLES = {"shortcomings": "不足", "plans": "下一步"}


@dataclass
class PlainFact:
    text: str
    line: int


@dataclass
class PlainSection:
    title: str
    closing: str | None
    facts: list[PlainFact] = field(default_factory=list)


@dataclass(frozen=True)
class PlainIgnored:
    line: int
    text: str
    reason: str


@dataclass
class Node:
    title: str
    kind: str
    closing: str | None
    line: int
    text: str = ""  # the heading as written, after its numbering
    facts: list[PlainFact] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


def sections_of(root: Node) -> tuple[list[PlainSection], list[PlainIgnored]]:
    """Sections are the headings that hold facts, in document order. A heading with nothing under it is
    a fact of its parent when it holds a count or reads as a sentence, else an ignored empty heading;
    a grouping heading with a count gives that sentence to its first section, so no figure is lost."""
    sections: list[PlainSection] = []
    empties: list[PlainIgnored] = []

    def settle(node: Node) -> None:
        for child in list(node.children):
            settle(child)
            if child.facts or child.children:
                continue
            node.children.remove(child)
            if has_count(child.text) or sentence_like(child.text):
                node.facts.append(PlainFact(child.text, child.line))  # a sentence with a count, not a heading
            else:
                empties.append(PlainIgnored(child.line, child.text, "空标题：下面没有内容"))
        if node is not root and not node.facts and node.children and has_count(node.text):
            first = node.children[0]
            while not first.facts and first.children:
                first = first.children[0]
            first.facts.insert(0, PlainFact(node.text, node.line))

    def gather(node: Node, into: PlainSection) -> None:
        """A section's facts: its own and those under its sub-headings, save a sub-heading of another
        closing kind (（二）下一步 under 三、问题和打算), which is a section of its own."""
        into.facts += node.facts
        for child in node.children:
            if child.closing != into.closing:
                emit(child)
            else:
                gather(child, into)

    def emit(node: Node) -> None:
        if (_GENERIC_HEADING.match(node.title) or names_both(node.title)) and any(c.facts or c.children for c in node.children):
            dissolve(node)
            return
        section = PlainSection(node.title, node.closing)
        sections.append(section)
        gather(node, section)
        section.facts.sort(key=lambda f: f.line)

    def dissolve(node: Node) -> None:
        """一、主要工作 names no topic: its facts stay under it, its sub-headings are the sections."""
        if node.facts or node is root:
            sections.append(PlainSection(node.title, node.closing, sorted(node.facts, key=lambda f: f.line)))
        for child in node.children:
            emit(child)

    settle(root)
    dissolve(root)
    return sections, empties


# Top headings that name no topic of their own: their sub-headings are the sections.
_GENERIC_HEADING = re.compile(
    r"^((\d{4}年(度)?|今年|全年|本年度?|上半年|下半年)?(的)?(取得(的)?)?(主要|重点|具体|基本|日常)?(工作|做法|举措|措施)?"
    r"(开展|完成|落实|推进|进展)?(情况|成效|成绩|亮点|回顾|做法|工作|举措|措施)?"
    r"(及|和|与)?(成效|成绩|亮点|做法)?)$"
)


def closing_facts(sections: list[PlainSection], *, plan_document: bool = False) -> list[PlainSection]:
    """Shortcomings and plans written among the work facts go to the closing part. In a plan (工作要点,
    工作计划) every work fact is a plan: only the words of a flat list move it."""
    body = [s for s in sections if s.closing is None]
    movable = [s for s in body if not (plan_document and s.title)]
    closing = [s for s in sections if s.closing is not None]
    both = [c for c in closing if c.closing == "plans" and names_both(c.title)]
    for c in both:  # 存在问题及下一步打算: each part under its own words
        parts = [p for p in re.split(r"以及|及|和|与|、|，", c.title) if p]
        short = next((p for p in parts if closing_of_heading(p) == "shortcomings"), None)
        plan = next((p for p in parts if closing_of_heading(p) == "plans"), None)
        if short and plan and not any(x.closing == "shortcomings" for x in closing):
            closing.append(PlainSection(short, "shortcomings"))
            c.title = plan
    for s in movable + [c for c in closing if c.closing == "shortcomings"] + both:
        keep = []
        for f in s.facts:
            kind = closing_of_fact(f.text, flat=not s.title or s in both)
            if kind is None or kind == s.closing:
                keep.append(f)
                continue
            target = next((c for c in closing if c.closing == kind), None)
            if target is None:
                target = PlainSection(_closing_title(f.text, kind), kind)
                closing.append(target)
            target.facts.append(f)
        s.facts = keep
    closing.sort(key=lambda c: 0 if c.closing == "shortcomings" else 1)
    return body + closing


_OWN_WORDS = re.compile(
    r"^(存在的?(主要)?问题|不足之处|下一步|下步|下阶段|下一阶段|明年|来年|今后|下半年|下季度|下周|下月|下个月|"
    r"\d{1,2}月份?(打算|计划)|(\d{4}|明|来)年)"
)
_PROBLEM_NOUN = re.compile(r"问题|不足|困难|短板|差距|薄弱")


def _closing_title(text: str, kind: str) -> str:
    """A closing section made for facts found among the work is named in the facts' own words (下周计划：…
    → 下周计划, 还有个问题… → 问题), else plainly: 不足 / 下一步."""
    listed = inline_list(text)
    if listed and closing_of_heading(listed[0]) == kind:
        return listed[0]
    own = _OWN_WORDS.match(text.strip())
    if own:
        return own.group(1)
    noun = _PROBLEM_NOUN.search(text) if kind == "shortcomings" else None
    return noun.group(0) if noun else CLOSING_TITLES[kind]


def overview(sections: list[PlainSection]) -> list[PlainIgnored]:
    """Words before the first heading with no figure (一年来，社区坚持…取得了较好成效。) open the text but
    state no fact: with titled sections after them they are an overview, not a section of their own."""
    untitled = [s for s in sections if not s.title and s.closing is None]
    if not untitled or not any(s.title for s in sections) or any(has_count(f.text) or has_digit(f.text) for f in untitled[0].facts):
        return []
    out = [PlainIgnored(f.line, f.text, "开头的概述：没有具体事实和数字") for f in untitled[0].facts]
    untitled[0].facts = []
    return out


