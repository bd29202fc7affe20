"""A Word file's headings, by depth, turned into the flat sections notes have.

A heading that holds facts directly is a section. A heading over sub-headings only (一、主要工作 over
（一）居家养老服务, （二）文体活动) groups them: its sub-headings are the sections, and a closing part
(二、存在的问题 over （一）…) makes every section under it closing too. A heading with nothing under it
is kept in `ignored` as an empty heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parse import IgnoredLine, closing_kind
from .wordfile import Block, WordNotes
from .workbook import Grid

__all__ = ["WordItem", "word_sections"]


@dataclass
class WordItem:
    section: str  # the heading the fact or table sits under ("" before any heading)
    closing: str | None  # "shortcomings" / "plans" when the heading or one above it is a closing part
    text: str = ""  # a fact's text ("" for a table, or for an empty section)
    line: int = 0
    grid: Grid | None = None


def word_sections(word: WordNotes) -> list[WordItem]:
    items: list[WordItem] = []
    stack: list[Block] = []
    used: set[int] = set()  # ids of headings with something under them, directly or below
    for block in word.blocks:
        if block.kind == "heading":
            while stack and stack[-1].level >= block.level:
                stack.pop()
            stack.append(block)
            continue
        used.update(id(h) for h in stack)
        owner = stack[-1].text if stack else ""
        closing = next((k for k in (closing_kind(h.text) for h in reversed(stack)) if k), None)
        items.append(WordItem(owner, closing, text=block.text, line=block.line, grid=block.grid))
    for block in word.blocks:
        if block.kind == "heading" and id(block) not in used:
            word.ignored.append(IgnoredLine(block.line, block.text, "空标题：下面没有内容"))
    return items
