"""`drafter check DRAFT --facts FACTS [--json]`: every number in the draft comes from the notes.

Exit 0 when nothing is missing, unsupported, misbound or a placeholder; 1 when something is; 2 on bad input.
Imports stay inside the command: `drafter --help` must not pay for them, and the check itself
loads nothing heavier than the regex module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .notes_cmd import COMMUNITY, KIND, PERIOD, overriding_notes


def register(app: typer.Typer, group_cls: type) -> None:
    app.command(name="check", help="Check that every number in DRAFT comes from the notes (exit 0 ok, 1 problems, 2 bad input).")(check)


def check(
    draft: Path = typer.Argument(..., help="The draft (Markdown, plain text or a Word file .docx)."),
    facts: Optional[Path] = typer.Option(None, "--facts", "-f", help="The notes; default: the 'facts' path in the sidecar DRAFT.json."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON object."),
    community: Optional[str] = COMMUNITY,
    period: Optional[str] = PERIOD,
    kind: Optional[str] = KIND,
    comments: Optional[Path] = typer.Option(None, "--comments", help="Word drafts: write a review copy of DRAFT.docx here, with a comment on each number."),
) -> None:
    from drafter.config import load_settings
    from drafter.numbers import check_files

    settings = load_settings()
    with overriding_notes(community, period, kind):
        report = check_files(draft, facts, extra_set_phrases=settings.extra_set_phrases, extra_stock_lines=settings.extra_stock_lines)
    word = _is_word(draft)
    if comments is not None:
        from drafter.errors import InputError

        if not word:
            raise InputError(f"--comments needs a Word draft (.docx), not {draft.name}")
        from drafter.word import write_review_copy

        shown = report.to_json()
        placed = write_review_copy(draft, comments, shown["quantities"] + shown.get("claims", []))  # numbers and named claims
        typer.echo(f"review copy with {placed} comments: {comments}", err=True)
    if as_json:
        import json

        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _print_report(report, where="paragraph" if word else "line")
    raise typer.Exit(0 if report.ok else 1)


def _is_word(path: Path) -> bool:
    from drafter.word import is_word_path, looks_like_word

    return is_word_path(path) or looks_like_word(path)


def _print_report(report, where: str = "line") -> None:
    from rich.table import Table
    from rich.text import Text

    from .common import stdout as console
    claim_rows = _claim_rows(report)  # named claims (honours, bodies, media, names): said in Chinese
    tables = [
        ("missing from the draft", [(m.quantity, f"notes {m.line}" if m.line else m.fact_id, f"{m.fact_id}: {m.fact}", f"draft says {m.found}" if m.found else m.expected) for m in report.missing if m.kind not in _CLAIM_KINDS]),
        ("not in the notes", [(u.quantity, f"{where} {u.line}", u.context, u.reason) for u in report.unsupported if u.kind not in _CLAIM_KINDS]),
        ("具名内容（荣誉、单位、媒体、名称）与笔记不符", claim_rows),
        ("placeholders", [(p.text, f"{where} {p.line}", p.context, "template leftover") for p in report.placeholders]),
        ("derived from the notes (warning)", [(d.quantity, f"{where} {d.line}", d.context, (getattr(d, "arithmetic", "") + " ← " if getattr(d, "arithmetic", "") else "") + ", ".join(f"{p['quantity']} ({p['fact_id']})" for p in d.parts)) for d in report.derived]),
    ]
    for title, rows in tables:
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_lines=False)
        columns = ("内容", "位置", "原文", "说明") if rows is claim_rows else ("quantity", "where", "fact / context", "hint")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(str(cell)) for cell in row))  # notes text is data, never rich markup
        console.print(table)
    for m in report.misbound:  # a swap in one line a person understands
        console.print(m.message(), markup=False, highlight=False)
    for p in report.structure:  # drafter.numbers.structure: a heading as a fact, a plan among the achievements …
        console.print(f"structure: {p.message}", markup=False, highlight=False)
    console.print(report.summary(), markup=False, highlight=False)


_CLAIM_KINDS = {"honour": "荣誉", "body": "单位", "medium": "媒体", "name": "名称"}


def _claim_rows(report) -> list[tuple[str, str, str, str]]:
    """Unsupported and missing named claims, in Chinese: what, where, the draft's words, why and the nearest notes claim."""
    rows = []
    for u in report.unsupported:
        if u.kind in _CLAIM_KINDS:
            near = u.nearest_fact or {}
            hint = u.reason + (f"；笔记最接近的是“{near.get('claim')}”（{near.get('id')}：{near.get('text')}）" if near.get("claim") else "")
            rows.append((f"{_CLAIM_KINDS[u.kind]}：{u.quantity}", f"草稿第{u.line}行", u.context, hint))
    for m in report.missing:
        if m.kind in _CLAIM_KINDS:
            rows.append((f"{_CLAIM_KINDS[m.kind]}：{m.quantity}", f"笔记第{m.line}行" if m.line else m.fact_id, f"{m.fact_id}：{m.fact}", "草稿漏掉了笔记中的这项荣誉"))
    return rows
