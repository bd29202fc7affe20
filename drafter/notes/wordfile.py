"""Word notes (.docx, and .doc/.wps through LibreOffice) read into blocks: headings with their depth, facts
and tables, in the document's order, each with its paragraph's 1-based index (`line`).

A heading is a heading-styled paragraph (Heading 1, 标题 1 as WPS names it, or any style with an
outline level), a paragraph numbered as a part (一、 / （一）, typed or Word's automatic numbering), a
short line that is only bold, centred or larger, or a short line without a full stop followed by
items. A numbered paragraph that is a full sentence with figures (（一）全年开展助餐服务12场。) is a
fact, never a heading. List items and body paragraphs are facts; a long paragraph is split into facts
at 。 and ；. The title (a Title-styled or first short line such as 迎宾路社区2023年宣传思想文化工作要点)
names the community, period and kind where it can. Greetings and sign-offs are kept in `ignored` with
the reason; headers and footers are not part of the body and never become facts. Tables are handed
on as grids (a ledger, a notes table or key/value rows: build.py decides).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import input_size

from .parse import IgnoredLine, closing_kind
from .wordstyle import BULLET_RANK, NumberingTable, look_of, strip_typed_number, typed_rank
from .workbook import Grid

__all__ = ["WordNotes", "Block", "read_word_notes", "split_title", "LONG_PARAGRAPH", "looks_like_sentence"]

LONG_PARAGRAPH = 40  # characters; a paragraph longer than this with several sentences is several facts
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SENTENCE_END = re.compile(r"(?<=[。；;！!])")
_COMMUNITY = re.compile(r"^(.{2,12}?(?:社区|街道|村|镇|乡))")
_PERIOD = re.compile(r"((?:19|20)\d{2}\s*年(?:度|上半年|下半年|第[一二三四]季度)?|(?:上|下)半年)")
_NOTES_WORDS = re.compile(r"(工作)?(要点|计划|安排|台账|记录|笔记|素材|材料|情况|汇报)$")
_COUNT = re.compile(r"[\d０-９]+(?:\.\d+)?\s*(?:余|多)?\s*(?:场|次|人|名|个|户|件|项|支|万|元|小时|天|期|家|所|处|条|篇|份|批|%|％|平方|米|公里|台|套|组)")
# Items run together on one line: ①…；②…, （1）…；（2）…, 一是…；二是…: split before the second and later.
_INLINE_ITEM = re.compile(r"(?:(?<=[；;。，,])|(?<=[；;。，,]\s))(?=[②-⑳]|[（(]\d{1,2}[)）]|[二三四五六七八九十]是)|(?<=\S)(?=[②-⑳])")
_LABEL = re.compile(r"^[【\[]([^】\]]{1,20})[】\]]\s*[：:]?")
_GREETING = re.compile(r"^(?:尊敬的|各位).{0,16}[：:]$")
_SIGNOFF = re.compile(r"^(?:以上|特此|此致|敬礼|妥否|请.{0,6}(?:审阅|审定|批示|指正)|(?:报告|汇报|填报|执笔|联系)人[：:])")
_DATE_LINE = re.compile(r"^.{0,30}?(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_ORG_LINE = re.compile(r"^.{2,24}(?:社区|居委会|居民委员会|党支部|党委|党总支|委员会|办事处|工作站|服务中心)$")


@dataclass
class Block:
    kind: str  # "heading" | "fact" | "table"
    text: str = ""
    line: int = 0  # the paragraph's 1-based index in the body (a table: the paragraph before it)
    level: int = 0  # a heading's depth, 1 for the top
    grid: Grid | None = None


@dataclass
class WordNotes:
    title: str = ""
    title_line: int = 0
    blocks: list[Block] = field(default_factory=list)
    ignored: list[IgnoredLine] = field(default_factory=list)


def split_title(title: str) -> dict[str, str]:
    """community / period / kind from a title: 迎宾路社区2023年宣传思想文化工作要点 ->
    迎宾路社区, 2023年, 宣传思想文化工作总结 (notes are 要点/计划/台账; what is drafted is a 总结)."""
    found: dict[str, str] = {}
    rest = re.sub(r"^关于", "", re.sub(r"\s+", "", title))
    m = _COMMUNITY.match(rest)
    if m and not _PERIOD.match(rest):
        found["community"] = m.group(1)
        rest = rest[m.end() :]
    m = _PERIOD.search(rest)
    if m:
        found["period"] = re.sub(r"\s+", "", m.group(1))
        rest = rest[: m.start()] + rest[m.end() :]
    kind = rest
    while True:  # 工作情况的汇报 -> 工作
        shorter = _NOTES_WORDS.sub("", kind.rstrip("的")).strip("：:（）() ")
        if shorter == kind:
            break
        kind = shorter
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
    if head == _OLE_MAGIC or p.suffix.lower() in (".doc", ".wps"):
        from .convert import converted_to_docx, refuse_encrypted

        refuse_encrypted(p)
        if head != _OLE_MAGIC and head[:2] == b"PK":
            return _read_docx(p, p)  # a .docx saved under an old name
        with converted_to_docx(p) as docx_path:
            return _read_docx(docx_path, p)
    if head[:4] == b"%PDF":
        raise InputError(f"{p} is a PDF, which drafter cannot read as notes; copy its text out into a .txt file (or open it in Word/WPS and save it as .docx)")
    if head[:2] != b"PK":
        raise InputError(f"{p} is not a Word .docx file; save it from Word or WPS as .docx")
    return _read_docx(p, p)


def _read_docx(path: Path, shown: Path) -> WordNotes:
    from docx import Document  # heavy: only when a Word file is read
    from docx.opc.exceptions import OpcError

    try:
        with zipfile.ZipFile(path) as z:
            if "word/document.xml" not in z.namelist():
                raise InputError(f"{shown} is a zip archive, not a Word file; unpack it and give the notes inside (.docx, .txt, .xlsx)")
        document = Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{shown} is damaged or not a Word .docx file ({type(exc).__name__}); open it in Word or WPS and save it again") from None
    except Exception as exc:  # lxml's XMLSyntaxError and kin: a damaged document.xml
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise InputError(f"{shown} is damaged: its text cannot be read ({type(exc).__name__}); open it in Word or WPS and save it again") from None
        raise
    return _blocks(document, shown)


@dataclass
class _Para:
    line: int
    text: str  # typed number taken off
    raw: str
    rank: int | None  # typed or automatic number's rank
    look: object


def _blocks(document, path: Path) -> WordNotes:
    from docx.table import Table

    numbering = NumberingTable(document)
    items: list[_Para | tuple[int, Grid]] = []
    line = tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            rows = [[_cell_text(cell) or None for cell in row.cells] for row in item.rows]
            items.append((max(line, 1), Grid(source=str(path), sheet=f"表{tables}", rows=rows, what="table")))
            continue
        line += 1
        # Lines pasted with soft breaks (Shift+Enter) stay one paragraph in Word but are lines to the person.
        pieces = [" ".join(x.split()) for x in item.text.replace("\r", "\n").split("\n")]
        pieces = [x for x in pieces if x]
        if not pieces:
            continue
        look = look_of(item, numbering)
        for n, raw in enumerate(pieces):
            rank, end = typed_rank(raw)
            if look.rank is not None and rank is None and n == 0:
                rank = look.rank
            shown = look if n == 0 else replace(look, rank=None, style_level=None, title_style=False, bold_lead="")
            items.append(_Para(line, raw[end:].strip(), raw, rank, shown))
    return _classify(items)


def _cell_text(cell) -> str:
    """A cell's paragraphs, a table nested in it included (python-docx's cell.text leaves it out)."""
    from docx.oxml.ns import qn

    paragraphs = ("".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in cell._tc.iter(qn("w:p")))
    return "\n".join(x for x in paragraphs if x)


def looks_like_sentence(text: str) -> bool:
    """A full sentence (ends with a full stop, is long, or states a count) rather than a heading's words."""
    t = text.strip()
    return bool(re.search(r"[。；;！!.]$", t)) or len(t) > 30 or (len(t) > 12 and bool(_COUNT.search(t))) or ("，" in t and len(t) > 20)


def _classify(items: list) -> WordNotes:
    notes = WordNotes()
    paras = [i for i in items if isinstance(i, _Para)]
    if paras:
        first = paras[0]
        plain_heading_words = len(first.raw) <= 40 and not looks_like_sentence(first.raw) and first.rank is None
        # a Heading-styled first line is the first section unless its words make it a title (…工作总结)
        styled_heading = first.look.style_level is not None and not first.look.title_style
        if first.look.title_style or (plain_heading_words and (_looks_like_title(first.raw) or (not styled_heading and (first.look.centred or first.look.larger)))):
            notes.title, notes.title_line = first.raw, first.line
    last_free = None  # the level of the last bold/centred heading
    trailing = {p.line for p in paras[-3:]}
    for n, item in enumerate(items):
        if isinstance(item, tuple):
            notes.blocks.append(Block("table", line=item[0], grid=item[1]))
            continue
        p = item
        if notes.title and p is paras[0]:
            continue
        nxt = next((i for i in items[n + 1 :] if isinstance(i, _Para)), None)
        heading = _heading_level(p, nxt)
        if heading is not None:
            level, text, rest = heading
            if level == 0:  # bold, centred or a plain short line: as deep as the last such heading, else under the last heading
                level = last_free or _free_level(notes.blocks)
                if closing_kind(text):
                    level = min([b.level for b in notes.blocks if b.kind == "heading"] or [1])
                last_free = level
            if text:
                notes.blocks.append(Block("heading", text=text, line=p.line, level=level))
            else:
                notes.ignored.append(IgnoredLine(p.line, p.raw, "空标题：编号后没有文字"))
            if rest:
                notes.blocks.append(Block("fact", text=rest, line=p.line))
            continue
        reason = _not_a_fact(p, p.line in trailing)
        if reason:
            notes.ignored.append(IgnoredLine(p.line, p.raw, reason))
            continue
        text = p.text if p.rank is not None else p.raw
        pieces = _INLINE_ITEM.split(text)
        for piece in pieces:
            if len(pieces) > 1:
                piece = re.sub(r"^[一二三四五六七八九十]是", "", strip_typed_number(piece)).strip(" ，,")
            if p.rank is None and len(piece) > LONG_PARAGRAPH:
                parts = [s.strip(" 。；;") for s in _SENTENCE_END.split(piece)]
                notes.blocks.extend(Block("fact", text=s, line=p.line) for s in parts if s)
            elif piece.strip(" 。；;"):
                notes.blocks.append(Block("fact", text=piece.strip(" 。；;"), line=p.line))
    return notes


def _heading_level(p: _Para, nxt: _Para | None) -> tuple[int, str, str] | None:
    """(level, heading text, a fact written after it on the same line) or None; level 0: decided by place."""
    look = p.look
    text = p.text.strip("：: ")
    if look.style_level is not None and not look.title_style:
        if not (looks_like_sentence(text) and _COUNT.search(text)):
            # 一、/（一） typed in a heading style says its depth better than the style (Heading 2 for parts)
            return (p.rank if p.rank in (1, 2, 3) else look.style_level), text, ""
    if p.rank in (1, 2):
        if not looks_like_sentence(text):
            return p.rank, text, ""
        head, colon, rest = p.text.partition("：")
        if colon and len(head) <= 16 and not looks_like_sentence(head) and rest.strip():
            return p.rank, head.strip(), rest.strip(" 。；;")  # （一）居家养老服务：全年开展助餐12场
        return None
    label = _LABEL.match(p.raw)
    if label and p.rank is None:
        rest = p.raw[label.end() :].strip(" ：:")
        return 0, label.group(1).strip(), rest.strip(" 。；;")
    if look.bold_lead and p.rank not in (4, 5, BULLET_RANK):
        lead = typed_rank(look.bold_lead)
        head = look.bold_lead[lead[1] :].strip("：: ")
        if 0 < len(head) <= 16 and not looks_like_sentence(head):
            return (lead[0] if lead[0] in (1, 2, 3) else 0), head, p.raw[len(look.bold_lead) :].strip(" 。；;")
    if (look.bold or look.larger or look.centred) and p.rank not in (4, 5, BULLET_RANK) and len(text) <= 25 and not looks_like_sentence(text):
        return (p.rank or 0), text, ""
    short = len(text) <= 15 and not re.search(r"[\d０-９，。；,;]", text)
    next_rank = nxt.rank if nxt is not None else None
    next_is_body = nxt is not None and nxt.rank is None and looks_like_sentence(nxt.raw) and not _heading_look(nxt)
    if p.rank == 3 and short and (next_rank is not None and next_rank > 3 or next_is_body):
        return 3, text, ""
    if p.rank is None and short and (next_rank is not None and next_rank >= 3 or closing_kind(text) or p.raw.endswith(("：", ":"))):
        return 0, text, ""
    return None


def _heading_look(p: _Para) -> bool:
    return p.look.style_level is not None or p.look.bold or p.look.centred or p.look.larger


def _free_level(blocks: list[Block]) -> int:
    last = next((b for b in reversed(blocks) if b.kind == "heading"), None)
    if last is None:
        return 1
    has_content = any(b.kind != "heading" for b in blocks[blocks.index(last) + 1 :])
    return last.level if has_content else last.level + 1


def _not_a_fact(p: _Para, trailing: bool) -> str:
    text = p.raw
    if _GREETING.match(text):
        return "称呼，不是事实"
    if _SIGNOFF.match(text):
        return "结束语，不是事实"
    if trailing and len(text) <= 40 and (_DATE_LINE.match(text) or _ORG_LINE.match(text)):
        return "落款，不是事实"
    return ""


def _looks_like_title(text: str) -> bool:
    return len(text) <= 40 and not re.search(r"[。；，,]", text) and bool(re.search(r"(要点|计划|总结|报告|台账|记录|材料|汇报|情况|打算)$", text))
