"""Writing a draft out: Markdown, plain text, Word (公文 layout), and the JSON sidecar.

Every file goes through a temp file and a rename; an existing output is never replaced without force.
The Word review copy (`comments=True`) carries one comment (批注) on each number: the fact it comes
from (`f3：志愿者队伍从40多人壮大到200多人`) or what is wrong with it. Without it the file has no
comment at all: that is the copy that goes to superiors.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from drafter.document import Draft, render_markdown, render_text
from drafter.errors import InputError
from drafter.textio import atomic_write_bytes, atomic_write_text

__all__ = ["FORMATS", "render_docx", "write_outputs", "sidecar_path", "format_for"]

FORMATS = ("md", "docx", "txt", "pdf")

# 公文 layout (GB/T 9704): A4, body 仿宋_GB2312 三号 (16 pt), title 小标宋 二号 (22 pt),
# first-level headings 黑体 三号, second-level 楷体 三号, fixed 28 pt line spacing.
TITLE_FONT, TITLE_FALLBACK = "方正小标宋简体", "宋体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
SIZE_2HAO, SIZE_3HAO = 22, 16
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_SECOND_LEVEL = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")


_SUFFIXES = {"md": "md", "markdown": "md", "docx": "docx", "txt": "txt", "text": "txt", "pdf": "pdf"}


def format_for(path: Path | None, fmt: str | None) -> str:
    """The format from --format and the output's suffix; they must agree, and a suffix must be known."""
    if fmt and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose md, docx, txt or pdf)")
    suffix = path.suffix.lower().lstrip(".") if path else ""
    from_suffix = _SUFFIXES.get(suffix)
    if suffix and from_suffix is None:
        raise InputError(f"unknown output suffix .{suffix} in {path}; use .md, .docx, .txt or .pdf (or --format)")
    if fmt and from_suffix and fmt != from_suffix:
        raise InputError(f"--format {fmt} does not match the output name {path.name}")
    return fmt or from_suffix or "md"


def sidecar_path(out: Path) -> Path:
    from drafter.document import sidecar_for

    return sidecar_for(out)


def _set_font(run, name: str, size_pt: int, *, bold: bool = False, fallback: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = fallback or name  # Latin text in the fallback, Chinese in the 公文 font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str, size: int, *, bold=False, center=False, indent=True, fallback=None, notes=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters
    _add_runs(p, text, font, size, bold=bold, fallback=fallback, notes=notes)
    return p


class _Comments:
    """Where each number of the draft stands in its Markdown text (the text the check read), and the
    comment it gets; paragraphs are looked up in order, so each finds its own occurrence."""

    def __init__(self, markdown: str, marks: list[dict]) -> None:
        self.markdown = markdown
        self.marks = sorted((m for m in marks if m.get("explain")), key=lambda m: (m["start"], -m["end"]))
        self.cursor = 0
        self.pending: list[tuple[object, str]] = []  # (run, comment text)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        at = self.markdown.find(text, self.cursor) if text else -1
        if at < 0:
            return []
        self.cursor = at + len(text)
        return [(m["start"] - at, m["end"] - at, m["explain"]) for m in self.marks if at <= m["start"] and m["end"] <= at + len(text)]


def _add_runs(p, text: str, font: str, size: int, *, bold=False, fallback=None, notes: _Comments | None = None) -> None:
    """The text as runs; with notes, each number in a run of its own, so a comment can hold it."""
    spans = notes.spans(text) if notes is not None else []
    pos = 0
    for start, end, comment in spans:
        if start < pos:
            continue
        if start > pos:
            _set_font(p.add_run(text[pos:start]), font, size, bold=bold, fallback=fallback)
        run = p.add_run(text[start:end])
        _set_font(run, font, size, bold=bold, fallback=fallback)
        notes.pending.append((run, comment))  # type: ignore[union-attr]
        pos = end
    if pos < len(text) or not text:
        _set_font(p.add_run(text[pos:]), font, size, bold=bold, fallback=fallback)


def _register_font_fallback(doc, name: str, alt: str) -> None:
    """Tell Word to use `alt` where `name` is not installed (w:altName in the font table)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    xml = part.blob if hasattr(part, "blob") else None
    if xml is None:
        return
    root = parse_xml(xml)
    font = parse_xml(f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/></w:font>')
    root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_docx(draft: Draft, marks: list[dict] | None = None, *, community: str = "") -> bytes:
    """The draft in 公文 layout; with `marks` (the check's provenance map over render_markdown(draft)),
    the review copy: one Word comment on each number."""
    import docx
    from docx.shared import Cm

    notes = _Comments(render_markdown(draft), marks) if marks is not None else None

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title = draft.title
    doc.core_properties.author = "drafter"

    _paragraph(doc, draft.title, TITLE_FONT, SIZE_2HAO, center=True, fallback=TITLE_FALLBACK, notes=notes)
    _paragraph(doc, "", BODY_FONT, SIZE_3HAO, indent=False)
    for text in draft.opening.split("\n\n"):
        _paragraph(doc, text.strip(), BODY_FONT, SIZE_3HAO, notes=notes)
    for s in draft.sections:
        _paragraph(doc, s.heading, H1_FONT, SIZE_3HAO, notes=notes)
        for text in s.body.split("\n\n"):
            text = text.strip()
            if not text:
                continue
            second = _SECOND_LEVEL.match(text)
            if second:
                # A second-level heading line (（一）…) is set in 楷体; the rest of its paragraph in 仿宋.
                head, _, rest = text.partition("。")
                p = _paragraph(doc, head + ("。" if rest or text.endswith("。") else ""), H2_FONT, SIZE_3HAO, notes=notes)
                if rest:
                    _add_runs(p, rest, BODY_FONT, SIZE_3HAO, notes=notes)
            else:
                _paragraph(doc, text, BODY_FONT, SIZE_3HAO, notes=notes)
    from .gongwen import finish_gongwen

    finish_gongwen(doc, title=draft.title, community=community)  # page numbers, 落款, properties, pagination
    for run, comment in notes.pending if notes is not None else ():
        note = doc.add_comment(run, text=comment, author="drafter", initials="D")
        note._comment_elm.date = None  # no time stamp: equal drafts give equal files
    _register_font_fallback(doc, TITLE_FONT, TITLE_FALLBACK)
    buf = io.BytesIO()
    doc.save(buf)
    return _deterministic_zip(buf.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """python-docx stamps zip entries with the current time; fix them so equal drafts give equal files."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(draft: Draft, fmt: str, marks: list[dict] | None = None, *, community: str = "") -> bytes:
    if fmt == "md":
        return render_markdown(draft).encode("utf-8")
    if fmt == "txt":
        return render_text(draft).encode("utf-8")
    if fmt == "docx":
        return render_docx(draft, marks, community=community)
    if fmt == "pdf":
        from .gongwen import docx_to_pdf

        return docx_to_pdf(render_docx(draft, None, community=community))
    raise InputError(f"unknown format {fmt!r} (choose md, docx, txt or pdf)")


def write_outputs(draft: Draft, out: Path, fmt: str, sidecar: dict, *, force: bool, comments: bool = False) -> list[Path]:
    """Write the draft and its sidecar; refuse to replace an existing draft unless force.

    comments: a .docx becomes the review copy, one comment on each number, from the provenance map of
    the sidecar's check (which must be the check of render_markdown(draft)).

    drafter.draft.resolve_output checked all this before the work began; checking again here catches
    a file that appeared while a model was writing.
    """
    if out.is_dir():
        raise InputError(f"output path is a directory: {out}")
    if out.exists() and not force:
        raise InputError(f"{out} already exists; use --force to overwrite it")
    if not out.parent.is_dir():
        raise InputError(f"output directory does not exist: {out.parent}")
    if comments and fmt != "docx":
        raise InputError(f"--comments needs a Word output (.docx), not .{fmt}")
    check = sidecar.get("check") or {}
    marks = check.get("quantities", []) + check.get("claims", []) if comments else None  # numbers and named claims
    data = render(draft, fmt, marks, community=str(sidecar.get("community") or ""))  # render before writing anything, so a failure leaves no partial set
    side = sidecar_path(out)
    atomic_write_text(side, json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n")
    atomic_write_bytes(out, data)
    return [out, side]
