"""A Word draft read as the person sees it: one line of text per paragraph, in the body's order.

Headings, paragraphs and table rows (cells joined by a tab) are read; Word's automatic list numbering is
rendered as text (一、 / （一） / 1. …); comments, headers, footers and footnotes are not part of the
body and are not read. Tracked changes read as if accepted: inserted text counts, deleted text does not,
and a paragraph whose mark was deleted runs on into the next one.

The 落款 at the end (the issuing unit and the date, right-aligned) is not read: it states no fact.

Each line of the text is one paragraph (`WordText.paragraphs[i]` is line i + 1): a check's `line` is the
paragraph number. Empty paragraphs are skipped, so the numbers count the paragraphs a reader sees.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import input_size

__all__ = ["WordText", "WordParagraph", "read_word_draft", "open_word_package", "W", "is_word_path", "word_blocks", "word_lines", "paragraph_text", "parse_xml_part"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
WORD_SUFFIXES = (".docx", ".docm", ".doc", ".wps")
SOFFICE_TIMEOUT = 120  # seconds


def is_word_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORD_SUFFIXES


@dataclass(frozen=True)
class WordParagraph:
    number: int  # 1-based, over the paragraphs with text (what the check calls the line)
    text: str
    index: int  # position of the w:p (or table row) among the body's block elements, for the writers
    kind: str = "paragraph"  # paragraph | heading | row


@dataclass
class WordText:
    path: str
    paragraphs: list[WordParagraph] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs) + "\n"

    def markdown(self) -> str:
        """The same text as drafter's Markdown (# title, ## 一、 headings, blank lines between
        paragraphs), for measures that look at a draft's structure (drafter eval)."""
        out = []
        for i, p in enumerate(self.paragraphs):
            if i == 0 and p.kind != "row":
                out.append(f"# {p.text}")
            elif p.kind == "heading" or (_FIRST_LEVEL.match(p.text) and len(p.text) <= 40 and "。" not in p.text[:-1]):
                out.append(f"## {p.text}")
            else:
                out.append(p.text)
        return "\n\n".join(out) + "\n"


def _explain_not_docx(path: Path, head: bytes) -> InputError:
    if head[:8] == _OLE_MAGIC:
        data = path.read_bytes()
        if _ENCRYPTED_MARK in data:
            return InputError(f"{path} is password-protected; open it in Word or WPS, remove the password (文件 → 信息 → 保护文档) and save it again")
        return InputError(f"{path} is an old Word .doc file; save it from Word or WPS as .docx")
    return InputError(f"{path} is not a Word .docx file; save it from Word or WPS as .docx")


def _convert_doc(path: Path, workdir: Path) -> Path:
    """An old .doc/.wps converted to .docx by LibreOffice (private profile, bounded time)."""
    import shutil

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(f"{path} is an old Word .doc file and LibreOffice is not installed; save it from Word or WPS as .docx")
    profile = (workdir / "profile").as_uri()
    try:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx", "--outdir", str(workdir), str(path)],
            check=False, capture_output=True, timeout=SOFFICE_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"{path}: LibreOffice took longer than {SOFFICE_TIMEOUT} s to convert it; save it from Word or WPS as .docx") from None
    out = workdir / (path.stem + ".docx")
    if not out.is_file():
        raise InputError(f"{path} could not be converted by LibreOffice (damaged?); save it from Word or WPS as .docx")
    return out


def open_word_package(path: str | Path, *, what: str = "draft") -> dict[str, bytes]:
    """The parts of a .docx (name -> bytes); bad input (missing, empty, encrypted, damaged, .doc
    without LibreOffice) raises InputError with one line that says what to do."""
    p = Path(path)
    if input_size(p, what=what) == 0:
        raise InputError(f"{what} is empty (0 bytes): {p}")
    with p.open("rb") as fh:
        head = fh.read(8)
    if head[:8] == _OLE_MAGIC and p.suffix.lower() in (".doc", ".wps") and _ENCRYPTED_MARK not in p.read_bytes():
        with tempfile.TemporaryDirectory(prefix="drafter-doc-") as tmp:
            return open_word_package(_convert_doc(p, Path(tmp)), what=what)
    if head[:2] != b"PK":
        raise _explain_not_docx(p, head)
    try:
        with zipfile.ZipFile(p) as zf:
            parts = {name: zf.read(name) for name in zf.namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise InputError(f"{p} is damaged ({type(exc).__name__}); open it in Word or WPS and save it again") from None
    except Exception as exc:  # zlib.error on a cut file
        raise InputError(f"{p} is damaged ({type(exc).__name__}); open it in Word or WPS and save it again") from None
    if "word/document.xml" not in parts:
        raise InputError(f"{p} is not a Word document (no word/document.xml); save it from Word or WPS as .docx")
    return parts


def parse_xml_part(data: bytes, p: Path):
    from lxml import etree

    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:
        raise InputError(f"{p} is damaged (its text part is not valid XML); open it in Word or WPS and save it again") from None


def word_blocks(root) -> list:
    """The body's block elements in order: paragraphs and tables (content controls opened up)."""
    body = root.find(f"{_W}body")
    if body is None:
        return []
    out = []
    for el in body:
        if el.tag == f"{_W}sdt":
            content = el.find(f"{_W}sdtContent")
            out.extend(c for c in (content if content is not None else []) if c.tag in (f"{_W}p", f"{_W}tbl"))
        elif el.tag in (f"{_W}p", f"{_W}tbl"):
            out.append(el)
    return out


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"  # a text box's second copy
_SKIP = {f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}commentReference", f"{_W}footnoteReference",
         f"{_W}endnoteReference", f"{_W}instrText", f"{_W}delText", f"{_W}fldChar", _MC_FALLBACK}


def paragraph_text(p) -> str:
    """The text of one w:p as it reads with changes accepted."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _mark_deleted(p) -> bool:
    ppr = p.find(f"{_W}pPr")
    rpr = ppr.find(f"{_W}rPr") if ppr is not None else None
    return rpr is not None and rpr.find(f"{_W}del") is not None


_FIRST_LEVEL = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_HEADING_STYLE = re.compile(r"^(heading|标题)\s*\d|^title$|^标题$", re.I)


def word_lines(root, parts: dict[str, bytes]) -> list[tuple[str, str, int, list]]:
    """(text, kind, block index, the w:p elements the line reads) for each paragraph with text."""
    from .numbering import Numbering, style_names

    numbering = Numbering.from_parts(parts)
    styles = style_names(parts)
    lines: list[tuple[str, str, int, list]] = []
    carry, carried = "", []  # a paragraph whose mark was deleted runs on into the next
    for index, block in enumerate(word_blocks(root)):
        if block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells, paras = [], []
                for tc in row.findall(f"{_W}tc"):
                    cell_paras = list(tc.iter(f"{_W}p"))
                    paras += cell_paras
                    cells.append(" ".join(" ".join(paragraph_text(q).split()) for q in cell_paras).strip())
                line = "\t".join(cells).strip()
                if line:
                    lines.append((line, "row", index, paras))
            continue
        label = numbering.label(block, styles)
        text = carry + label + paragraph_text(block)
        if _mark_deleted(block):
            carry, carried = text, carried + [block]
            continue
        elements = carried + [block]
        carry, carried = "", []
        text = " ".join(text.split())
        if not text:
            continue
        kind = "heading" if _HEADING_STYLE.match(styles.get(_style_id(block), "")) else "paragraph"
        lines.append((text, kind, index, elements))
    while len(lines) > 1 and _signature_line(lines[-1]):  # the 落款 (issuing unit, date) says nothing the notes prove
        lines.pop()
    return lines


_SIGNATURE_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _signature_line(line: tuple[str, str, int, list]) -> bool:
    """A line of the 落款 at the end: a bare date, or a short right-aligned line without a sentence."""
    text, kind, _index, elements = line
    if kind == "row" or len(text) > 30:
        return False
    if _SIGNATURE_DATE.match(text):
        return True
    jc = elements[-1].find(f"{_W}pPr/{_W}jc")
    return jc is not None and jc.get(f"{_W}val") in ("right", "end") and not re.search(r"[。；，,]", text)


def read_word_draft(path: str | Path) -> WordText:
    """The draft's text, one line per paragraph; raises InputError on bad input or a file with no text."""
    p = Path(path)
    parts = open_word_package(p)
    root = parse_xml_part(parts["word/document.xml"], p)
    out = WordText(path=str(p))
    for text, kind, index, _elements in word_lines(root, parts):
        out.paragraphs.append(WordParagraph(len(out.paragraphs) + 1, text, index, kind))
    if not out.paragraphs:
        raise InputError(f"{p} has no text to check (an empty Word document, or only pictures)")
    return out


def _style_id(p) -> str:
    ppr = p.find(f"{_W}pPr")
    style = ppr.find(f"{_W}pStyle") if ppr is not None else None
    return style.get(f"{_W}val", "") if style is not None else ""
