"""`drafter rewrite DRAFT.docx --section N`: one section of the person's Word file written again, inside
the file. The section is rewritten by the same writer, check and repairs as a Markdown draft's (on a
Markdown copy of the Word text in a private temp folder), then spliced into document.xml in place:
every other paragraph, its formatting, the person's comments and tracked changes elsewhere stay byte
for byte. The old file is kept as DRAFT.docx.bak; the new one is written by temp file and rename.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from drafter.config import Settings
from drafter.document import parse_markdown_sections
from drafter.errors import InputError
from drafter.numbers import resolve_facts_path
from drafter.textio import atomic_write_bytes
from drafter.word import open_word_package, replace_section, word_layout

from .progress import ProgressCallback
from .rewrite import RewriteResult, rewrite_section

__all__ = ["rewrite_word_section"]


def _repack(source: Path, document_xml: bytes) -> bytes:
    """The same package with only word/document.xml replaced: entries in their order, names, dates
    and compression as they were."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info.filename)
            dst.writestr(info, data)
    return out.getvalue()


def _record(draft_path: Path, result: RewriteResult, instruction: str | None, settings: Settings, notices: list[str]) -> None:
    """The Word draft's sidecar, when it has one, gets the new check and a line for the rewrite."""
    import json
    import time

    from drafter.document import find_sidecar
    from drafter.textio import atomic_write_text

    side = find_sidecar(draft_path)
    if not side.is_file():
        return
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        notices.append(f"{side.name} is not valid JSON; it is left as it is")
        return
    if not isinstance(data, dict):
        return
    data["check"] = result.report.to_json()
    data.setdefault("rewrites", []).append({
        "section": result.number, "heading": result.heading, "model": settings.model, "ok": result.ok, "repairs": result.repairs,
        "instruction": instruction, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), "in": "docx",
    })
    atomic_write_text(side, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def rewrite_word_section(
    draft_path: Path,
    selector: str,
    settings: Settings,
    *,
    instruction: str | None = None,
    facts_path: Path | None = None,
    quiet: bool = False,
    redact: bool | None = None,
    progress: ProgressCallback | None = None,
) -> RewriteResult:
    draft_path = Path(draft_path)
    if draft_path.suffix.lower() != ".docx":
        raise InputError(f"{draft_path}: only .docx Word files can be rewritten in place; save it from Word or WPS as .docx")
    raw = draft_path.read_bytes() if draft_path.is_file() else b""
    parts = open_word_package(draft_path)
    layout = word_layout(parts["word/document.xml"], parts, draft_path)
    facts = resolve_facts_path(draft_path, facts_path).resolve()
    with tempfile.TemporaryDirectory(prefix="drafter-word-rewrite-") as tmp:
        copy = Path(tmp) / "draft.md"
        copy.write_text(layout.markdown(), encoding="utf-8")
        result = rewrite_section(copy, selector, settings, instruction=instruction, facts_path=facts, quiet=quiet,
                                 redact=redact, progress=progress)
        rewritten = copy.read_text(encoding="utf-8")
    index = result.number - 1
    section = parse_markdown_sections(rewritten, path=str(draft_path))[index]
    body = rewritten[section.body_start : section.end]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    new_xml = replace_section(layout, index, paragraphs, heading=section.heading.strip())
    data = _repack(draft_path, new_xml.encode("utf-8"))
    backup = draft_path.with_name(draft_path.name + ".bak")
    atomic_write_bytes(backup, raw)
    atomic_write_bytes(draft_path, data)
    notices = [n for n in result.notices if tmp not in n and "no sidecar entry" not in n]
    _record(draft_path, result, instruction, settings, notices)
    return RewriteResult(path=draft_path, backup=backup, number=result.number, heading=result.heading, ok=result.ok,
                         problems=result.problems, repairs=result.repairs, report=result.report, notices=notices)
