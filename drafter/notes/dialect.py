"""Which text is the Markdown dialect parse.py has always read (`## ` headings, `- ` bullets) and which
goes to the plain-text reader."""

from __future__ import annotations

import re

from .framing import read_title
from .hierarchy import closing_of_heading, mark_of
from .sentences import inline_list

__all__ = ["markdown_dialect"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*(?:[-*+•·●▪]|\d{1,3}(?:[、)）]|\.(?!\d))|[（(]\d{1,3}[)）])\s*")
_MD_MARK = re.compile(r"^\s*(?:[-*+•·●▪]\s|#{1,6}\s)")


def markdown_dialect(body: str) -> bool:
    """The Markdown notes parse.py has always read: every line a `#` heading, a bullet, or an indented
    line under a bullet, with at least one `- ` bullet or `## ` heading; headings not numbered the
    Chinese way and no bullet holding an inline closing list (those read better as plain text)."""
    saw_mark = False
    previous_bullet = False
    for raw in _LINE_BREAK.split(body):
        if not raw.strip():
            continue
        heading = _MD_HEADING.match(raw)
        if heading:
            if mark_of(heading.group(2)).kind in ("cn", "pcn", "label"):
                return False
            if heading.group(1) == "#" and read_title(heading.group(2)) is not None:
                return False  # a title line to read the community, period and kind from
            saw_mark = saw_mark or bool(_MD_MARK.match(raw))
            previous_bullet = False
            continue
        bullet = _MD_BULLET.match(raw)
        if bullet:
            listed = inline_list(raw[bullet.end() :])
            if listed and len(listed[1]) > 1 and closing_of_heading(listed[0]):
                return False
            saw_mark = saw_mark or bool(_MD_MARK.match(raw))
            previous_bullet = True
            continue
        if raw[:1].isspace() and previous_bullet:
            continue
        return False
    return saw_mark
