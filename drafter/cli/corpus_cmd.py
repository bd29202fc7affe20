"""`drafter corpus add/list/show/remove`: past summaries in, cleaned and split (drafter.ingest)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import settings_from, stderr, stdout

_CORPUS_OPTION = typer.Option(None, "--corpus", help="Corpus directory (default: ./corpus if it exists, else the shipped corpus).")


def _corpus_dir(corpus: Optional[Path]) -> Path:
    return settings_from(corpus_dir=corpus).corpus_dir


def add(
    paths: list[Path] = typer.Argument(..., help="Summary files (.txt, .md, .docx) or directories holding them."),
    corpus: Optional[Path] = _CORPUS_OPTION,
) -> None:
    """Clean scraped summary pages, split them into documents and store the new ones."""
    from drafter.corpus import add_paths

    report = add_paths(paths, _corpus_dir(corpus))
    for doc in report.added:
        stdout.print(f"added    {doc.id}  {doc.title}  ({doc.sections} sections, {doc.chars} chars)", markup=False, highlight=False)
    for skip in report.skipped:
        how = "duplicate of" if skip.reason == "duplicate" else f"near-duplicate (similarity {skip.similarity:.2f}) of"
        stdout.print(f"skipped  {skip.title} [{skip.source}]: {how} {skip.duplicate_of}", markup=False, highlight=False)
    for fail in report.failed:
        stderr.print(f"failed   {fail.source}: {fail.reason}", markup=False, highlight=False)
    stdout.print(
        f"{len(report.added)} added, {len(report.skipped)} skipped as duplicates, {len(report.failed)} failed ({report.corpus_dir})",
        markup=False,
        highlight=False,
    )


def list_(corpus: Optional[Path] = _CORPUS_OPTION) -> None:
    """List the stored documents: id, title, kind, year, sections, chars."""
    from rich.table import Table

    from drafter.corpus import body_chars, list_documents

    corpus_dir = _corpus_dir(corpus)
    docs = list_documents(corpus_dir)
    if not docs:
        stdout.print(f"the corpus is empty: {corpus_dir} (add summaries with 'drafter corpus add FILE')", markup=False, highlight=False)
        return
    table = Table(title=f"{len(docs)} documents in {corpus_dir}")
    table.add_column("id", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("kind", overflow="fold")
    table.add_column("year", justify="right", no_wrap=True)
    table.add_column("sections", justify="right", no_wrap=True)
    table.add_column("chars", justify="right", no_wrap=True)
    for doc in docs:
        sections = sum(1 for s in doc.sections() if s.level > 0)
        chars = body_chars(doc.body)
        table.add_row(doc.id, doc.title, doc.kind, str(doc.year or ""), str(sections), str(chars))
    stdout.print(table)


def show(doc_id: str = typer.Argument(..., help="Document id (see 'drafter corpus list')."), corpus: Optional[Path] = _CORPUS_OPTION) -> None:
    """Print a stored document's Markdown, front matter included."""
    from drafter.corpus import load_document, render_document

    typer.echo(render_document(load_document(_corpus_dir(corpus), doc_id)), nl=False)


def remove(doc_id: str = typer.Argument(..., help="Document id (see 'drafter corpus list')."), corpus: Optional[Path] = _CORPUS_OPTION) -> None:
    """Delete a stored document (rebuild the index afterwards with 'drafter index')."""
    from drafter.corpus import remove_document

    doc = remove_document(_corpus_dir(corpus), doc_id)
    stdout.print(f"removed  {doc.id}  {doc.title}", markup=False, highlight=False)


def register(app: typer.Typer, group_cls: type) -> None:
    corpus_app = typer.Typer(
        cls=group_cls,
        name="corpus",
        help="Manage the corpus of past summaries: add (clean and split), list, show, remove.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    corpus_app.command("add")(add)
    corpus_app.command("list")(list_)
    corpus_app.command("show")(show)
    corpus_app.command("remove")(remove)
    app.add_typer(corpus_app, name="corpus")
