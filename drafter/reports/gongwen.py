"""The finishing a 公文 needs before it is handed in, applied to the Word draft drafter writes.

- Page numbers as GB/T 9704 sets them: — 1 —, 4号 (14 pt) 半角宋体, odd pages on the right and even
  pages on the left, one character in from the margin (a PAGE field in odd and even footers, with
  w:evenAndOddHeaders in the settings).
- The 落款 under the text: the issuing unit (--issuer, else the community) and the date (--date,
  default today) written 2024年12月6日, right-aligned, the date four characters in from the right,
  the unit centred over it.
- Document properties: title, author and last editor = the issuing unit, created/modified = now
  (SOURCE_DATE_EPOCH when set, for reproducible files), no trace of the python-docx template.
- Pagination: widow/orphan control on every paragraph, headings kept with the text that follows, and
  the last paragraphs kept with the 落款, so no page holds a lone closing line.

`--format pdf` goes through LibreOffice (soffice --headless, a private profile, a time limit).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import InputError

__all__ = ["Issuance", "issuing", "chinese_date", "parse_date", "finish_gongwen", "docx_to_pdf", "PDF_TIMEOUT", "soffice_path"]

PAGE_FONT = "宋体"
SIZE_4HAO = 14
BODY_SIZE = 16  # 三号: one character of the body is 16 pt
PDF_TIMEOUT = 180  # seconds
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
_COMMUNITY = re.compile(r"^(.{2,14}?(?:社区|街道|村委会|居委会|村|镇|乡))")


@dataclass(frozen=True)
class Issuance:
    issuer: str | None = None  # None: the community
    date: dt.date | None = None  # None: today


_ISSUANCE: contextvars.ContextVar[Issuance | None] = contextvars.ContextVar("drafter_issuance", default=None)


@contextlib.contextmanager
def issuing(issuer: str | None = None, date: dt.date | None = None):
    """A context in which every Word draft written carries this 落款 (the CLI's --issuer / --date)."""
    token = _ISSUANCE.set(Issuance(issuer.strip() if issuer and issuer.strip() else None, date))
    try:
        yield
    finally:
        _ISSUANCE.reset(token)


def _issuance() -> Issuance:
    return _ISSUANCE.get() or Issuance()


def now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def chinese_date(day: dt.date) -> str:
    """2024年12月6日: Arabic numerals, no leading zeros (GB/T 9704-2012 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"


_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> dt.date:
    """--date: 2024-12-06, 2024/12/6, 2024.12.6 or 2024年12月6日."""
    m = _DATE.match(text or "")
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise InputError(f"--date {text!r} is not a date; write it as 2024-12-06 or 2024年12月6日")


def _issuer(title: str, community: str) -> str:
    chosen = _issuance().issuer or community.strip()
    if not chosen:
        m = _COMMUNITY.match(re.sub(r"\s+", "", title))
        chosen = m.group(1) if m else ""
    return chosen


def _width(text: str, size: float) -> float:
    """Points a line of text takes: CJK a full character, ASCII digits and letters half."""
    return sum(size / 2 if ord(c) < 128 else size for c in text)


def _footer(footer, *, odd: bool) -> None:
    """— PAGE — in 4号 宋体, right with one character in (odd) or left with one character in (even)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    for r in list(p.runs):
        r._element.getparent().remove(r._element)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        p.paragraph_format.right_indent = Pt(SIZE_4HAO)
    else:
        p.paragraph_format.left_indent = Pt(SIZE_4HAO)

    def run(text: str = ""):
        r = p.add_run(text)
        r.font.size = Pt(SIZE_4HAO)
        r.font.name = PAGE_FONT
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PAGE_FONT)
        return r

    def field_char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run()._element.append(el)

    run("— ")
    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run()._element.append(instr)
    field_char("separate")
    run("1")
    field_char("end")
    run(" —")


def _signature(doc, issuer: str, day: dt.date) -> list:
    """The 落款: a blank line, the issuing unit centred over the date, the date four characters in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    date_text = chinese_date(day)
    date_indent = 4 * BODY_SIZE
    unit_indent = max(0.0, date_indent + (_width(date_text, BODY_SIZE) - _width(issuer, BODY_SIZE)) / 2)
    out = []
    for text, indent in (("", 0.0), (issuer, unit_indent), (date_text, float(date_indent))):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if text:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Pt(indent)
            r = p.add_run(text)
            r.font.size = Pt(BODY_SIZE)
            r.font.name = "仿宋_GB2312"
            r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
        out.append(p)
    return out


def _properties(doc, title: str, issuer: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    stamp = now()
    props = doc.core_properties
    props.title = title
    props.author = issuer or "drafter"
    props.last_modified_by = issuer or "drafter"
    props.comments = ""
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's picture
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:  # app.xml: the template says "Microsoft Macintosh Word"
            company = (issuer or "").replace("&", "&amp;").replace("<", "&lt;")
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f"<Application>drafter</Application><DocSecurity>0</DocSecurity><Company>{company}</Company>"
                "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>"
            ).encode("utf-8")


def finish_gongwen(doc, *, title: str, community: str = "") -> None:
    """Page numbers, the 落款, properties and pagination on a Word draft whose body is written."""
    body = [p for p in doc.paragraphs]
    for i, p in enumerate(body):
        fmt = p.paragraph_format
        fmt.widow_control = True
        text = p.text.strip()
        if i == 0 or (text and _HEADING.match(text) and len(text) <= 40 and "。" not in text[:-1]):
            fmt.keep_with_next = True  # the title and every heading stay with what follows
    tail = [p for p in body if p.text.strip()][-1:]  # the closing's last paragraph goes with the 落款
    issuer = _issuer(title, community)
    day = _issuance().date or now().date()
    signature = _signature(doc, issuer, day)
    for p in tail + signature[:-1]:
        p.paragraph_format.keep_with_next = True
    for p in tail[-1:] + signature:
        p.paragraph_format.keep_together = True
        p.paragraph_format.widow_control = True
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.footer_distance = _cm(2.3)  # the page number sits in the bottom margin, below the text block
    _footer(section.footer, odd=True)
    _footer(section.even_page_footer, odd=False)
    _properties(doc, title, issuer)


def _cm(value: float):
    from docx.shared import Cm

    return Cm(value)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: float = PDF_TIMEOUT) -> bytes:
    """The Word file as PDF through LibreOffice; InputError in one line when it is not installed or fails."""
    soffice = soffice_path()
    if soffice is None:
        raise InputError("--format pdf needs LibreOffice (soffice), which is not installed; write .docx and print it from Word or WPS")
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as tmp:
        work = Path(tmp)
        src = work / "draft.docx"
        src.write_bytes(data)
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(src)],
                check=False, capture_output=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice took longer than {timeout:.0f} s to make the PDF; write .docx and print it from Word or WPS") from None
        pdf = work / "draft.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise InputError("LibreOffice could not make the PDF; write .docx and print it from Word or WPS")
        return pdf.read_bytes()
