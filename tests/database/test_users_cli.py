"""`drafter users`: the password from a pipe (one line), never echoed; the database from --database,
DRAFTER_STATE_DIR or drafter.toml; bad input one line and exit 2."""

from __future__ import annotations

from typer.testing import CliRunner

from drafter.cli import app
from drafter.database import open_database

SECRET = "松柏常青-2025!"


def _run(*args: str, stdin: str = ""):
    return CliRunner().invoke(app, ["users", *args], input=stdin)


def test_users_live_in_the_state_directory_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_STATE_DIR", str(tmp_path / "state"))
    done = _run("add", "黄蕾", "--community", "松柏社区", stdin=SECRET + "\n")
    assert done.exit_code == 0 and SECRET not in done.output and "黄蕾" in done.output
    assert (tmp_path / "state" / "drafter.db").is_file()
    assert open_database(None, tmp_path / "state").login("黄蕾", SECRET).reason == "ok"
    listed = _run("list")
    assert "黄蕾  松柏社区" in listed.output and "$argon2" not in listed.output


def test_drafter_toml_and_database_option_name_the_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafter.toml").write_text(f'[drafter]\ndatabase = "sqlite:///{tmp_path / "from-toml.db"}"\n', encoding="utf-8")
    assert _run("add", "石磊", "--community", "梧桐社区", "--admin", stdin=SECRET + "\n").exit_code == 0
    assert (tmp_path / "from-toml.db").is_file()
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert _run("add", "石磊", "--community", "梧桐社区", "--database", other, stdin=SECRET + "\n").exit_code == 0
    assert "admin" in _run("list").output and "admin" not in _run("list", "--database", other).output


def test_bad_input_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_STATE_DIR", str(tmp_path / "state"))
    for args, stdin, words in (
        (("add", "甲", "--community", "乙"), "short\n", "too short"),
        (("add", "甲", "--community", "乙"), "", "no password on standard input"),
        (("passwd", "没有的人"), SECRET + "\n", "no user"),
        (("disable", "没有的人"), "", "no user"),
        (("list", "--database", "mysql://u:pw@h/db"), "", "give postgresql://"),
    ):
        done = _run(*args, stdin=stdin)
        assert done.exit_code == 2 and words in done.output and done.output.count("\n") == 1 and "Traceback" not in done.output, (args, done.output)
