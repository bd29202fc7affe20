"""Adding past summaries to the corpus: read, clean, split, drop duplicates, store.

`add_paths` checks every input before it writes anything, so a missing, binary or empty file leaves the
corpus as it was. Exact duplicates (same normalised text) and near duplicates (character 5-gram
Jaccard >= NEAR_DUPLICATE) of a stored document or of an earlier document of the same batch are
skipped and reported with the id they duplicate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.config import bundled_corpus_dir
from drafter.errors import InputError
from drafter.textio import read_text

from .cleaning import CleanDocument, clean_page
from .store import CorpusDocument, list_documents, write_document

__all__ = [
    "AddReport",
    "AddedDoc",
    "SkippedDoc",
    "FailedInput",
    "add_paths",
    "read_source",
    "normalised_text",
    "body_chars",
    "shingles",
    "jaccard",
    "SUPPORTED_SUFFIXES",
    "NEAR_DUPLICATE",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx")
_UNSUPPORTED = {".doc": "Word 97", ".pdf": "PDF", ".wps": "WPS", ".rtf": "RTF", ".pages": "Pages"}
NEAR_DUPLICATE = 0.8
SHINGLE = 5


@dataclass(frozen=True)
class AddedDoc:
    id: str
    title: str
    source: str
    path: Path
    sections: int  # headings of any level
    chars: int


@dataclass(frozen=True)
class SkippedDoc:
    title: str
    source: str
    reason: str  # "duplicate" | "near-duplicate"
    duplicate_of: str  # id of the stored (or earlier batch) document it repeats
    similarity: float  # 1.0 for an exact duplicate


@dataclass(frozen=True)
class FailedInput:
    source: str
    reason: str


@dataclass
class AddReport:
    corpus_dir: Path
    added: list[AddedDoc] = field(default_factory=list)
    skipped: list[SkippedDoc] = field(default_factory=list)
    failed: list[FailedInput] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def _expand(paths: list[Path]) -> list[tuple[Path, bool]]:
    """(file, strict) pairs: files named on the command line are strict, files found in a directory are not."""
    out: list[tuple[Path, bool]] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"file not found: {p}")
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise InputError(f"no .txt, .md or .docx files in directory: {p}")
            out.extend((f, False) for f in found)
        else:
            out.append((p, True))
    return out


def _read_docx(path: Path) -> str:
    import zipfile

    from docx import Document  # heavy: only when a .docx is added
    from docx.opc.exceptions import OpcError

    try:
        document = Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a valid .docx file: {path} ({exc.__class__.__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return "\n".join(lines)


def read_source(path: Path) -> str:
    """The text of a .txt/.md (any encoding textio knows) or .docx file; InputError if unusable."""
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise InputError(f"{_UNSUPPORTED[suffix]} files are not supported: {path} (save it as .docx or .txt)")
    if suffix == ".docx":
        if not path.is_file():
            raise InputError(f"file not found: {path}")
        text = _read_docx(path)
    else:
        text = read_text(path, what="input file")
    if not text.strip():
        raise InputError(f"file is empty: {path}")
    return text


def _source_name(path: Path) -> str:
    """The path relative to the repository (or the working directory) when it lies inside it."""
    resolved = path.resolve()
    for base in (bundled_corpus_dir().parent, Path.cwd()):
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


# ---------------------------------------------------------------- duplicates


def normalised_text(markdown_body: str) -> str:
    """The body without its title line, markup, whitespace or punctuation: what 'the same text' means."""
    lines = markdown_body.strip().split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    text = "".join(re.sub(r"^#{1,6}\s+", "", line) for line in lines)
    return "".join(ch for ch in text if ch.isalnum())


def body_chars(markdown_body: str) -> int:
    """Characters of text in a stored body: no title line, heading marks or whitespace."""
    lines = markdown_body.strip().split("\n")
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return sum(len("".join(re.sub(r"^#{1,6}\s+", "", line).split())) for line in lines)


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    if len(text) <= k:
        return frozenset([text])
    return frozenset(text[i : i + k] for i in range(len(text) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    # Cheap bound first: Jaccard <= min/max size, so most pairs never reach the set intersection.
    small, large = sorted((len(a), len(b)))
    if large == 0 or small / large < NEAR_DUPLICATE:
        return small / large if large else 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@dataclass
class _Pool:
    """Stored and accepted documents to compare new ones against."""

    by_hash: dict[str, str] = field(default_factory=dict)
    sets: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def add(self, doc_id: str, norm: str) -> None:
        self.by_hash.setdefault(_sha(norm), doc_id)
        self.sets.append((doc_id, shingles(norm)))
        self.ids.add(doc_id)

    def match(self, norm: str) -> tuple[str, str, float] | None:
        found = self.by_hash.get(_sha(norm))
        if found:
            return "duplicate", found, 1.0
        mine = shingles(norm)
        best: tuple[str, float] | None = None
        for doc_id, other in self.sets:
            sim = jaccard(mine, other)
            if sim >= NEAR_DUPLICATE and (best is None or sim > best[1]):
                best = (doc_id, sim)
        return ("near-duplicate", best[0], round(best[1], 3)) if best else None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- ids


def _id_prefix(path: Path, page_text: str) -> str:
    """'seed001' for the shipped seed pages (001_<hash>.txt); else an ASCII slug of the name plus a short hash."""
    m = re.match(r"^(\d+)_[0-9a-fA-F]{6,}$", path.stem)
    if m:
        return f"seed{m.group(1)}"
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:30].strip("-") or "doc"
    return f"{slug}-{_sha(page_text)[:6]}"


def _unique_id(base: str, norm: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    # Same name, other content (an edited seed, two files called 总结.txt): keep both.
    candidate = f"{base}-{_sha(norm)[:6]}"
    n = 2
    while candidate in taken:
        candidate = f"{base}-{_sha(norm)[:6]}-{n}"
        n += 1
    return candidate


# ---------------------------------------------------------------- the pipeline


def add_paths(paths: list[Path], corpus_dir: Path) -> AddReport:
    """Clean, split and store every summary in paths (files or directories) under corpus_dir."""
    if not paths:
        raise InputError("no input files given")
    report = AddReport(corpus_dir=corpus_dir)
    pages: list[tuple[Path, str, list[CleanDocument]]] = []
    for path, strict in _expand([Path(p) for p in paths]):
        source = _source_name(path)
        try:
            text = read_source(path)
        except InputError as exc:
            if strict:
                raise
            report.failed.append(FailedInput(source, str(exc)))
            continue
        docs = clean_page(text, source)
        if not docs:
            report.failed.append(FailedInput(source, "no summary text left after removing site noise"))
            continue
        pages.append((path, text, docs))

    existing = list_documents(corpus_dir)
    pool = _Pool()
    for doc in existing:
        pool.add(doc.id, normalised_text(doc.body))
    pool.ids.update(d.id for d in existing)

    to_write: list[CorpusDocument] = []
    for path, text, docs in pages:
        prefix = _id_prefix(path, text)
        for clean in docs:
            body = clean.markdown()
            norm = normalised_text(body)
            hit = pool.match(norm)
            if hit:
                reason, dup_id, sim = hit
                report.skipped.append(SkippedDoc(clean.title, clean.source, reason, dup_id, sim))
                continue
            doc_id = _unique_id(f"{prefix}-{clean.part}", norm, pool.ids)
            pool.add(doc_id, norm)
            to_write.append(
                CorpusDocument(
                    id=doc_id,
                    title=clean.title,
                    body=body,
                    source=clean.source,
                    kind=clean.kind,
                    year=clean.year,
                    outline=clean.outline,
                    sha256=_sha(body.strip()),
                )
            )

    if not to_write and not report.skipped:
        reasons = "; ".join(f"{f.source}: {f.reason}" for f in report.failed)
        raise InputError(f"nothing to add ({reasons})")
    for doc in to_write:
        path = write_document(corpus_dir, doc)
        headings = sum(1 for line in doc.body.split("\n") if re.match(r"^#{2,4}\s", line))
        chars = body_chars(doc.body)
        report.added.append(AddedDoc(doc.id, doc.title, doc.source, path, headings, chars))
    return report

