"""A Word draft's sections found in its document.xml, and one section replaced in that XML text in place.

Sections start at first-level headings: a paragraph that reads 一、… (typed or Word's numbering) or
has a Heading 1 / 标题 1 style. A section runs to the next heading; the last one stops before the
落款 (the issuing unit and date at the end, right-aligned or date-like) and trailing empty paragraphs.

The replacement works on the XML text itself: every byte before the section's first replaced paragraph
and after its last stays as Word wrote it. New paragraphs take the paragraph and run properties of the
section's first body paragraph; comment and bookmark anchors inside the replaced paragraphs move into
the first new one, so the person's comments stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from drafter.errors import InputError

from .numbering import Numbering, style_names
from .reading import paragraph_text, parse_xml_part

__all__ = ["WordLayout", "WordSection", "word_layout", "replace_section"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>|<!--.*?-->|<\?.*?\?>", re.S)
_FIRST_LEVEL = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_HEADING1 = re.compile(r"^(heading\s*1|标题\s*1)$", re.I)
_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


@dataclass
class WordSection:
    heading: str  # as read, with its number (一、…)
    heading_child: int  # index among the body's children
    body: list[int] = field(default_factory=list)  # children that are the section's text (paragraphs with text)
    end: int = 0  # one past the last child of the section's range


@dataclass
class WordLayout:
    xml: str
    spans: list[tuple[int, int]]  # each body child's [start, end) in xml
    tags: list[str]
    texts: list[str]  # each child's text as read ("" for tables and empty paragraphs)
    numbered: list[bool]  # a paragraph whose number comes from Word's numbering (not typed)
    title: str
    opening: list[str]
    sections: list[WordSection]

    def markdown(self) -> str:
        """The draft as drafter's Markdown, for the writer: # title, opening, ## sections."""
        parts = [f"# {self.title}", *self.opening]
        for s in self.sections:
            parts.append(f"## {s.heading}")
            parts += [self.texts[i] for i in s.body]
        return "\n\n".join(p for p in parts if p.strip()) + "\n"


def _body_children(xml: str, path: str) -> tuple[list[tuple[int, int]], list[str]]:
    """[start, end) and the tag of each child of w:body, by scanning the tags of the XML text."""
    body_at = re.search(r"<w:body\s*>", xml)
    if body_at is None:
        raise InputError(f"{path} has no document body; open it in Word or WPS and save it again")
    depth, start, spans, tags = 0, 0, [], []
    for m in _TAG.finditer(xml, body_at.end()):
        if m.group(2) is None:
            continue  # a comment or processing instruction
        closing, name, selfclosing = m.group(1), m.group(2), m.group(4)
        if closing:
            if depth == 0:  # </w:body>
                break
            depth -= 1
            if depth == 0:
                spans.append((start, m.end()))
        elif selfclosing:
            if depth == 0:
                spans.append((m.start(), m.end()))
                tags.append(name)
        else:
            if depth == 0:
                start = m.start()
                tags.append(name)
            depth += 1
    return spans, tags


def word_layout(xml_bytes: bytes, parts: dict[str, bytes], path: str | Path) -> WordLayout:
    xml = xml_bytes.decode("utf-8")
    spans, tags = _body_children(xml, str(path))
    root = parse_xml_part(xml_bytes, Path(path))
    children = list(root.find(f"{_W}body"))
    if len(children) != len(spans):
        raise InputError(f"{path}: its document text could not be laid out safely; open it in Word or WPS and save it again")
    numbering, styles = Numbering.from_parts(parts), style_names(parts)
    texts, numbered, heads, right = [], [], [], []
    for child in children:
        if child.tag != f"{_W}p":
            texts.append("")
            numbered.append(False)
            heads.append(False)
            right.append(False)
            continue
        label = numbering.label(child, styles)
        text = " ".join((label + paragraph_text(child)).split())
        style = child.find(f"{_W}pPr/{_W}pStyle")
        style_name = styles.get(style.get(f"{_W}val", ""), "") if style is not None else ""
        jc = child.find(f"{_W}pPr/{_W}jc")
        texts.append(text)
        numbered.append(bool(label))
        heads.append(bool(text) and (bool(_FIRST_LEVEL.match(text)) or bool(_HEADING1.match(style_name))) and len(text) <= 60)
        right.append(jc is not None and jc.get(f"{_W}val") in ("right", "end"))
    starts = [i for i, h in enumerate(heads) if h]
    if not starts:
        raise InputError(f"{path}: no sections found (a Word draft's sections start with 一、/二、 headings or Heading 1 styles)")
    before = [t for t in texts[: starts[0]] if t]
    layout = WordLayout(xml, spans, tags, texts, numbered, before[0] if before else "", before[1:], [])
    end_of_text = len(children)
    while end_of_text > starts[-1] + 1:  # the 落款 and trailing empty paragraphs are no section's
        t = texts[end_of_text - 1]
        tag = tags[end_of_text - 1]
        if tag == "w:sectPr" or not t or right[end_of_text - 1] or _DATE.match(t):
            end_of_text -= 1
            continue
        break
    for n, at in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else end_of_text
        body = [i for i in range(at + 1, end) if tags[i] == "w:p" and texts[i]]
        layout.sections.append(WordSection(texts[at], at, body, end))
    return layout


_PPR = re.compile(r"<w:pPr\b.*?</w:pPr>|<w:pPr\s*/>", re.S)
_RPR = re.compile(r"<w:rPr\b.*?</w:rPr>|<w:rPr\s*/>", re.S)
_RUN = re.compile(r"<w:r\b[^>]*>.*?</w:r>", re.S)
_TRACKING = re.compile(r"<w:(?:ins|del|moveFrom|moveTo)\b[^>]*/>|<w:(pPrChange|rPrChange)\b.*?</w:\1>", re.S)
_ANCHORS = re.compile(r"<w:(?:commentRangeStart|commentRangeEnd|bookmarkStart|bookmarkEnd)\b[^>]*/>")
_REFERENCE_RUN = re.compile(r"<w:r\b[^>]*>(?:(?!</w:r>).)*?<w:commentReference\b[^>]*/>.*?</w:r>", re.S)


_SECTPR = re.compile(r"<w:sectPr\b.*?</w:sectPr>|<w:sectPr\b[^>]*/>", re.S)


def _properties(paragraph_xml: str) -> tuple[str, str]:
    """The paragraph's pPr (without a section break) and its first text run's rPr, with tracked-change
    marks taken out."""
    ppr = _PPR.search(paragraph_xml)
    run = next((r for r in _RUN.findall(paragraph_xml) if "<w:t" in r), None)
    rpr = _RPR.search(run) if run else None
    clean = lambda s: _SECTPR.sub("", _TRACKING.sub("", s)) if s else ""  # noqa: E731
    return clean(ppr.group(0) if ppr else ""), clean(rpr.group(0) if rpr else "")


def _with_section_break(paragraph: str, sectpr: str) -> str:
    """A section break (page layout change) that ended a replaced paragraph ends the new last one."""
    if "</w:pPr>" in paragraph:
        return paragraph.replace("</w:pPr>", sectpr + "</w:pPr>", 1)
    return paragraph.replace("<w:p>", f"<w:p><w:pPr>{sectpr}</w:pPr>", 1)


def _paragraph(ppr: str, rpr: str, text: str, *, head: str = "", tail: str = "") -> str:
    return f'<w:p>{ppr}{head}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>{tail}</w:p>'


def replace_section(layout: WordLayout, index: int, paragraphs: list[str], heading: str | None = None) -> str:
    """document.xml with section `index`'s body paragraphs replaced by `paragraphs` (and its heading's
    text by `heading` when given); every other byte as it was."""
    section = layout.sections[index]
    xml = layout.xml
    edits: list[tuple[int, int, str]] = []
    if heading is not None and heading != section.heading:
        start, end = layout.spans[section.heading_child]
        old = xml[start:end]
        ppr, rpr = _properties(old)
        text = _FIRST_LEVEL.sub("", heading) if layout.numbered[section.heading_child] else heading
        anchors = "".join(_ANCHORS.findall(old))
        edits.append((start, end, _paragraph(ppr, rpr, text, head=anchors)))
    if section.body:
        first, last = section.body[0], section.body[-1]
        start, end = layout.spans[first][0], layout.spans[last][1]
        ppr, rpr = _properties(xml[slice(*layout.spans[first])])
        kept = []  # tables and other blocks between the paragraphs stay, after the new text
        anchors, references, breaks = [], [], []
        for i in range(first, last + 1):
            piece = xml[slice(*layout.spans[i])]
            if layout.tags[i] == "w:p" and (i in section.body or not layout.texts[i]):
                anchors += _ANCHORS.findall(piece)
                references += _REFERENCE_RUN.findall(piece)
                ppr_here = _PPR.search(piece)
                breaks += _SECTPR.findall(ppr_here.group(0)) if ppr_here else []
            else:
                kept.append(piece)
        new = [_paragraph(ppr, rpr, t) for t in paragraphs if t.strip()]
        if not new:
            new = [_paragraph(ppr, rpr, "")]
        starts = "".join(a for a in anchors if "Start" in a)
        ends = "".join(a for a in anchors if "Start" not in a) + "".join(references)
        new[0] = new[0].replace(f"<w:p>{ppr}", f"<w:p>{ppr}{starts}", 1)
        new[-1] = new[-1][: -len("</w:p>")] + ends + "</w:p>"
        if breaks:
            new[-1] = _with_section_break(new[-1], breaks[-1])
        edits.append((start, end, "".join(new) + "".join(kept)))
    elif paragraphs:  # an empty section: the new text goes right after its heading
        at = layout.spans[section.heading_child][1]
        ppr, rpr = _properties(xml[slice(*layout.spans[section.heading_child])])
        ppr = re.sub(r"<w:(?:numPr|pStyle)\b.*?(?:/>|</w:numPr>)", "", ppr, flags=re.S)
        edits.append((at, at, "".join(_paragraph(ppr, "", t) for t in paragraphs if t.strip())))
    for start, end, text in sorted(edits, reverse=True):
        xml = xml[:start] + text + xml[end:]
    return xml
