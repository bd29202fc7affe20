"""Word notes (.docx) read into blocks: headings, facts and tables, in the document's order.

A heading is a heading-styled paragraph (Heading 1 / 标题 1 …), or a line that numbers a part
(一、… / （一）…), or a short line that is bold throughout. List items and body paragraphs are facts;
a long paragraph is split into facts at 。 and ；. The title (a Title-styled or first short line such
as 迎宾路社区2023年宣传思想文化工作要点) names the community, period and kind where it can. Tables
are handed on as grids: they are read like ledgers.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import input_size

from .workbook import Grid

__all__ = ["WordNotes", "read_word_notes", "split_title", "LONG_PARAGRAPH"]

LONG_PARAGRAPH = 40  # characters; a paragraph longer than this with several sentences is several facts
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PART_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])\s*")
_SENTENCE_END = re.compile(r"(?<=[。；;！!])")
_COMMUNITY = re.compile(r"^(.{2,12}?(?:社区|街道|村|镇|乡))")
_PERIOD = re.compile(r"((?:19|20)\d{2}\s*年(?:度|上半年|下半年|第[一二三四]季度)?|(?:上|下)半年)")
_NOTES_WORDS = re.compile(r"(工作)?(要点|计划|安排|台账|记录|笔记|素材|材料|情况|汇报)$")


@dataclass
class WordNotes:
    title: str = ""
    blocks: list[tuple[str, object]] = field(default_factory=list)  # ("heading", str) | ("fact", str) | ("table", Grid)


def split_title(title: str) -> dict[str, str]:
    """community / period / kind from a title: 迎宾路社区2023年宣传思想文化工作要点 ->
    迎宾路社区, 2023年, 宣传思想文化工作总结 (notes are 要点/计划/台账; what is drafted is a 总结)."""
    found: dict[str, str] = {}
    rest = re.sub(r"\s+", "", title)
    m = _COMMUNITY.match(rest)
    if m and not _PERIOD.match(rest):
        found["community"] = m.group(1)
        rest = rest[m.end() :]
    m = _PERIOD.search(rest)
    if m:
        found["period"] = re.sub(r"\s+", "", m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]
    kind = _NOTES_WORDS.sub("", rest).strip("：:（）() ")
    if kind in ("活动", "工作", "服务", "综合"):
        kind = ""  # 活动台账 names no kind of summary: the default 工作总结 fits better than 活动工作总结
    if kind and ("总结" in kind or "报告" in kind):
        found["kind"] = kind
    elif kind and len(kind) <= 16:
        found["kind"] = kind + ("总结" if kind.endswith("工作") else "工作总结")
    return found


def read_word_notes(path: Path) -> WordNotes:
    p = Path(path)
    if input_size(p, what="notes file") == 0:
        raise InputError(f"notes file is empty (0 bytes): {p}")
    with p.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise InputError(f"{p} is an old Word .doc file (or password-protected), not .docx; open it in Word or WPS and save it as .docx")
    if head[:2] != b"PK":
        raise InputError(f"{p} is not a Word .docx file; save it from Word or WPS as .docx")
    from docx import Document  # heavy: only when a Word file is read
    from docx.opc.exceptions import OpcError

    try:
        document = Document(str(p))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{p} is damaged or not a Word .docx file ({type(exc).__name__}); open it in Word or WPS and save it again") from None
    return _blocks(document, p)


def _blocks(document, path: Path) -> WordNotes:
    from docx.table import Table

    notes = WordNotes()
    tables = 0
    seen_text = False
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            rows = [[cell.text.strip() or None for cell in row.cells] for row in item.rows]
            notes.blocks.append(("table", Grid(source=str(path), sheet=f"表{tables}", rows=rows, what="table")))
            continue
        text = " ".join(item.text.split())
        if not text:
            continue
        style = (item.style.name if item.style is not None else "").lower()
        if not seen_text and (style in ("title", "标题") or _looks_like_title(text)):
            notes.title = text
            seen_text = True
            continue
        seen_text = True
        if style.startswith(("heading", "标题")) or _PART_NUMBER.match(text) or _all_bold(item, text):
            notes.blocks.append(("heading", _PART_NUMBER.sub("", text).strip("：: ")))
        elif style.startswith(("list", "列表")) or _numbered(item) or len(text) <= LONG_PARAGRAPH:
            notes.blocks.append(("fact", text))
        else:
            notes.blocks.extend(("fact", s.strip(" 。；;")) for s in _SENTENCE_END.split(text) if s.strip(" 。；;"))
    return notes


def _looks_like_title(text: str) -> bool:
    return len(text) <= 40 and not re.search(r"[。；，,]", text) and bool(re.search(r"(要点|计划|总结|报告|台账|记录|材料)$", text))


def _numbered(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _all_bold(paragraph, text: str) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs or len(text) > 30 or re.search(r"[。；]", text):
        return False
    return all(r.bold or (r.bold is None and paragraph.style is not None and paragraph.style.font.bold) for r in runs)
