"""`drafter serve`: the web page over the same library (drafter.web)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import settings_from


def register(app: typer.Typer, group_cls: type) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; any other than loopback requires the token."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    token: Optional[str] = typer.Option(None, "--token", envvar="DRAFTER_TOKEN", help="Access token (default: none on 127.0.0.1, a random one elsewhere)."),
    model: Optional[list[str]] = typer.Option(None, "--model", help="A writer the page offers besides 离线 (offline); repeatable."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Corpus directory."),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="A shared Chroma server (chroma run) instead of the embedded index."),
    state_dir: Optional[Path] = typer.Option(None, "--state-dir", help="Where drafts, caches and the embedded index live (default ./.drafter)."),
    database: Optional[str] = typer.Option(None, "--database", help="postgresql://user:password@host/name for accounts and drafts (default: SQLite in the state directory)."),
    workers: int = typer.Option(1, "--workers", min=1, max=32, help="Server processes (more than 1 wants --database postgresql://…)."),
) -> None:
    """Start the web page: draft, check, rewrite and download in a browser. Prints the URL to open."""
    from drafter.web import page_config
    from drafter.web import serve as run

    settings = settings_from(corpus_dir=corpus, chroma_url=chroma_url, state_dir=state_dir, database=database)
    config = page_config(settings, host, token, list(model or []))
    run(config, host, port, announce=lambda line: print(line, flush=True), workers=workers)
