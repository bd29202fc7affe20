"""The command line: thin commands over the library. Each command module registers its commands here.

A DrafterError becomes one line on stderr and its exit code (2 for bad input); DRAFTER_DEBUG=1 re-raises.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from drafter.errors import DrafterError


class _Group(TyperGroup):
    def invoke(self, ctx):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DrafterError as exc:
            if os.environ.get("DRAFTER_DEBUG"):
                raise
            message = str(exc).replace("\n", " ").strip()
            print(f"drafter: error: {message}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print("drafter: interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except TyperException as exc:
            # A usage error (missing argument, unknown option or command): one line, like any bad input.
            if not hasattr(exc, "format_message") or os.environ.get("DRAFTER_DEBUG"):
                raise
            where = getattr(getattr(exc, "ctx", None), "command_path", "drafter")
            print(f"drafter: error: {exc.format_message()} (see '{where} --help')", file=sys.stderr)
            raise typer.Exit(getattr(exc, "exit_code", 2)) from None
        except (typer.Exit, typer.Abort):
            raise
        except OSError as exc:  # a file or device the library did not expect to fail
            if os.environ.get("DRAFTER_DEBUG"):
                raise
            where = f": {exc.filename}" if exc.filename else ""
            print(f"drafter: error: {exc.strerror or exc}{where}", file=sys.stderr)
            raise typer.Exit(2) from None
        except Exception as exc:  # a bug: one line, and the way to see more
            if os.environ.get("DRAFTER_DEBUG"):
                raise
            print(f"drafter: internal error: {type(exc).__name__}: {exc} (rerun with DRAFTER_DEBUG=1 for the traceback)", file=sys.stderr)
            raise typer.Exit(70) from None


app = typer.Typer(
    cls=_Group,
    name="drafter",
    help="Draft Chinese community work summaries (工作总结) from notes, and prove every number comes from them.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _register() -> None:
    from . import check_cmd, corpus_cmd, draft_cmd, eval_cmd, index_cmd, notes_cmd, rewrite_cmd, serve_cmd, users_cmd

    for module in (corpus_cmd, index_cmd, draft_cmd, check_cmd, rewrite_cmd, eval_cmd, notes_cmd, serve_cmd, users_cmd):
        module.register(app, _Group)


_register()


def main() -> None:
    app()
