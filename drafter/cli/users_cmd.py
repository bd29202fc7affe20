"""`drafter users`: the page's accounts (add, list, passwd, disable) in the page's database.

Passwords are asked twice on a terminal and never echoed; when standard input is not a terminal (a
script), one line is read from it. Nothing here prints a password or its hash."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from drafter.errors import InputError

from .common import settings_from, stdout

_DB = typer.Option(None, "--database", help="postgresql://user:password@host/name (default: SQLite in the state directory, or drafter.toml's database).")
_STATE = typer.Option(None, "--state-dir", help="The page's state directory (default ./.drafter or DRAFTER_STATE_DIR).")


def _open(database: Optional[str], state_dir: Optional[Path]):
    from drafter.database import open_database

    settings = settings_from(state_dir=state_dir, database=database)
    return open_database(settings.database, settings.state_dir)


def _password(prompt: str = "Password") -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise InputError("no password on standard input (give one line, or run in a terminal to be asked)")
        return line.rstrip("\r\n")
    import getpass

    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass("Again: ") != first:
        raise InputError("the two passwords differ; nothing was changed")
    return first


def add(
    name: str = typer.Argument(..., help="Login name (Chinese is fine)."),
    community: str = typer.Option(..., "--community", help="The 社区 this person works for (for an admin, the 街道)."),
    admin: bool = typer.Option(False, "--admin", help="A 街道 admin: sees every community's drafts (read-only) and where each stands."),
    database: Optional[str] = _DB,
    state_dir: Optional[Path] = _STATE,
) -> None:
    """Add a person; the password is asked (twice) or read as one line from standard input."""
    db = _open(database, state_dir)
    db.add_user(name, community, _password(), admin=admin)
    stdout.print(f"added  {name}  {community}" + ("  (admin)" if admin else ""), markup=False, highlight=False)


def list_(database: Optional[str] = _DB, state_dir: Optional[Path] = _STATE) -> None:
    """List the accounts: name, community, admin, disabled."""
    import time

    db = _open(database, state_dir)
    users = db.users()
    if not users:
        stdout.print("no accounts yet: the page on 127.0.0.1 is open to this machine without login (add one with 'drafter users add')", markup=False, highlight=False)
    for u in users:
        flags = [f for f, on in (("admin", u.is_admin), ("disabled", u.disabled), ("locked", u.locked_until > time.time())) if on]
        stdout.print(f"{u.name}  {u.community}  {','.join(flags)}".rstrip(), markup=False, highlight=False)


def passwd(name: str = typer.Argument(...), database: Optional[str] = _DB, state_dir: Optional[Path] = _STATE) -> None:
    """Set a new password (and unlock the account); the person's open sessions end."""
    db = _open(database, state_dir)
    db.users()  # the database opens before the password is asked
    db.set_password(name, _password("New password"))
    stdout.print(f"password changed  {name}", markup=False, highlight=False)


def disable(
    name: str = typer.Argument(...),
    enable: bool = typer.Option(False, "--enable", help="Enable the account again instead."),
    database: Optional[str] = _DB,
    state_dir: Optional[Path] = _STATE,
) -> None:
    """Disable an account: its sessions end at once and it can no longer log in."""
    db = _open(database, state_dir)
    db.set_disabled(name, not enable)
    stdout.print(f"{'enabled' if enable else 'disabled'}  {name}", markup=False, highlight=False)


def register(app: typer.Typer, group_cls: type) -> None:
    users_app = typer.Typer(cls=group_cls, name="users", help="The page's accounts: add, list, passwd, disable.", no_args_is_help=True, rich_markup_mode=None)
    users_app.command("add")(add)
    users_app.command("list")(list_)
    users_app.command("passwd")(passwd)
    users_app.command("disable")(disable)
    app.add_typer(users_app, name="users")
