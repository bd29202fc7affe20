"""The corpus store: cleaned past summaries, one UTF-8 Markdown file per document under corpus/.

A document file looks like
```
---
id: seed001-2
title: 社区创建文明城市工作总结
source: seeds/001_8a465f19796e25c7.txt
kind: 文明创建工作总结
year: 2023
outline: [一、加强组织建设，提升管理水平, ...]
sha256: <hash of the cleaned body>
---
# 社区创建文明城市工作总结

opening paragraph…

## 一、加强组织建设，提升管理水平

…
### （一）…
```
`##` is a first-level heading, `###` a second-level one; text before the first `##` is the opening.
Cleaning and splitting of scraped pages live in drafter.cleaning / drafter.ingest; this module only
stores, lists, loads and removes documents, and cuts a stored document into sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import CorpusError, InputError
from drafter.textio import atomic_write_text, read_text

__all__ = ["CorpusDocument", "CorpusSection", "list_documents", "load_document", "write_document", "remove_document", "render_document", "parse_document"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
_MD_HEADING = re.compile(r"^(#{2,4})\s+(.+?)\s*$")


@dataclass(frozen=True)
class CorpusSection:
    doc_id: str
    index: int  # 0 is the opening (text before the first heading)
    heading: str  # as written, numbering included ("一、加强组织建设"); "" for the opening
    heading_path: tuple[str, ...]  # outer headings first, this one last
    level: int  # 0 opening, 1 for '##', 2 for '###', 3 for '####'
    text: str  # the body under this heading, up to the next heading of any level


@dataclass
class CorpusDocument:
    id: str
    title: str
    body: str  # Markdown after the front matter, '# title' line included
    source: str = ""
    kind: str = ""
    year: int | None = None
    outline: list[str] = field(default_factory=list)
    sha256: str = ""
    path: Path | None = None

    def sections(self) -> list[CorpusSection]:
        out: list[CorpusSection] = []
        stack: list[tuple[int, str]] = []
        heading, level, lines = "", 0, []

        def flush() -> None:
            text = "\n".join(lines).strip()
            if text or heading:
                path = tuple(h for _, h in stack)
                out.append(CorpusSection(self.id, len(out), heading, path, level, text))

        for line in self.body.split("\n"):
            if line.startswith("# ") and not heading and not "".join(lines).strip():
                continue  # the title line
            m = _MD_HEADING.match(line)
            if m:
                flush()
                level = len(m.group(1)) - 1
                heading = m.group(2)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, heading))
                lines = []
            else:
                lines.append(line)
        flush()
        return out


def render_document(doc: CorpusDocument) -> str:
    import yaml

    meta = {
        "id": doc.id,
        "title": doc.title,
        "source": doc.source,
        "kind": doc.kind,
        "year": doc.year,
        "outline": list(doc.outline),
        "sha256": doc.sha256,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000).strip()
    return f"---\n{front}\n---\n{doc.body.strip()}\n"


def parse_document(text: str, path: Path | None = None) -> CorpusDocument:
    import yaml

    name = str(path) if path else "<document>"
    if not text.startswith("---\n"):
        raise CorpusError(f"corpus document has no front matter: {name}")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise CorpusError(f"corpus document front matter never ends: {name}")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError:
        raise CorpusError(f"corpus document front matter is not valid YAML: {name}") from None
    if not isinstance(meta, dict) or "id" not in meta:
        raise CorpusError(f"corpus document front matter lacks an id: {name}")
    year = meta.get("year")
    return CorpusDocument(
        id=str(meta["id"]),
        title=str(meta.get("title") or ""),
        body=text[end + 5 :],
        source=str(meta.get("source") or ""),
        kind=str(meta.get("kind") or ""),
        year=int(year) if isinstance(year, int) else None,
        outline=[str(x) for x in (meta.get("outline") or [])],
        sha256=str(meta.get("sha256") or ""),
        path=path,
    )


def _doc_path(corpus_dir: Path, doc_id: str) -> Path:
    if not _ID.match(doc_id):
        raise InputError(f"not a corpus document id: {doc_id!r}")
    return corpus_dir / f"{doc_id}.md"


def list_documents(corpus_dir: Path) -> list[CorpusDocument]:
    """Every document under corpus_dir, sorted by id. A missing directory is an empty corpus."""
    if not corpus_dir.exists():
        return []
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus path is not a directory: {corpus_dir}")
    docs = [parse_document(read_text(p, what="corpus document"), p) for p in sorted(corpus_dir.glob("*.md")) if p.name != "README.md"]
    return sorted(docs, key=lambda d: d.id)


def load_document(corpus_dir: Path, doc_id: str) -> CorpusDocument:
    path = _doc_path(corpus_dir, doc_id)
    if not path.is_file():
        raise InputError(f"no corpus document with id {doc_id!r} (see 'drafter corpus list')")
    return parse_document(read_text(path, what="corpus document"), path)


def write_document(corpus_dir: Path, doc: CorpusDocument) -> Path:
    corpus_dir.mkdir(parents=True, exist_ok=True)
    path = _doc_path(corpus_dir, doc.id)
    atomic_write_text(path, render_document(doc))
    doc.path = path
    return path


def remove_document(corpus_dir: Path, doc_id: str) -> CorpusDocument:
    doc = load_document(corpus_dir, doc_id)
    assert doc.path is not None
    doc.path.unlink()
    return doc
