"""On a host other than loopback the page needs its token (Jupyter's habit): 401 without it, the
start-up URL's ?token= swapped for an HttpOnly cookie, then 200."""

from __future__ import annotations

import re

import pytest
from serve_support import Server, needs_browser

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("serve-open"), host="0.0.0.0")
    yield s
    s.stop()


def _token(server: Server) -> str:
    m = re.search(r"\?token=([\w-]+)$", server.announce)
    assert m, server.announce
    return m.group(1)


def test_a_random_token_is_printed_and_required(open_server):
    token = _token(open_server)
    assert len(token) >= 24 and f":{open_server.port}/?token=" in open_server.announce
    with open_server.client() as c:
        for path in ("/", "/corpus", "/static/page.js", "/api/drafts/0123456789abcdef", "/d/0123456789abcdef/download/md"):
            r = c.get(path)
            assert r.status_code == 401, path
        assert "需要令牌" in c.get("/").text
        assert c.post("/api/drafts", data={"notes": "- 组建志愿者队伍12支"}).status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        r = c.get(f"/?token={token}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = r.headers["set-cookie"]
        assert "drafter_token=" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        assert c.get("/").status_code == 200  # the cookie now
    with open_server.client(headers={"Authorization": f"token {token}"}) as c:
        assert c.get("/api/corpus/index").status_code == 200  # scripts send the header


def test_a_given_token_is_used(tmp_path):
    s = Server(tmp_path, "--token", "s3cret-token-for-the-street-office", host="0.0.0.0")
    try:
        assert s.announce.endswith("?token=s3cret-token-for-the-street-office")
        with s.client() as c:
            assert c.get("/").status_code == 401
            assert c.get("/?token=s3cret-token-for-the-street-office", follow_redirects=True).status_code == 200
    finally:
        s.stop()


@needs_browser
def test_the_browser_gets_in_with_the_printed_url_and_the_token_leaves_the_address_bar(open_server, browser):
    browser.delete_all_cookies()
    browser.get(open_server.url + "/")
    assert "需要令牌" in browser.page_source
    browser.get(open_server.url + "/?token=" + _token(open_server))
    assert browser.current_url == open_server.url + "/"
    assert browser.find_elements("css selector", '[data-testid="draft-button"]')
    assert "drafter_token" not in browser.execute_script("return document.cookie")  # HttpOnly: no script can read it


def test_a_port_in_use_is_one_line_and_exit_2(server):
    import subprocess

    from serve_support import DRAFTER

    run = subprocess.run([str(DRAFTER), "serve", "--port", str(server.port)], capture_output=True, text=True, timeout=60, cwd=server.workdir)
    assert run.returncode == 2 and run.stderr.count("\n") == 1, run.stderr
    assert f"cannot listen on 127.0.0.1:{server.port}" in run.stderr and "--port" in run.stderr
    run = subprocess.run([str(DRAFTER), "serve", "--host", "no-such-host.invalid"], capture_output=True, text=True, timeout=60, cwd=server.workdir)
    assert run.returncode == 2 and "not an address of this machine" in run.stderr and "Traceback" not in run.stderr
