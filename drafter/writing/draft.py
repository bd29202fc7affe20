"""Drafting: notes → plan → style examples → sections → check → files.

The offline writer lives in drafter.offline; model writers plug in at `write_sections`.
"""

from __future__ import annotations

from pathlib import Path

from drafter.config import Settings
from drafter.document import Draft, DraftSection, render_markdown
from drafter.notes import ignored_number_warnings, load_notes

from .examples import attach_examples, retrieve_examples
from .offline import compose_all, compose_opening
from .outputs import DraftResult, build_sidecar, resolve_output
from .plan import Plan, plan_draft
from .progress import ProgressCallback, SectionProgress, report_progress

__all__ = ["run_draft", "make_draft", "outline", "write_offline"]


def outline(notes_path: Path, settings: Settings, *, with_examples: bool = True) -> tuple[Plan, dict[int, list], list[str]]:
    """The planned sections and, per body section, the retrieved examples (nothing is written)."""
    notes = load_notes(notes_path)
    plan = plan_draft(notes)
    warnings = ignored_number_warnings(notes)
    if not with_examples:
        return plan, {}, warnings
    examples, notices = retrieve_examples(plan, settings)
    return plan, examples, warnings + notices


def write_offline(plan: Plan) -> Draft:
    bodies = compose_all(plan)
    sections = [
        DraftSection(
            number=s.number,
            heading=s.numbered_heading,
            body=body,
            title=s.title,
            topic=s.topic,
            fact_ids=[f.id for f in s.facts],
            examples=list(s.examples),
            closing=s.closing,
        )
        for s, body in zip(plan.sections, bodies)
    ]
    return Draft(title=plan.title, opening=compose_opening(plan), sections=sections, model="offline")


def make_draft(
    notes_path: Path,
    settings: Settings,
    *,
    out: Path | None = None,
    fmt: str | None = None,
    force: bool = False,
    use_examples: bool = True,
    progress: ProgressCallback | None = None,
    comments: bool = False,
) -> DraftResult:
    """The offline writer's whole run: no model, no key, deterministic. comments: a .docx review copy."""
    from drafter.numbers import check_text
    from drafter.reports import write_outputs

    out, fmt = resolve_output(notes_path, out, fmt, force)
    notes = load_notes(notes_path)
    plan = plan_draft(notes)
    notices = ignored_number_warnings(notes) + (attach_examples(plan, settings) if use_examples else [])
    draft = write_offline(plan)
    total = len(draft.sections) + 1
    report_progress(progress, SectionProgress("opening", "", "done", 1, total))
    for i, s in enumerate(draft.sections, start=2):
        report_progress(progress, SectionProgress(f"section-{s.number:02d}", s.heading, "done", i, total))
    report = check_text(render_markdown(draft), notes, extra_set_phrases=settings.extra_set_phrases)
    sidecar = build_sidecar(draft, notes, report, out)
    outputs = write_outputs(draft, out, fmt, sidecar, force=force, comments=comments)
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
    progress: ProgressCallback | None = None,
    comments: bool = False,
) -> DraftResult | None:
    """A draft with the writer that settings.model names; None for a dry run, which writes nothing.

    progress, when given, hears of each section as it starts, is repaired and finishes
    (drafter.writing.progress), from the thread that called run_draft."""
    if settings.model == "offline":
        if dry_run:
            return None
        return make_draft(notes_path, settings, out=out, fmt=fmt, force=force, use_examples=use_examples, progress=progress,
                          comments=comments)
    from .model import make_model_draft

    return make_model_draft(
        notes_path, settings, out=out, fmt=fmt, force=force, use_examples=use_examples,
        dry_run=dry_run, resume=resume, quiet=quiet, redact=redact, comments=comments, progress=progress,
    )
