"""A real PostgreSQL for the tests: Debian's postgresql-15 binaries, a cluster in a temp directory
owned by a non-root user (PostgreSQL refuses to run as root), listening on 127.0.0.1 and a free
port with a password (scram-sha-256), stopped and removed after. Skips with the apt line where the
binaries are absent; .ci/run installs them.

`postgres` is one server per session; `new_database()` gives each test a database of its own."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

BIN = next((p for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True) if (p / "initdb").exists()), None) if Path("/usr/lib/postgresql").is_dir() else None
SKIP = "needs PostgreSQL: apt-get install -y postgresql (.ci/run does)"
PASSWORD = "pg-" + secrets.token_hex(8)  # tests assert it never shows up in a page, log or error


class Postgres:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="drafter-pg-"))
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:
            import pwd

            self.user = next((u for u in ("postgres", "nobody") if _has_user(u, pwd)), None)
            if self.user is None:
                pytest.skip("PostgreSQL cannot run as root and there is no postgres or nobody user")
            os.chown(self.dir, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)
        (self.dir / "pw").write_text(PASSWORD + "\n")
        if self.user:
            import pwd

            os.chown(self.dir / "pw", pwd.getpwnam(self.user).pw_uid, -1)
        self._run(str(BIN / "initdb"), "-D", str(self.dir / "data"), "-U", "drafter", f"--pwfile={self.dir / 'pw'}", "-A", "scram-sha-256",
                  "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
        self._run(str(BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-t", "60", "start",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200")  # fmt: skip

    def _run(self, *cmd: str) -> None:
        full = ["runuser", "-u", self.user, "--", *cmd] if self.user else list(cmd)
        done = subprocess.run(full, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr[-1500:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://drafter:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + secrets.token_hex(6)
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=drafter password={PASSWORD} dbname=postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def _has_user(name: str, pwd) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres():
    if BIN is None:
        pytest.skip(SKIP)
    server = Postgres()
    yield server
    server.stop()
