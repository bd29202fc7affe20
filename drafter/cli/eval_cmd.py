"""`drafter eval`: score drafts against their facts; a table, JSON, or a self-contained HTML page."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperCommand

from .common import settings_from, stderr, stdout
from .notes_cmd import COMMUNITY, KIND, PERIOD, overriding_notes


class _PairCommand(TyperCommand):
    """Typer cannot declare a repeatable two-value option: give --pair two values per use, and turn
    the parser's (draft, facts) string tuples into paths ourselves (click's public process_value hook)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.name == "pair":
                param.nargs = 2
                param.metavar = "DRAFT FACTS"
                param.process_value = _pairs_value  # type: ignore[method-assign]


def _pairs_value(ctx: object, value: object) -> list[tuple[Path, Path]]:
    return [(Path(draft), Path(facts)) for draft, facts in (value or ())]  # type: ignore[union-attr]


def register(app: typer.Typer, group_cls: type) -> None:
    app.command("eval", cls=_PairCommand)(eval_drafts)


def eval_drafts(
    paths: Optional[list[Path]] = typer.Argument(None, metavar="DIR|DRAFT", help="Case directories (NAME/draft.md + NAME/notes.md, or NAME.draft.md + NAME.notes.md) or drafts with a DRAFT.json sidecar."),
    pair: Optional[list[Path]] = typer.Option(None, "--pair", help="A draft and its notes (two paths); repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of the table."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML report here."),
    length: Optional[int] = typer.Option(None, "--length", min=1, help="Target length in characters; the ratio is reported and judged (±30%)."),
    min_recall: Optional[float] = typer.Option(None, "--min-recall", help="Pass needs recall >= this (default 1.0)."),
    max_unsupported: Optional[int] = typer.Option(None, "--max-unsupported", help="Pass needs at most this many unsupported quantities (default 0)."),
    max_misbound: Optional[int] = typer.Option(None, "--max-misbound", help="Pass needs at most this many misbound quantities, numbers said of another thing than in the notes (default 0)."),
    max_placeholders: Optional[int] = typer.Option(None, "--max-placeholders", help="Pass needs at most this many placeholders (default 0)."),
    max_copying: Optional[int] = typer.Option(None, "--max-copying", help="Pass needs the longest run copied from the corpus <= this many characters (default 50)."),
    min_coverage: Optional[float] = typer.Option(None, "--min-coverage", help="Pass needs fact coverage >= this (default: not judged)."),
    max_repetition: Optional[float] = typer.Option(None, "--max-repetition", help="Pass needs repetition <= this (default: not judged)."),
    min_style: Optional[float] = typer.Option(None, "--min-style", help="Pass needs style closeness >= this (default: not judged)."),
    structure: Optional[bool] = typer.Option(None, "--structure/--no-structure", help="Judge the genre's structure (default: yes)."),
    style: bool = typer.Option(True, "--style/--no-style", help="Measure style closeness with the index (null when there is none)."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus directory (for copying)."),
    community: Optional[str] = COMMUNITY,
    period: Optional[str] = PERIOD,
    kind: Optional[str] = KIND,
) -> None:
    """Score drafts against their notes: recall, unsupported, placeholders, coverage, structure, length, repetition, style, copying.

    Exit 0 when every draft passes, 1 when any fails, 2 on bad input. Thresholds: options, else the
    [eval] table of drafter.toml, else the defaults.
    """
    from drafter.reports import evaluate_pairs, find_pairs, load_thresholds
    from drafter.textio import atomic_write_text

    settings = settings_from(corpus_dir=corpus)
    overrides = {
        "min_recall": min_recall,
        "max_unsupported": max_unsupported,
        "max_misbound": max_misbound,
        "max_placeholders": max_placeholders,
        "max_copying": max_copying,
        "min_coverage": min_coverage,
        "max_repetition": max_repetition,
        "min_style": min_style,
        "structure": structure,
    }
    thresholds = replace(load_thresholds(), **{k: v for k, v in overrides.items() if v is not None})
    pairs = find_pairs(pair or [], paths or [])
    with overriding_notes(community, period, kind):
        result = evaluate_pairs(pairs, settings, thresholds=thresholds, length_target=length, style=style)
    for notice in result.notices:
        stderr.print(f"note: {notice}", markup=False, highlight=False)
    if html is not None:
        from drafter.reports import render_report

        atomic_write_text(html, render_report(result))
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_table(result)
    if html is not None:
        (stderr if as_json else stdout).print(f"wrote {html}", markup=False, highlight=False)
    if not result.passed:
        raise typer.Exit(1)


def _print_table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for name in ("draft", "recall", "unsup.", "misb.", "placeh.", "coverage", "structure", "str.pr.", "length", "repet.", "style", "copying", "pass"):
        table.add_column(name, justify="left" if name == "draft" else "right", no_wrap=name != "draft")
    for d in result.drafts:
        length = str(d.length) + (f" ({d.length_ratio:.2f}×)" if d.length_ratio is not None else "")
        table.add_row(
            d.name,
            f"{d.recall:.2f}",
            f"{d.unsupported} ({d.unsupported_claims})" if d.unsupported_claims else str(d.unsupported),
            str(d.misbound),
            str(d.placeholders),
            f"{d.coverage:.2f}",
            "ok" if d.structure.ok else "no",
            str(len(d.structure_problems)),
            length,
            f"{d.repetition:.3f}",
            "n/a" if d.style is None else f"{d.style:.2f}",
            str(d.copying),
            "pass" if d.passed else "FAIL",
        )
    # Off a terminal rich assumes 80 columns, which squeezes twelve columns into ellipses.
    console = stdout if stdout.is_terminal else Console(width=160)
    console.print(table)
    for d in result.drafts:
        for problem in d.problems:
            stdout.print(f"{d.name}: {problem}", markup=False, highlight=False)
    s = result.summary()
    stdout.print(f"{s['passed']} of {s['drafts']} drafts pass; mean recall {s['recall']:.3f}, {s['unsupported']} unsupported ({s.get('unsupported_claims', 0)} named claims), {s.get('misbound', 0)} misbound, {s.get('structure_problems', 0)} structure problems, {s.get('derived', 0)} derived (computed from the notes); claims recall {s.get('claims_recall') or 1.0:.3f}", markup=False, highlight=False)
