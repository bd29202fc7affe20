"""What a draft run hands back and where it writes: the result, the output path (refused before any
work when writing would destroy something), and the sidecar beside the draft."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from drafter import __version__
from drafter.document import Draft
from drafter.errors import InputError
from drafter.notes import Notes

from .plan import Plan

__all__ = ["DraftResult", "default_output", "resolve_output", "build_sidecar"]


@dataclass
class DraftResult:
    draft: Draft
    plan: Plan
    report: object  # drafter.check.CheckReport
    outputs: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # model writer: sections that still fail their check


def default_output(notes_path: Path, fmt: str) -> Path:
    return Path.cwd() / f"{notes_path.stem}-draft.{fmt}"


def resolve_output(notes_path: Path, out: Path | None, fmt: str | None, force: bool) -> tuple[Path, str]:
    """The output path and format, refused before any work when writing would destroy something:
    an existing draft or sidecar (without force), the notes themselves, a directory or a device."""
    from drafter.reports import format_for, sidecar_path

    if out is not None:
        if out.name in ("", ".", ".."):
            raise InputError(f"output path names no file: {str(out) or '(empty)'}")
        if out.is_dir():
            raise InputError(f"output path is a directory: {out}")
    fmt = format_for(out, fmt)
    out = out or default_output(notes_path, fmt)
    side = sidecar_path(out)
    if side == out:
        raise InputError(f"output {out} would collide with its sidecar; choose a .md, .docx or .txt name")
    for path in (out, side):
        if path.exists() and not path.is_file():
            raise InputError(f"output path is not a regular file: {path}")
        if path.exists() and path.resolve() == notes_path.resolve():
            raise InputError(f"output {path} is the notes file itself; choose another name")
    if not out.parent.is_dir():  # before any work: a model run may take minutes
        raise InputError(f"output directory does not exist: {out.parent}")
    if out.exists() and not force:
        raise InputError(f"{out} already exists; use --force to overwrite it")
    if side.exists() and not force:
        raise InputError(f"{side} already exists (the sidecar {out.name} would need); use --force to overwrite it")
    return out, fmt


def build_sidecar(draft: Draft, notes: Notes, report, out: Path, *, extra: dict | None = None) -> dict:
    """The sidecar beside a draft: enough for `check` and `rewrite` to work without asking again."""
    facts_path = Path(notes.path).resolve()
    try:
        facts_ref = os.path.relpath(facts_path, out.resolve().parent)
    except ValueError:  # another drive on Windows
        facts_ref = str(facts_path)
    data = {
        "drafter": __version__,
        "format": out.suffix.lower().lstrip("."),  # whose sidecar this is: 总结.md and 总结.docx may share a folder
        "facts": facts_ref,
        "community": notes.community,  # the Word draft's 落款 names it unless --issuer says otherwise
        "facts_sha256": notes.sha256,
        "model": draft.model,
        "title": draft.title,
        "sections": [
            {
                "number": s.number,
                "heading": s.heading,
                "title": s.title,
                "topic": s.topic,
                "closing": s.closing,
                "fact_ids": s.fact_ids,
                "examples": s.examples,
            }
            for s in draft.sections
        ],
        "check": report.to_json(),
    }
    if extra:
        data.update(extra)
    return data
