"""What Word shows of a paragraph but does not keep in its text: the number of an automatic list
(numbering.xml: w:numPr's numId/ilvl -> the level's numFmt and lvlText), heading styles (Heading 1,
标题 1 as WPS names them, or any style with an outline level), bold, centred and larger text.

Everything is reduced to a *rank*, the place of a paragraph's number in the Chinese document
hierarchy, the same for typed and automatic numbers:
1 一、  2 （一）  3 1. / 1、  4 (1) / a)  5 ①  6 a bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ParagraphLook", "NumberingTable", "look_of", "typed_rank", "strip_typed_number", "BULLET_RANK"]

BULLET_RANK = 6
_CN = "一二三四五六七八九十"
_TYPED = [
    (1, re.compile(rf"^\s*[{_CN}]{{1,3}}\s*[、.．]\s*")),
    (2, re.compile(rf"^\s*[（(]\s*[{_CN}]{{1,3}}\s*[)）]\s*[、.．]?\s*")),
    (3, re.compile(r"^\s*\d{1,3}\s*(?:[、]|[.．](?!\d))\s*")),
    (4, re.compile(r"^\s*[（(]\s*\d{1,3}\s*[)）]\s*|^\s*\d{1,3}\s*[)）]\s*")),
    (5, re.compile(r"^\s*[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
    (BULLET_RANK, re.compile(r"^\s*[-*+•·●▪■◆◇○□√]\s*")),
]
_CHINESE_FORMATS = {
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
    "ideographDigital", "ideographLegalTraditional", "japaneseCounting", "taiwaneseCounting",
    "taiwaneseCountingThousand", "koreanCounting", "koreanDigital",
}
_CIRCLED_FORMATS = {"decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalEnclosedFullstop"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题", "subtitle", "副标题"}


def typed_rank(text: str) -> tuple[int | None, int]:
    """The rank of a number typed at the start of text, and where the text after it starts."""
    for rank, pattern in _TYPED:
        m = pattern.match(text)
        if m:
            return rank, m.end()
    return None, 0


def strip_typed_number(text: str) -> str:
    _, end = typed_rank(text)
    return text[end:].strip()


class NumberingTable:
    """(numId, ilvl) -> (numFmt, lvlText) from the document's numbering definitions."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError, ValueError):
            return
        abstract: dict[str | None, dict[int, tuple[str, str]]] = {}
        for a in root.findall(qn("w:abstractNum")):
            abstract[a.get(qn("w:abstractNumId"))] = {self._ilvl(lvl): self._format(lvl) for lvl in a.findall(qn("w:lvl"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[self._ilvl(lvl)] = self._format(lvl)
            for ilvl, value in levels.items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = value

    def _ilvl(self, lvl) -> int:
        try:
            return int(lvl.get(self._qn("w:ilvl"), "0"))
        except ValueError:
            return 0

    def _format(self, lvl) -> tuple[str, str]:
        fmt, text = lvl.find(self._qn("w:numFmt")), lvl.find(self._qn("w:lvlText"))
        return (fmt.get(self._qn("w:val"), "decimal") if fmt is not None else "decimal", text.get(self._qn("w:val"), "") if text is not None else "")

    def rank(self, num_id: str, ilvl: int) -> int | None:
        if num_id in (None, "0"):
            return None  # numId 0 switches a style's numbering off
        fmt, text = self.levels.get((num_id, ilvl), ("decimal", f"%{ilvl + 1}."))
        return format_rank(fmt, text, ilvl)


def format_rank(fmt: str, text: str, ilvl: int = 0) -> int:
    if fmt in ("bullet", "none"):
        return BULLET_RANK
    bracketed = bool(re.search(r"[（(]", text)) or text.rstrip().endswith((")", "）"))
    if fmt in _CHINESE_FORMATS:
        return 2 if bracketed else 1
    if fmt in _CIRCLED_FORMATS:
        return 5
    if text.count("%") > 1:  # 1.1 / 1.1.1: deeper the more numbers it shows
        return min(3 + text.count("%") - 1, 5)
    if fmt.startswith("decimal") or fmt in ("cardinalText", "ordinal"):
        return 4 if bracketed else 3
    return 4  # letters and roman numerals sit under 1.


@dataclass
class ParagraphLook:
    style_level: int | None  # 1 for Heading 1 / 标题 1 / outline level 0; None for body text
    title_style: bool
    rank: int | None  # of the automatic number Word shows before it, if any
    bold: bool
    centred: bool
    larger: bool
    bold_lead: str = ""  # 居家养老服务： in bold before plain text in the same paragraph



def look_of(paragraph, numbering: NumberingTable) -> ParagraphLook:
    try:
        return _look_of(paragraph, numbering)
    except ValueError:  # a value python-docx does not know (files from other editors): read as body text
        return ParagraphLook(None, False, None, False, False, False, "")


def _look_of(paragraph, numbering: NumberingTable) -> ParagraphLook:
    style = paragraph.style
    name = (style.name if style is not None else "") or ""
    m = _HEADING_STYLE.match(name.strip())
    level = int(m.group(1)) if m else _outline_level(paragraph)
    return ParagraphLook(
        style_level=level,
        title_style=name.strip().lower() in _TITLE_STYLES,
        rank=_auto_rank(paragraph, numbering),
        bold=_all_runs(paragraph, lambda r: r.bold, lambda s: s.font.bold),
        bold_lead=_bold_lead(paragraph),
        centred=_centred(paragraph),
        larger=_all_runs(paragraph, lambda r: None if r.font.size is None else r.font.size.pt >= 14, lambda s: s.font.size is not None and s.font.size.pt >= 14),
    )


def _styles_of(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _outline_level(paragraph) -> int | None:
    from docx.oxml.ns import qn

    elements = [paragraph._p.pPr] + [s.element.pPr for s in _styles_of(paragraph)]
    for ppr in elements:
        if ppr is None:
            continue
        found = ppr.find(qn("w:outlineLvl"))
        if found is not None:
            try:
                value = int(found.get(qn("w:val"), "9"))
            except ValueError:
                return None
            return value + 1 if value < 9 else None  # 9 is body text
    return None


def _auto_rank(paragraph, numbering: NumberingTable) -> int | None:
    elements = [paragraph._p.pPr] + [s.element.pPr for s in _styles_of(paragraph)]
    for ppr in elements:
        if ppr is None or ppr.numPr is None:
            continue
        num_pr = ppr.numPr
        num_id = num_pr.numId.val if num_pr.numId is not None else None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        if num_id is None:
            continue
        return numbering.rank(str(num_id), int(ilvl))
    return None


def _all_runs(paragraph, of_run, of_style) -> bool:
    """True when every run with text has the property, set on the run or (unset there) on its style."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    styled = any(bool(of_style(s)) for s in _styles_of(paragraph))
    for run in runs:
        value = of_run(run)
        if not (styled if value is None else value):
            return False
    return True


def _bold_lead(paragraph) -> str:
    lead = []
    runs = [r for r in paragraph.runs if r.text]
    for n, run in enumerate(runs):
        if not run.bold:
            rest = "".join(r.text for r in runs[n:]).strip()
            text = "".join(lead).strip()
            return text if rest and re.search(r"[：:]$", text) else ""
        lead.append(run.text)
    return ""


def _centred(paragraph) -> bool:
    """Read from the XML: python-docx refuses values LibreOffice writes (w:jc="start")."""
    from docx.oxml.ns import qn

    for ppr in [paragraph._p.pPr] + [s.element.pPr for s in _styles_of(paragraph)]:
        jc = ppr.find(qn("w:jc")) if ppr is not None else None
        if jc is not None:
            return jc.get(qn("w:val")) == "center"
    return False
