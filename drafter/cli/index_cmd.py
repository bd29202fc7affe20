"""`drafter index` (build or update the retrieval index) and `drafter examples` (query it)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer

from .common import is_tty, settings_from, stderr, stdout

SNIPPET_CHARS = 80


def register(app: typer.Typer, group_cls: type) -> None:
    app.command("index")(index)
    app.command("examples")(examples)


def index(
    rebuild: bool = typer.Option(False, "--rebuild", help="Drop the index and embed everything again."),
    embedding: Optional[str] = typer.Option(None, "--embedding", help="e5 (default), hash, openai or openai:MODEL."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Use a Chroma server (http://HOST:PORT) instead of .drafter/index."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus directory."),
) -> None:
    """Index the corpus sections for retrieval; only new or changed sections are embedded."""
    from drafter.corpus import build_index

    settings = settings_from(embedding=embedding, chroma_url=chroma_url, corpus_dir=corpus)
    with _ProgressBar() as progress:
        report = build_index(settings, rebuild=rebuild, progress=progress)
    stdout.print(report.summary(), markup=False, highlight=False)


def examples(
    query: str = typer.Argument(..., help="What to look for, e.g. '志愿服务'."),
    k: int = typer.Option(3, "-k", min=1, max=50, help="How many sections."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Only sections with this topic label."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Query a Chroma server instead of .drafter/index."),
) -> None:
    """Show the corpus sections nearest to QUERY (what drafting would use as style examples)."""
    from drafter.corpus import search_examples

    settings = settings_from(chroma_url=chroma_url)
    found = search_examples(settings, query, k, topic=topic)
    if as_json:
        rows = [{**asdict(ex), "snippet": _snippet(ex.text)} for ex in found]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not found:
        stderr.print("no matching sections", markup=False, highlight=False)
        return
    for rank, ex in enumerate(found, 1):
        stdout.print(f"{rank}. {ex.score:.3f}  [{ex.topic}]  {ex.title} › {ex.heading or '(opening)'}", markup=False, highlight=False)
        stdout.print(f"   {_snippet(ex.text)}", markup=False, highlight=False)


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


class _ProgressBar:
    """A rich progress bar on stderr while embedding, only when stderr is a terminal."""

    def __enter__(self):
        self._bar = None
        self._task = None
        return self.update if is_tty() else None

    def update(self, done: int, total: int) -> None:
        if self._bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=stderr, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("embedding", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
