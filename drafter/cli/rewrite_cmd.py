"""`drafter rewrite`: one section of a Markdown draft again, every other byte untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import print_check_summary, settings_from, stderr, stdout


def register(app: typer.Typer, group_cls: type) -> None:
    app.command("rewrite")(rewrite)


def rewrite(
    draft: Path = typer.Argument(..., help="The draft: Markdown (DRAFT.md) or a Word file (DRAFT.docx, rewritten inside); its sidecar is used when present."),
    section: str = typer.Option(..., "--section", "-s", help="The section: its number (1-based), or text of its heading."),
    instruction: Optional[str] = typer.Option(None, "--instruction", "-i", help="What to change (model writers), e.g. 更简洁一些; mention 标题 to get a new heading."),
    model: Optional[str] = typer.Option(None, "--model", help="Writer: 'offline' or PROVIDER:MODEL (default from drafter.toml / DRAFTER_MODEL)."),
    facts: Optional[Path] = typer.Option(None, "--facts", help="The notes file (default: the one the sidecar names)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    redact: Optional[bool] = typer.Option(None, "--redact/--no-redact", help="Mask phone numbers, ID numbers and listed names before anything leaves the machine (default: on unless the model is on loopback)."),
) -> None:
    """Rewrite one section, check and repair it, and replace it in place (the old file is kept as DRAFT.md.bak)."""
    from drafter.word import is_word_path
    from drafter.writing import rewrite_section, rewrite_word_section

    from .progress_display import SectionDisplay

    settings = settings_from(model=model)
    rewrite_one = rewrite_word_section if is_word_path(draft) else rewrite_section  # Word: inside the .docx
    with SectionDisplay(quiet or settings.model == "offline") as show:
        result = rewrite_one(draft, section, settings, instruction=instruction, facts_path=facts, quiet=quiet, redact=redact,
                                 progress=show)
    for notice in result.notices:
        stderr.print(f"note: {notice}", markup=False, highlight=False)
    if not quiet:
        stdout.print(f"rewrote section {result.number} ({result.heading}) in {result.path}; the old file is {result.backup}", markup=False, highlight=False)
    if result.ok:
        stdout.print("section check passed: every number in it comes from its facts", markup=False, highlight=False)
    else:
        stdout.print(f"section check failed: {result.problems}", markup=False, highlight=False)
    print_check_summary(result.report)
    if not result.ok or not result.report.ok:  # the section, or the draft it now stands in, fails the check
        raise typer.Exit(1)
