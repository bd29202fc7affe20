"""`drafter notes FILE… [-o notes.md]`: notes from Word files and activity ledgers; `--json` (and any
text notes file) shows how the notes were understood; `--explain ID NOTES`
lists the rows behind a generated figure; `--against NOTES` reports typed figures the ledger contradicts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import stderr, stdout

# The same three options on every command that reads notes (draft, outline, check, eval).
COMMUNITY = typer.Option(None, "--community", help="The community, over what the notes file says (e.g. 迎宾路社区).")
PERIOD = typer.Option(None, "--period", help="The period, over what the notes file says (e.g. 2024年).")
KIND = typer.Option(None, "--kind", help="The kind of summary, over what the notes file says (e.g. 志愿服务工作总结).")


def overriding_notes(community: Optional[str], period: Optional[str], kind: Optional[str]):
    """A context in which every notes file read takes the command line's community/period/kind."""
    from drafter.notes import NotesOverrides, overriding

    return overriding(NotesOverrides(community=community, period=period, kind=kind))


def register(app: typer.Typer, group_cls: type) -> None:
    app.command("notes")(notes)


def notes(
    paths: list[Path] = typer.Argument(..., metavar="FILE", help="Word notes (.docx) and ledgers (.xlsx, .xls, .csv), or text notes (.txt, .md, .yaml) to see how they are read; with --explain, the generated notes.md (or the ledger)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the notes here (Markdown) and their provenance beside it (OUT.json); default: print them."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output."),
    column: Optional[list[str]] = typer.Option(None, "--column", help="ROLE=HEADER: which column is 日期/名称/类别/人数/地点/金额/时长, e.g. 人数=到场人数; repeatable."),
    group_by: Optional[str] = typer.Option(None, "--group-by", help="Group rows by this column (default: the 类别/类型 column, else one fact per sheet)."),
    community: Optional[str] = COMMUNITY,
    period: Optional[str] = PERIOD,
    kind: Optional[str] = KIND,
    against: Optional[Path] = typer.Option(None, "--against", help="Typed notes to compare with the ledger's figures; exit 1 when they disagree."),
    explain: Optional[str] = typer.Option(None, "--explain", metavar="ID", help="List the rows behind generated fact ID (e.g. l3) of the notes file given."),
    as_json: bool = typer.Option(False, "--json", help="Print how the notes were understood (title, sections with kind and facts, ignored lines) as JSON."),
) -> None:
    """Turn Word notes and activity ledgers (台账) into notes: one fact per category with its count and sums, each traceable to its rows.
    Text notes (.txt, .md, .yaml) and --json: show how the notes were understood."""
    from drafter.notes import NotesOverrides, explain_fact, make_notes, parse_column_overrides

    if as_json or (explain is None and all(p.suffix.lower() in TEXT_SUFFIXES for p in paths)):
        if output is not None or against is not None:
            from drafter.errors import InputError

            raise InputError("-o and --against take Word files and ledgers; text notes are used as they are ('drafter notes FILE --json' shows how they are read)")
        _print_understanding(paths, as_json, community, period, kind)
        return
    if explain is not None:
        if len(paths) != 1:
            raise typer.BadParameter("--explain takes one file: the generated notes (or the ledger)")
        _print_explanation(explain_fact(paths[0], explain))
        return
    result = make_notes(
        paths, out=output, force=force, columns=parse_column_overrides(column or []), group_by=group_by,
        overrides=NotesOverrides(community=community, period=period, kind=kind), against=against,
    )
    for notice in result.build.notices:
        stderr.print(f"note: {notice}", markup=False, highlight=False)
    if output is None:
        typer.echo(result.build.markdown, nl=False)
    else:
        n = len(result.build.notes.facts)
        stdout.print(f"wrote {output} ({n} facts, {len(result.build.ledger_facts)} from ledgers) and {result.written[1]}", markup=False, highlight=False)
    for c in result.contradictions:
        stderr.print(f"disagrees: {c.line()}", markup=False, highlight=False)
    if against is not None:
        (stderr if output is None else stdout).print(
            f"{len(result.contradictions)} typed figure(s) disagree with the ledger" if result.contradictions else f"the typed notes agree with the ledger figures ({against})",
            markup=False, highlight=False,
        )
    if result.contradictions:
        raise typer.Exit(1)


TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".yaml", ".yml", ".text")


def _print_understanding(paths: list[Path], as_json: bool, community, period, kind) -> None:
    import json

    import drafter.notes as notes_room  # `understanding` is also a submodule's name: reach it through the room
    from drafter.errors import InputError

    if len(paths) != 1:
        raise InputError("show one notes file at a time (got %d); Word files and ledgers can be combined without --json" % len(paths))
    with overriding_notes(community, period, kind):
        notes = notes_room.load_notes(paths[0])
    for warning in notes_room.ignored_number_warnings(notes):
        stderr.print(f"warning: {warning}", markup=False, highlight=False)
    if as_json:
        typer.echo(json.dumps(notes_room.understanding(notes), ensure_ascii=False, indent=1))
    else:
        for line in understanding_lines(notes_room.understanding(notes)):
            stdout.print(line, markup=False, highlight=False)


_KIND_NAMES = {"work": "工作", "shortcomings": "不足", "next": "下一步"}


def understanding_lines(u: dict) -> list[str]:
    """How the notes were read, for a person: fields, sections with their kind, facts with id and line, ignored lines."""
    out = [f"材料是这样理解的: {u['title'] or '(无标题行)'}"]
    fields = [f"{name}={u[key]}" for key, name in (("community", "community"), ("period", "period"), ("kind", "kind")) if u[key]]
    if fields:
        out.append("  " + "  ".join(fields))
    for s in u["sections"]:
        out.append(f"  [{_KIND_NAMES.get(s['kind'], s['kind'])}] {s['title'] or '(无标题)'}")
        out += [f"    {f['id']} (line {f['line']}) {f['text']}" for f in s["facts"]]
    if u["ignored"]:
        out.append("  ignored:")
        out += [f"    line {i['line']}: {i['text']}  ({i['reason']})" for i in u["ignored"]]
    return out


def _print_explanation(ex) -> None:
    from rich.table import Table
    from rich.text import Text

    for notice in ex.notices:
        stderr.print(f"note: {notice}", markup=False, highlight=False)
    where = f"{ex.source}, sheet {ex.sheet}" if ex.sheet else ex.source
    group = f", rows where {ex.group_column} = {ex.group}" if ex.group_column else ""
    stdout.print(f"[{ex.fact_id}] {ex.text}", markup=False, highlight=False)
    stdout.print(f"from {where}{group}", markup=False, highlight=False)
    for n in ex.numbers:
        rows = _rows(n["rows"])
        if n["operation"] == "count":
            line = f"{n['quantity']}: {len(n['rows'])} rows counted ({rows})"
        elif n["operation"] == "sum":
            line = f"{n['quantity']}: sum of {n['column']} over {len(n['rows'])} rows = {' + '.join(_num(v) for v in n['values'])}"
        else:
            line = f"{n['quantity'] or '(no period)'}: first and last {n['column']} of {len(n['rows'])} dated rows"
        stdout.print(line, markup=False, highlight=False)
    from rich.console import Console

    console = stdout if stdout.is_terminal else Console(width=160, emoji=False)  # off a terminal rich assumes 80 columns
    table = Table(show_lines=False)
    table.add_column("row", justify="right", no_wrap=True)
    for name in ex.columns:
        table.add_column(name, overflow="fold")
    for row in ex.rows:
        table.add_row(str(row["row"]), *(Text(row["cells"].get(c, "")) for c in ex.columns))
    console.print(table)


def _rows(numbers: list[int]) -> str:
    """4-9, 12, 15-16: row numbers as ranges."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
