"""The review copy of the person's own Word draft: their file, their formatting, with one Word comment
(批注) on each number the check read, saying the fact it comes from or what is wrong with it.

The number's characters are split into a run of their own (a copy of the run they sat in, so the
formatting is the same) and the comment is anchored on it. Nothing else in the file changes.
"""

from __future__ import annotations

import bisect
import io
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import atomic_write_bytes

from .reading import open_word_package, word_lines

__all__ = ["write_review_copy", "COMMENT_AUTHOR"]

COMMENT_AUTHOR = "drafter"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIP = {f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText", f"{_W}delText",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _text_nodes(elements: list) -> list:
    """The w:t elements that are read, in order (deleted text and field codes left out)."""
    out = []

    def walk(el) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag in _SKIP:
                continue
            if child.tag == f"{_W}t":
                out.append(child)
            else:
                walk(child)

    for el in elements:
        walk(el)
    return out


def _isolate(t, start: int, end: int):
    """Split the run holding w:t `t` so that characters [start, end) of t are a run of their own;
    returns that run. A run with more than one piece of text is used whole."""
    from docx.oxml import parse_xml
    from lxml import etree

    run = t.getparent()
    if run is None or run.tag != f"{_W}r":
        return None
    pieces = [c for c in run if c.tag != f"{_W}rPr"]
    text = t.text or ""
    if len(pieces) != 1 or (start <= 0 and end >= len(text)):
        return run
    template = etree.tostring(run)

    def copy_with(s: str):
        new = parse_xml(template)
        nt = new.find(f"{_W}t")
        nt.text = s
        nt.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return new

    before, middle, after = text[:start], text[start:end], text[end:]
    mid = copy_with(middle)
    run.addnext(mid)
    if after:
        mid.addnext(copy_with(after))
    if before:
        t.text = before
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    else:
        run.getparent().remove(run)
    return mid


def _anchor_runs(elements: list, quantity: str, occurrence: int) -> list:
    """The runs that hold the `occurrence`-th (0-based) `quantity` in the paragraph, split out."""
    nodes = _text_nodes(elements)
    raw = "".join(t.text or "" for t in nodes)
    at = -1
    for _ in range(occurrence + 1):
        nxt = raw.find(quantity, at + 1)
        if nxt < 0:
            break
        at = nxt
    if at < 0:
        return []
    end = at + len(quantity)
    spans, pos = [], 0
    for t in nodes:
        n = len(t.text or "")
        if pos < end and pos + n > at:
            spans.append((t, max(at - pos, 0), min(end - pos, n)))
        pos += n
    return [r for r in (_isolate(t, s, e) for t, s, e in reversed(spans)) if r is not None][::-1]


def write_review_copy(source: str | Path, out: str | Path, marks: list[dict], *, author: str = COMMENT_AUTHOR) -> int:
    """Write `out`: the Word file `source` with a comment on each mark (the check's provenance map over
    the text read_word_draft gave); returns how many comments were placed. `source` is never written."""
    src, dst = Path(source), Path(out)
    if dst.exists() and dst.resolve() == src.resolve():
        raise InputError(f"--comments {dst} is the draft itself; name another file for the review copy")
    if dst.is_dir():
        raise InputError(f"--comments {dst} is a directory")
    if not dst.parent.is_dir():
        raise InputError(f"output directory does not exist: {dst.parent}")
    parts = open_word_package(src)
    import docx
    from docx.text.run import Run

    try:
        document = docx.Document(str(src))
    except Exception as exc:  # python-docx raises several kinds on a package it cannot open
        raise InputError(f"{src} cannot be opened as a Word document ({type(exc).__name__}); open it in Word or WPS and save it again") from None
    lines = word_lines(document.element, parts)
    offsets, pos = [], 0
    for text, *_ in lines:
        offsets.append(pos)
        pos += len(text) + 1
    placed = 0
    for mark in marks:
        line, explain = mark.get("line"), mark.get("explain")
        if line is None and isinstance(mark.get("start"), int):  # a named claim's mark has only its offset
            line = bisect.bisect_right(offsets, mark["start"])
        if not explain or not isinstance(line, int) or not 1 <= line <= len(lines):
            continue
        text, _kind, _index, elements = lines[line - 1]
        quantity = mark["quantity"]
        occurrence = text.count(quantity, 0, max(mark["start"] - offsets[line - 1], 0))
        runs = _anchor_runs(elements, quantity, occurrence)
        if not runs:
            continue
        paragraph = runs[0].getparent()
        comment = document.add_comment([Run(r, paragraph) for r in runs], text=explain, author=author, initials="D")
        comment._comment_elm.date = None
        placed += 1
    buf = io.BytesIO()
    document.save(buf)
    atomic_write_bytes(dst, buf.getvalue())
    return placed
