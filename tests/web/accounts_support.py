"""Accounts for the page's tests: `drafter users add` run for real (the password on standard input),
and a logged-in httpx client per person."""

from __future__ import annotations

import os
import subprocess

import httpx
from serve_support import DRAFTER, ROOT, Server

PASSWORD = "青山绿水-2024-pass"  # tests assert it appears in no page, log or error
NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")


def add_user(state, name: str, community: str, *, admin: bool = False, database: str | None = None, password: str = PASSWORD) -> subprocess.CompletedProcess:
    args = [str(DRAFTER), "users", "add", name, "--community", community] + (["--admin"] if admin else []) + (["--database", database] if database else [])
    env = {**os.environ, "DRAFTER_STATE_DIR": str(state)}
    return subprocess.run(args, input=password + "\n", capture_output=True, text=True, env=env, timeout=60)


def users(state, *args: str, database: str | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DRAFTER_STATE_DIR": str(state)}
    extra = ["--database", database] if database else []
    return subprocess.run([str(DRAFTER), "users", *args, *extra], input=stdin, capture_output=True, text=True, env=env, timeout=60)


def login(server: Server, name: str, password: str = PASSWORD) -> httpx.Client:
    c = server.client()
    r = c.post("/login", data={"name": name, "password": password, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return c


def draft(c: httpx.Client, notes: str = NOTES, **fields) -> dict:
    import time

    r = c.post("/api/drafts", data={"notes": notes, **fields})
    assert r.status_code == 200, r.text
    draft_id = r.json()["id"]
    for _ in range(300):
        status = c.get(f"/api/drafts/{draft_id}").json()
        if status["status"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("draft did not finish")
