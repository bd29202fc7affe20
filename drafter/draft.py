"""Drafting: notes → plan → style examples → sections → check → files.

The offline writer lives in drafter.offline; model writers plug in at `write_sections`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import Settings
from .document import Draft, DraftSection, render_markdown
from .errors import IndexStateError, InputError
from .facts import Notes, load_notes
from .offline import compose_opening, compose_section
from .plan import Plan, plan_draft
from .topics import OTHER

__all__ = ["DraftResult", "run_draft", "make_draft", "outline", "attach_examples", "build_sidecar", "default_output"]


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
    from .export import format_for, sidecar_path

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


def retrieve_examples(plan: Plan, settings: Settings, k: int = 3) -> tuple[dict[int, list], list[str]]:
    """Style examples per body section (by section number): on the section's topic first, topped up
    from any topic when fewer than two match; and notices for the user.

    Without an index the draft is still written: the notice says how to get examples.
    """
    from .index import search_many

    body = plan.body
    queries = [(s.title or s.heading) + "：" + "；".join(f.text for f in s.facts[:3]) for s in body]
    try:
        found = search_many(settings, queries, k, topics=[s.topic if s.topic != OTHER else None for s in body])
        short = [i for i, hits in enumerate(found) if len(hits) < 2]
        if short:
            extra = search_many(settings, [queries[i] for i in short], k)
            for i, more in zip(short, extra):
                seen = {h.id for h in found[i]}
                found[i] += [h for h in more if h.id not in seen][: k - len(found[i])]
    except IndexStateError as exc:
        return {}, [f"no style examples: {exc}"]
    return {s.number: hits for s, hits in zip(body, found)}, []


def attach_examples(plan: Plan, settings: Settings, k: int = 3) -> list[str]:
    """Record the ids of each body section's style examples in the plan; return notices."""
    examples, notices = retrieve_examples(plan, settings, k)
    for section in plan.body:
        section.examples = [e.id for e in examples.get(section.number, [])]
    return notices


def outline(notes_path: Path, settings: Settings, *, with_examples: bool = True) -> tuple[Plan, dict[int, list], list[str]]:
    """The planned sections and, per body section, the retrieved examples (nothing is written)."""
    plan = plan_draft(load_notes(notes_path))
    if not with_examples:
        return plan, {}, []
    examples, notices = retrieve_examples(plan, settings)
    return plan, examples, notices


def write_offline(plan: Plan) -> Draft:
    sections = [
        DraftSection(
            number=s.number,
            heading=s.numbered_heading,
            body=compose_section(s, plan),
            title=s.title,
            topic=s.topic,
            fact_ids=[f.id for f in s.facts],
            examples=list(s.examples),
            closing=s.closing,
        )
        for s in plan.sections
    ]
    return Draft(title=plan.title, opening=compose_opening(plan), sections=sections, model="offline")


def build_sidecar(draft: Draft, notes: Notes, report, out: Path, *, extra: dict | None = None) -> dict:
    """The sidecar beside a draft: enough for `check` and `rewrite` to work without asking again."""
    facts_path = Path(notes.path).resolve()
    try:
        facts_ref = os.path.relpath(facts_path, out.resolve().parent)
    except ValueError:  # another drive on Windows
        facts_ref = str(facts_path)
    data = {
        "drafter": __version__,
        "facts": facts_ref,
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


def make_draft(
    notes_path: Path,
    settings: Settings,
    *,
    out: Path | None = None,
    fmt: str | None = None,
    force: bool = False,
    use_examples: bool = True,
) -> DraftResult:
    """The offline writer's whole run: no model, no key, deterministic."""
    from .check import check_text
    from .export import write_outputs

    out, fmt = resolve_output(notes_path, out, fmt, force)
    notes = load_notes(notes_path)
    plan = plan_draft(notes)
    notices = attach_examples(plan, settings) if use_examples else []
    draft = write_offline(plan)
    report = check_text(render_markdown(draft), notes, extra_set_phrases=settings.extra_set_phrases)
    sidecar = build_sidecar(draft, notes, report, out)
    outputs = write_outputs(draft, out, fmt, sidecar, force=force)
    return DraftResult(draft=draft, plan=plan, report=report, outputs=outputs, notices=notices)


def run_draft(
    notes_path: Path,
    settings: Settings,
    *,
    out: Path | None = None,
    fmt: str | None = None,
    force: bool = False,
    use_examples: bool = True,
    dry_run: bool = False,
    resume: bool = False,
    quiet: bool = False,
    redact: bool | None = None,
) -> DraftResult | None:
    """A draft with the writer that settings.model names; None for a dry run, which writes nothing."""
    if settings.model == "offline":
        return None if dry_run else make_draft(notes_path, settings, out=out, fmt=fmt, force=force, use_examples=use_examples)
    from .model_writer import make_model_draft

    return make_model_draft(
        notes_path, settings, out=out, fmt=fmt, force=force, use_examples=use_examples,
        dry_run=dry_run, resume=resume, quiet=quiet, redact=redact,
    )
