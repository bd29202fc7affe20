"""Notes as people have them in plain text — pasted from Word or WPS, typed as numbered lines, forwarded
from WeChat, written as paragraphs — read into sections and facts by the Chinese document hierarchy.

Every non-empty line ends up as the title, a heading, part of a fact, or an ignored line with a
Chinese reason. The levels of a document are learnt from the order its numbering styles nest in
(一、 → （一） → 1. → (1) → ① is only the usual order); a numbered line that is a full sentence with a
count is a fact, not a heading. Sections are the headings that hold facts; a heading that only groups
other headings (一、主要工作 over （一）…（二）…) is not a section of its own.

This module knows nothing of parse.py's types: it returns plain records that parse.py turns into Notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .framing import frame_reason, read_title, tail_reason
from .hierarchy import (
    RANKS,
    clean_title,
    closing_of_fact,
    closing_of_heading,
    fact_like,
    has_count,
    has_digit,
    heading_like,
    mark_of,
    sentence_like,
)
from .plainsections import CLOSING_TITLES, Node, PlainFact, PlainIgnored, PlainSection, closing_facts, overview, sections_of
from .sentences import GENERIC_LABEL, inline_list, split_prose, split_runs

__all__ = ["PlainFact", "PlainSection", "PlainIgnored", "PlainNotes", "read_plain", "CLOSING_TITLES", "has_figures"]

_ITEM_KINDS = ("num", "pnum", "circ", "bullet", "di")
_HEADING_KINDS = ("cn", "pcn", "label")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_EMOJI_TOKEN = re.compile(r"\[(?:[\u4e00-\u9fff]{1,3}|[A-Za-z]{2,8})\]")
_ENDS_SENTENCE = ("。", "；", ";", "！", "!", "？", "?", "：", ":", "…", "”")


@dataclass
class PlainNotes:
    fields: dict[str, str]  # title, community, period, kind found in the text
    sections: list[PlainSection]
    ignored: list[PlainIgnored]
    marked: bool  # some line had list numbering or a heading: these are notes even without figures


@dataclass
class _Line:
    line: int
    text: str  # the line as written, stripped
    kind: str
    rest: str
    indent: int
    role: str = ""  # heading, item, text, inline, title, ignored
    label: str = ""
    items: list[str] = field(default_factory=list)


def read_plain(body: str, first_line: int = 1) -> PlainNotes:
    lines, ignored = _lines(body, first_line)
    fields = _title(lines)
    _roles(lines)
    root, ignored_more = _tree(lines)
    sections, empties = sections_of(root)
    sections = closing_facts(sections, plan_document=bool(re.search(r"要点|计划|安排|思路", fields.get("kind", ""))))
    ignored += ignored_more + empties + overview(sections)
    ignored += _tail(lines, sections, ignored)
    ignored.sort(key=lambda i: i.line)
    marked = any(x.kind != "text" or x.role in ("heading", "inline") for x in lines if x.role != "ignored")
    return PlainNotes(fields=fields, sections=[s for s in sections if s.facts], ignored=ignored, marked=marked)


def _lines(body: str, first_line: int) -> tuple[list[_Line], list[PlainIgnored]]:
    lines: list[_Line] = []
    ignored: list[PlainIgnored] = []
    for offset, raw in enumerate(_LINE_BREAK.split(body)):
        lineno = first_line + offset
        text = raw.strip().lstrip("\ufeff")
        if not text:
            continue
        reason = frame_reason(text)
        if reason:
            ignored.append(PlainIgnored(lineno, text, reason))
            continue
        if not _EMOJI_TOKEN.sub("", text).strip():
            ignored.append(PlainIgnored(lineno, text, "表情"))
            continue
        mark = mark_of(raw.rstrip())
        lines.append(_Line(lineno, text, mark.kind, mark.rest, mark.indent))
    return lines, ignored


def _title(lines: list[_Line]) -> dict[str, str]:
    """The first line is the title when it reads as one (…工作总结), or when it is a short line over a
    numbered heading; its community, period and kind are taken from it."""
    if not lines:
        return {}
    first = lines[0]
    text = first.rest if first.kind == "md1" else first.text if first.kind in ("text", "label") else ""
    if not text:
        return {}
    fields = read_title(text)
    if fields is None:
        nxt = lines[1] if len(lines) > 1 else None
        over_heading = nxt is not None and (nxt.kind in _HEADING_KINDS or nxt.kind.startswith("md")) and not fact_like(nxt.rest)
        names_period = (
            first.kind in ("text", "label") and len(text) <= 30 and not text.endswith(("。", "；", "！", "？"))
            and not has_count(text, words=False) and bool(_TITLE_WORDS.search(text))
        )
        if not (first.kind == "md1" or names_period or (over_heading and heading_like(text, limit=40))):
            return {}
        fields = {"title": text.strip()}
    first.role = "title"
    return dict(fields)


# A first line naming a time span or the work as a whole (文化站12月工作, 本周情况) is the title, not a topic.
_TITLE_WORDS = re.compile(r"\d{1,2}\s*月|[０-９]{1,2}月|本月|本周|上周|季度|半年|年度|(19|20)\d{2}\s*年|(工作|情况|小结|汇报|简报)$")


def _next(lines: list[_Line], i: int) -> _Line | None:
    for x in lines[i + 1 :]:
        if x.role != "title":
            return x
    return None


def _roles(lines: list[_Line]) -> None:
    body = [x for x in lines if x.role != "title"]
    # Numbered or Markdown headings (or several 【】 labels) make the structure; then "标签：内容" lines are facts.
    structured = any(x.kind in ("cn", "pcn") or x.kind.startswith("md") for x in body) or sum(x.kind == "label" for x in body) > 1
    for i, x in enumerate(lines):
        if x.role:
            continue
        nxt = _next(lines, i)
        listed = inline_list(x.rest) if x.kind != "label" else None
        if x.kind.startswith("md"):
            x.role = "heading"  # a `## ` line is a heading even when it reads 存在的不足：网格力量
        elif listed and listed[1] and closing_of_heading(listed[0]):
            x.role, x.label, x.items = "inline", listed[0], listed[1]
        elif x.kind == "label":
            x.role = "heading"
        elif x.kind in ("cn", "pcn"):
            if listed and listed[1] and heading_like(listed[0], limit=16) and has_count(" ".join(listed[1])):
                x.role, x.label, x.items = "inline", listed[0], listed[1]
            elif (lead := _leadsentence_like(x.rest, numbered=True)) is not None:
                x.role, x.label, x.items = "inline", lead[0], lead[1]  # （一）落实日常监管。每月组织…
            else:
                x.role = "item" if fact_like(x.rest) or sentence_like(x.rest) or (nxt is None and has_count(x.rest)) else "heading"
                if x.role == "item" and _over_items(x, nxt):
                    x.role, x.label, x.items = "heading", "", [x.rest]  # 一、开展助餐服务12场 over its items: both
        elif x.kind in _ITEM_KINDS and not structured and listed and listed[1] and heading_like(listed[0], limit=10) and has_count(" ".join(listed[1])):
            x.role, x.label, x.items = "inline", listed[0], listed[1]  # 1、宣传动员：入户宣传1260户… with no heading above
        elif x.kind in _ITEM_KINDS:
            x.role = "heading" if _item_heads(x, nxt) else "item"
        elif listed and listed[1] and not structured and heading_like(listed[0], limit=10) and (len(listed[1]) > 1 or has_count(listed[1][0])):
            x.role, x.label, x.items = "inline", listed[0], listed[1]
        elif heading_like(x.rest) and (x.rest.rstrip().endswith(("：", ":")) or _leads_items(nxt)):
            x.role = "heading"
        elif not structured and (lead := _leadsentence_like(x.rest)) is not None:
            x.role, x.label, x.items = "inline", lead[0], lead[1]
        else:
            x.role = "text"


def _over_items(x: _Line, nxt: _Line | None) -> bool:
    """A numbered line with a count that has deeper items under it (and no full stop) heads them."""
    if nxt is None or x.rest.rstrip().endswith(("。", "；", ";")) or len(x.rest) > 30:
        return False
    deeper = nxt.kind in _ITEM_KINDS or nxt.kind in ("cn", "pcn")
    return deeper and nxt.kind != x.kind and RANKS.get(nxt.kind, 0) > RANKS.get(x.kind, 0)


_ASPECT = re.compile(r"^(?:在|一是在|关于)?([^，,。；;：:]{2,12}?)(?:工作)?方面[，,：:]\s*(.+)$")


def _leadsentence_like(text: str, *, numbered: bool = False) -> tuple[str, list[str]] | None:
    """"抓好组织建设。村党支部…12次。…" or "在养老服务方面，…": a paragraph whose lead names its topic.
    After numbering (（一）强化组织领导，压实责任。…) the lead may be longer and hold a comma."""
    aspect = None if numbered else _ASPECT.match(text.strip())
    if aspect and has_count(aspect.group(2)) and not has_count(aspect.group(1)):
        facts = split_prose(aspect.group(2))
        return (aspect.group(1), facts) if facts else None
    limit = 22 if numbered else 12
    lead = r"[^。；;：:！？!?]" if numbered else r"[^。；;，,：:！？!?]"
    m = re.match(rf"^({lead}{{2,{limit}}})[。：:]\s*(.+)$", text.strip())
    if not m or not heading_like(m.group(1), limit=limit) or not has_count(m.group(2)):
        return None
    label = m.group(1)
    opens_closing = closing_of_heading(label) is not None
    if not opens_closing and (closing_of_fact(label, flat=True) or re.search(r"^[将在]|[是了]$|以来|期间|方面|^(好的?|收到|是的|嗯|对)$", label)):
        return None  # 下一步。…, 今年以来。… are not topics
    facts = split_prose(m.group(2))
    return (m.group(1), facts) if facts else None


def _item_heads(x: _Line, nxt: _Line | None) -> bool:
    """A numbered or bulleted line names a section when it is short, has no count and has items of
    another (deeper) style, or plain lines, under it."""
    if nxt is None or not heading_like(x.rest) or x.rest.rstrip().endswith(("：", ":")) and _joins(x.rest):
        return False
    if nxt.indent > x.indent + 1 and nxt.kind != "text":
        return True
    if nxt.kind == x.kind:
        return False
    if nxt.kind in _ITEM_KINDS:
        return RANKS[nxt.kind] > RANKS[x.kind]
    return nxt.kind == "text" and not heading_like(nxt.rest)


def _joins(text: str) -> bool:
    """A fact that introduces its sub-items (包括：, 如下：, 分别是：)."""
    return bool(re.search(r"(包括|如下|分别|主要有|具体|有|为|是)[：:]\s*$", text))


def _leads_items(nxt: _Line | None) -> bool:
    if nxt is None:
        return False
    if nxt.kind in _ITEM_KINDS:
        return True
    if nxt.kind in ("cn", "pcn"):
        return fact_like(nxt.rest)
    return nxt.kind == "text" and not heading_like(nxt.rest)


def _tree(lines: list[_Line]) -> tuple[Node, list[PlainIgnored]]:
    root = Node("", "root", None, 0)
    stack = [root]
    ignored: list[PlainIgnored] = []
    last: tuple[PlainFact, _Line] | None = None
    for x in lines:
        if x.role == "title":
            continue
        if x.role == "inline" and GENERIC_LABEL.match(x.label):
            x.role = "item"  # 本月工作：a；b — the items, in the section they stand in
            stack[-1].facts += [PlainFact(t, x.line) for t in x.items]
            last = None
            continue
        if x.role in ("heading", "inline"):
            own_level = x.role == "heading" or x.kind in ("cn", "pcn")  # （一）落实监管。… is a heading of its level
            kind = x.kind if own_level else "text"
            title = x.label if x.role == "inline" else clean_title(x.rest.split("\n")[0] if x.kind == "label" else x.rest)
            _open(stack, kind, title, x.line, x.label if x.role == "inline" else x.rest.split("\n")[0].strip())
            last = None
            extra = x.items if x.role == "inline" or x.items else (split_prose(x.rest.split("\n", 1)[1]) if x.kind == "label" and "\n" in x.rest else [])
            stack[-1].facts += [PlainFact(t, x.line) for t in extra]
            if not own_level:
                stack.pop()  # "问题：a；b" holds its own items: what follows belongs where it was
            continue
        if last is not None and _continues(last, x):
            fact, owner = last
            sep = "" if fact.text.endswith(("：", ":", "，", "；", "。")) else "；"
            fact.text = fact.text + sep + x.rest.strip()
            continue
        pieces = (split_runs(x.rest) or [x.rest]) if x.role == "item" else split_prose(x.rest)
        pieces = [p.strip() for p in pieces if p.strip().strip("。；;，,、")]
        if not pieces:
            ignored.append(PlainIgnored(x.line, x.text, "只有标点，没有内容"))
            continue
        facts = [PlainFact(p, x.line) for p in pieces]
        stack[-1].facts += facts
        last = (facts[-1], x)
    return root, ignored


def _open(stack: list[Node], kind: str, title: str, line: int, text: str = "") -> None:
    kinds = [n.kind for n in stack[1:]]
    if kind in kinds:
        while stack[-1].kind != kind:
            stack.pop()
        stack.pop()
    else:
        while len(stack) > 1 and RANKS.get(stack[-1].kind, 0) >= RANKS.get(kind, 0):
            stack.pop()
    parent = stack[-1]
    node = Node(title, kind, closing_of_heading(title) or parent.closing, line, text or title)
    parent.children.append(node)
    stack.append(node)


def _continues(last: tuple[PlainFact, _Line], x: _Line) -> bool:
    """An indented line under a fact, or a sub-item under a fact that introduces its items, is part of it."""
    fact, owner = last
    if x.indent > owner.indent + 1 and (x.kind in _ITEM_KINDS or x.kind == "text"):
        return True
    return owner.role == "item" and fact.text.rstrip().endswith(("：", ":")) and x.kind != owner.kind and x.kind in _ITEM_KINDS


def _tail(lines: list[_Line], sections: list[PlainSection], frames: list[PlainIgnored]) -> list[PlainIgnored]:
    """Signature lines at the end (a 居委会's name; a person's name beside a date or another signature)
    are not facts: take them out."""
    out: list[PlainIgnored] = []
    dates = {i.line for i in frames if i.reason in ("落款日期", "落款（署名和日期）")}
    before = {i.line for i in frames if i.reason == "结束语"}
    for x in reversed([x for x in lines if x.role != "title"]):
        reason = tail_reason(x.text) if x.role == "text" else None
        signed = {x.line - 1, x.line + 1} & dates or x.line - 1 in before | {i.line for i in out}
        if reason == "落款署名" and not signed:
            reason = None
        if reason is None:
            break
        for s in sections:
            s.facts = [f for f in s.facts if f.line != x.line]
        out.append(PlainIgnored(x.line, x.text, reason))
    return out


def has_figures(notes: PlainNotes) -> bool:
    return any(has_digit(f.text) or has_count(f.text) for s in notes.sections for f in s.facts)
