"""`drafter draft` and `drafter outline`."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import settings_from, stderr, stdout
from .notes_cmd import COMMUNITY, KIND, PERIOD, overriding_notes


def register(app: typer.Typer, group_cls: type) -> None:
    app.command("draft")(draft)
    app.command("outline")(outline)


def draft(
    facts: Path = typer.Argument(..., help="The notes file (Markdown with front matter, YAML, Word .docx, or a ledger .xlsx/.xls/.csv)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write the draft (default: NOTES-draft.md here)."),
    model: Optional[str] = typer.Option(None, "--model", help="Writer: 'offline' (default) or a model name."),
    fmt: Optional[str] = typer.Option(None, "--format", help="md, docx, txt or pdf (PDF through LibreOffice; default: from the output's suffix, else md)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output."),
    no_examples: bool = typer.Option(False, "--no-examples", help="Do not retrieve style examples from the index."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus directory."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display; print only the check summary."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Model writers: print the prompts and a token estimate, call nothing."),
    resume: bool = typer.Option(False, "--resume", help="Model writers: reuse the sections a previous interrupted run finished."),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", min=1, help="Model writers: calls in flight at once (default 8; lower it for a local Ollama, e.g. 2)."),
    max_repairs: Optional[int] = typer.Option(None, "--max-repairs", min=0, help="Model writers: repair rounds per failing section."),
    redact: Optional[bool] = typer.Option(None, "--redact/--no-redact", help="Mask phone numbers, ID numbers and listed names before anything leaves the machine (default: on unless the model is on loopback)."),
    community: Optional[str] = COMMUNITY,
    period: Optional[str] = PERIOD,
    kind: Optional[str] = KIND,
    comments: bool = typer.Option(False, "--comments", help="Word output: the review copy, one comment (批注) on each number naming its fact."),
    issuer: Optional[str] = typer.Option(None, "--issuer", help="Word/PDF: the issuing unit in the 落款 (default: the community)."),
    date: Optional[str] = typer.Option(None, "--date", help="Word/PDF: the date in the 落款, e.g. 2024-12-06 (default: today)."),
) -> None:
    """Write a draft from notes, check every number in it, and write its sidecar."""
    from drafter.errors import InputError
    from drafter.writing import run_draft

    from .common import print_check_summary as print_summary
    from .progress_display import SectionDisplay

    if comments and (fmt or (output.suffix.lower().lstrip(".") if output else "md")) != "docx":
        raise InputError("--comments needs a Word output: -o NAME.docx (or --format docx)")
    settings = settings_from(corpus_dir=corpus, model=model, concurrency=concurrency, max_repairs=max_repairs)
    from drafter.reports import issuing, parse_date

    signed = issuing(issuer, parse_date(date) if date is not None else None)
    with overriding_notes(community, period, kind), signed, SectionDisplay(quiet or settings.model == "offline") as show:
        result = run_draft(
            facts, settings, out=output, fmt=fmt, force=force, use_examples=not no_examples,
            dry_run=dry_run, resume=resume, quiet=quiet, redact=redact, comments=comments, progress=show,
        )
    if result is None:
        if settings.model == "offline":
            stderr.print("note: the offline writer sends no prompt; 'drafter outline' shows its plan", markup=False, highlight=False)
        return  # a model writer's --dry-run printed its prompts
    for notice in result.notices:
        stderr.print(f"note: {notice}", markup=False, highlight=False)
    if not quiet:
        stdout.print(f"wrote {result.outputs[0]} ({len(result.draft.sections)} sections) and {result.outputs[1]}", markup=False, highlight=False)
    print_summary(result.report)
    if not result.report.ok or result.failed:
        raise typer.Exit(1)


def outline(
    facts: Path = typer.Argument(..., help="The notes file."),
    no_examples: bool = typer.Option(False, "--no-examples", help="Do not retrieve style examples."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus directory."),
    community: Optional[str] = COMMUNITY,
    period: Optional[str] = PERIOD,
    kind: Optional[str] = KIND,
) -> None:
    """Print the planned sections with their facts and the retrieved example headings; writes nothing."""
    from drafter.writing import outline as plan_outline

    settings = settings_from(corpus_dir=corpus)
    with overriding_notes(community, period, kind):
        plan, examples, notices = plan_outline(facts, settings, with_examples=not no_examples)
    for notice in notices:
        stderr.print(f"note: {notice}", markup=False, highlight=False)
    stdout.print(f"# {plan.title}", markup=False, highlight=False)
    if plan.background or plan.highlights:  # the community's own figures and honours open the draft
        stdout.print("\n(opening)", markup=False, highlight=False)
        for fact in plan.background + plan.highlights:
            stdout.print(f"  - [{fact.id}] {fact.text}", markup=False, highlight=False)
    for section in plan.sections:
        stdout.print(f"\n## {section.numbered_heading}  [{section.topic}]", markup=False, highlight=False)
        for fact in section.facts:
            stdout.print(f"  - [{fact.id}] {fact.text}", markup=False, highlight=False)
        if not section.facts:
            stdout.print("  (no facts: a generic closing without numbers)", markup=False, highlight=False)
        for ex in examples.get(section.number, []):
            stdout.print(f"  style: {ex.title} › {ex.heading}", markup=False, highlight=False)
    import drafter.notes as notes_room  # `understanding` is also a submodule's name: reach it through the room

    from .notes_cmd import understanding_lines

    stdout.print("", markup=False, highlight=False)
    for line in understanding_lines(notes_room.understanding(plan.notes)):
        stdout.print(line, markup=False, highlight=False)
