"""The draft as a typed value, and its Markdown form (the working copy that check and rewrite read)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

__all__ = ["sidecar_for", "find_sidecar", "DraftSection", "Draft", "render_markdown", "render_text", "parse_markdown_sections", "MarkdownSection", "draft_from_markdown"]


@dataclass
class DraftSection:
    number: int
    heading: str  # numbered, e.g. 一、强化理论学习，筑牢思想根基
    body: str  # paragraphs separated by blank lines
    title: str = ""  # the user's heading in the notes
    topic: str = ""
    fact_ids: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    closing: str | None = None


@dataclass
class Draft:
    title: str
    opening: str
    sections: list[DraftSection]
    model: str = "offline"


def render_markdown(draft: Draft) -> str:
    parts = [f"# {draft.title}", draft.opening]
    for s in draft.sections:
        parts.append(f"## {s.heading}")
        parts.append(s.body.strip())
    return "\n\n".join(p.strip() for p in parts if p.strip()) + "\n"


def render_text(draft: Draft) -> str:
    """Plain text: the title centred by spaces is left to the user's editor; paragraphs indented two full-width spaces."""
    indent = "\u3000\u3000"
    lines = [draft.title, ""]
    lines += [indent + p for p in draft.opening.split("\n\n") if p.strip()]
    for s in draft.sections:
        lines.append(indent + s.heading)
        lines += [indent + p.strip() for p in s.body.split("\n\n") if p.strip()]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class MarkdownSection:
    heading: str  # the heading line's text without '## '
    start: int  # offset of the '## ' line in the file text
    body_start: int  # offset just after the heading line's newline
    end: int  # offset where the next '## ' line (or the end) starts


_H2 = re.compile(r"^## +(.+?)[ \t]*$", re.M)


def parse_markdown_sections(text: str, *, path: str = "<draft>") -> list[MarkdownSection]:
    """The '## ' sections of a draft, as byte-exact spans, so that one can be replaced in place."""
    heads = list(_H2.finditer(text))
    if not heads:
        raise InputError(f"{path}: no sections found (a draft has '## ' headings)")
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body_start = m.end() + 1 if m.end() < len(text) else m.end()
        out.append(MarkdownSection(m.group(1), m.start(), body_start, end))
    return out


_H1 = re.compile(r"^# +(.+?)[ \t]*$", re.M)


def draft_from_markdown(text: str, *, model: str = "offline", path: str = "<draft>") -> Draft:
    """A Markdown draft (as drafter writes it, perhaps edited since) back as a Draft value, so that
    an edited draft exports to Word and text the way a fresh one does."""
    sections = parse_markdown_sections(text, path=path)
    head = text[: sections[0].start]
    m = _H1.search(head)
    title = m.group(1) if m else ""
    opening = (head[m.end() :] if m else head).strip()
    return Draft(
        title=title,
        opening=opening,
        sections=[DraftSection(number=i, heading=s.heading.strip(), body=text[s.body_start : s.end].strip()) for i, s in enumerate(sections, 1)],
        model=model,
    )


_DRAFT_SUFFIXES = (".md", ".markdown", ".docx", ".txt", ".text")


def sidecar_for(draft_path: str | Path) -> Path:
    """Where a draft's sidecar is written. DRAFT.json (same stem) as always; but when that name is taken
    by the sidecar of another draft of the same stem (总结.md drafted, now 总结.docx), DRAFT.docx.json,
    so that each output in one folder keeps its own. find_sidecar finds either."""
    import json

    p = Path(draft_path)
    own, stem = p.with_name(p.name + ".json"), p.with_suffix(".json")
    if own.is_file() or stem == p:
        return own
    if not stem.is_file():
        return stem
    try:
        named = json.loads(stem.read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        named = None
    if isinstance(named, str):
        return stem if named == p.suffix.lower().lstrip(".") else own
    # an older sidecar that names no draft: another draft's when a sibling of that stem exists and this one does not
    siblings = [p.with_suffix(s) for s in _DRAFT_SUFFIXES if s != p.suffix.lower()]
    return own if not p.exists() and any(s.is_file() for s in siblings) else stem


def find_sidecar(draft_path: str | Path) -> Path:
    """The sidecar a draft has: DRAFT.docx.json (its own, beside a sibling's) when there is one, else
    DRAFT.json of the same stem. The path returned may not exist."""
    p = Path(draft_path)
    own, stem = p.with_name(p.name + ".json"), p.with_suffix(".json")
    if own.is_file() or stem == p:
        return own
    return stem
