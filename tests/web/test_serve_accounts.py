"""Accounts on the page, over real HTTP against `drafter serve`: login, sessions, communities that
cannot reach each other's drafts by any route, the 街道 admin, versions, and what never leaks."""

from __future__ import annotations

import contextlib
import re
import secrets

import pytest
from accounts_support import NOTES, PASSWORD, add_user, draft, login, users
from serve_support import Server

pytestmark = pytest.mark.server

A, A2, B, ADMIN = "刘红", "陈刚", "赵敏", "周主任"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve-accounts")
    for name, community, admin in ((A, "清水湾社区", False), (A2, "清水湾社区", False), (B, "杏林社区", False), (ADMIN, "长安街道", True)):
        done = add_user(work / "state", name, community, admin=admin)
        assert done.returncode == 0, done.stderr
        assert PASSWORD not in done.stdout + done.stderr
    s = Server(work)
    yield s
    log = s.stop()
    assert PASSWORD not in log and "$argon2" not in log  # nothing about passwords in the server's log


def test_without_a_login_pages_go_to_the_chinese_login_page_and_the_api_says_401(site):
    with site.client() as c:
        r = c.get("/", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        page = c.get("/", follow_redirects=True).text  # the login page
        for hook in ("login-name", "login-password", "login-submit"):
            assert f'data-testid="{hook}"' in page
        assert "登录" in page and 'type="password"' in page
        assert c.get("/api/drafts/0123456789abcdef").status_code == 401
        assert c.post("/api/drafts", data={"notes": NOTES}).status_code == 401
        assert c.get("/static/page.css").status_code == 200


def test_a_login_sets_an_httponly_lax_cookie_with_an_expiry_and_a_wrong_password_is_refused(site):
    with site.client() as c:
        r = c.post("/login", data={"name": A, "password": "not the password"})
        assert r.status_code == 401 and "用户名或密码不对" in r.text and "not the password" not in r.text
        r = c.post("/login", data={"name": A, "password": PASSWORD, "next": "//evil.example/"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"  # never off the site
        cookie = r.headers["set-cookie"]
        assert "drafter_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
        assert re.search(r"Max-Age=\d{4,}", cookie)
        page = c.get("/").text
        assert 'data-testid="me"' in page and "清水湾社区" in page
        c.post("/logout")
        assert c.get("/", follow_redirects=False).status_code == 303


def test_repeated_failures_are_slowed_then_lock_the_account(site, tmp_path):
    add_user(site.state, "韩梅", "桃源社区")
    with site.client() as c:
        answers = [c.post("/login", data={"name": "韩梅", "password": f"guess-{i}"}) for i in range(5)]
        assert [r.status_code for r in answers] == [401, 401, 401, 401, 429]
        assert "已锁定" in answers[-1].text
        assert c.post("/login", data={"name": "韩梅", "password": PASSWORD}).status_code == 429  # locked even for the right one


def _every_route(draft_id: str) -> list[tuple[str, str, dict]]:
    return [
        ("GET", f"/d/{draft_id}", {}), ("GET", f"/api/drafts/{draft_id}", {}), ("GET", f"/api/drafts/{draft_id}/notes", {}),
        ("POST", f"/api/drafts/{draft_id}/check", {"text": "# 改写\n\n开展活动99场。\n"}),
        ("POST", f"/api/drafts/{draft_id}/rewrite", {"section": "1"}), ("POST", f"/api/drafts/{draft_id}/delete", {}),
        ("GET", f"/api/drafts/{draft_id}/versions", {}), ("GET", f"/api/drafts/{draft_id}/versions/1", {}),
        ("POST", f"/api/drafts/{draft_id}/versions/1/restore", {}), ("POST", f"/api/drafts/{draft_id}/undelete", {}),
        *[("GET", f"/d/{draft_id}/download/{kind}", {}) for kind in ("md", "txt", "docx", "docx-comments")],
    ]  # fmt: skip


def test_community_b_cannot_reach_community_a_draft_by_any_route(site):
    a, b = login(site, A), login(site, B)
    try:
        mine = draft(a)
        assert mine["status"] == "done"
        assert f"/d/{mine['id']}" in a.get("/").text and f"/d/{mine['id']}" not in b.get("/").text
        guessed = secrets.token_hex(8)
        for method, url, data in _every_route(mine["id"]) + _every_route(guessed):
            r = b.request(method, url, data=data or None)
            assert r.status_code in (403, 404), (method, url, r.status_code)
            assert "开展" not in r.text and "迎宾路" not in r.text, url  # nothing of the draft in the answer
        after = a.get(f"/api/drafts/{mine['id']}").json()
        assert after["status"] == "done" and "迎宾路社区" in after["panel"]  # untouched
        assert len(a.get(f"/api/drafts/{mine['id']}/versions").json()["versions"]) == 1
        assert "开展" in a.get(f"/api/drafts/{mine['id']}/notes").json()["text"]  # the owner's community reopens its notes
    finally:
        a.close()
        b.close()


def test_colleagues_share_drafts_every_save_is_a_version_and_a_stale_save_shows_both(site):
    a, a2 = login(site, A), login(site, A2)
    try:
        mine = draft(a)
        draft_id = mine["id"]
        assert f"/d/{draft_id}" in a2.get("/").text  # the colleague sees it in the list
        text = a.get(f"/d/{draft_id}/download/md").text
        r = a2.post(f"/api/drafts/{draft_id}/check", data={"text": text.replace("82篇", "83篇"), "base_version": "1"})
        assert r.status_code == 200 and r.json()["version"] == 2
        r = a.post(f"/api/drafts/{draft_id}/check", data={"text": text.replace("82篇", "84篇"), "base_version": "1"})
        assert r.status_code == 409
        body = r.json()
        assert body["conflict"] and "陈刚" in body["error"] and "83篇" in body["theirs"] and body["version"] == 2
        assert "83篇" in a.get(f"/d/{draft_id}/download/md").text  # nothing was overwritten
        versions = a.get(f"/api/drafts/{draft_id}/versions").json()["versions"]
        assert [(v["number"], v["author"]) for v in versions] == [(2, A2), (1, A)]  # the draft is by the person who asked for it
        shown = a.get(f"/api/drafts/{draft_id}/versions/2").json()["html"]
        assert "数字改动" in shown and "82篇" in shown and "83篇" in shown
        r = a.post(f"/api/drafts/{draft_id}/versions/1/restore", data={"base_version": "2"})
        assert r.status_code == 200 and r.json()["version"] == 3 and "已恢复第1版" in r.json()["panel"]
        assert a.get(f"/d/{draft_id}/download/md").text == text
        page = a.get(f"/d/{draft_id}").text
        assert "最后修改：刘红" in page and 'data-testid="restore-2"' in page
    finally:
        a.close()
        a2.close()


def test_the_admin_sees_every_community_read_only_and_can_bring_back_a_deleted_draft(site):
    a, b, admin = login(site, A), login(site, B), login(site, ADMIN)
    try:
        of_a, of_b = draft(a), draft(b, NOTES.replace("迎宾路社区", "杏林社区"))
        listing = admin.get("/").text
        assert f"/d/{of_a['id']}" in listing and f"/d/{of_b['id']}" in listing
        assert admin.get(f"/api/drafts/{of_b['id']}").json()["status"] == "done"
        r = admin.post(f"/api/drafts/{of_a['id']}/check", data={"text": "# 改\n\n开展活动1场。\n"})
        assert r.status_code == 403 and "只能查看" in r.json()["error"]
        assert admin.post("/api/drafts", data={"notes": NOTES}).status_code == 403
        table = admin.get("/admin").text
        assert 'data-testid="standings"' in table and "清水湾社区" in table and "杏林社区" in table and B in table
        assert a.get("/admin").status_code == 403
        assert a.post(f"/api/drafts/{of_a['id']}/delete").status_code == 200
        assert a.get(f"/api/drafts/{of_a['id']}").status_code == 404
        assert a.post(f"/api/drafts/{of_a['id']}/undelete").status_code == 403  # only the admin brings it back
        assert f"undelete-{of_a['id']}" in admin.get("/admin").text
        assert admin.post(f"/api/drafts/{of_a['id']}/undelete").status_code == 200
        assert a.get(f"/api/drafts/{of_a['id']}").json()["status"] == "done"
    finally:
        for c in (a, b, admin):
            c.close()


def test_a_disabled_account_loses_its_session_at_once(site):
    add_user(site.state, "马丽", "桃源社区")
    c = login(site, "马丽")
    try:
        assert c.get("/", follow_redirects=False).status_code == 200
        done = users(site.state, "disable", "马丽")
        assert done.returncode == 0, done.stderr
        assert c.get("/", follow_redirects=False).status_code == 303
        assert c.get("/api/drafts/0123456789abcdef").status_code == 401
        r = c.post("/login", data={"name": "马丽", "password": PASSWORD})
        assert r.status_code == 403 and "已停用" in r.text
    finally:
        c.close()


def test_foreign_origins_are_refused_even_when_logged_in(site):
    with contextlib.closing(login(site, A)) as c:
        r = c.post("/api/drafts", data={"notes": NOTES}, headers={"Origin": "http://evil.example"})
        assert r.status_code == 403 and "其他网站" in r.json()["error"]
        r = c.post("/login", data={"name": A, "password": PASSWORD}, headers={"Origin": "http://evil.example"})
        assert r.status_code == 403


def test_notes_with_html_stay_text_and_no_page_shows_a_password_or_hash(site):
    with contextlib.closing(login(site, A)) as c:
        notes = NOTES.replace("- ", "- <script>alert('x')</script>", 1)  # a fact: the draft says it word for word
        done = draft(c, notes)
        page = c.get(f"/d/{done['id']}").text
        assert "<script>alert" not in page and "&lt;script&gt;" in page
        for url in ("/", f"/d/{done['id']}", "/login", "/corpus"):
            text = c.get(url).text
            assert PASSWORD not in text and "$argon2" not in text


def test_the_cli_never_echoes_the_password_and_reads_one_line_from_a_pipe(site):
    done = users(site.state, "passwd", A2, stdin="另一个好密码-2025\n")
    assert done.returncode == 0 and "另一个好密码" not in done.stdout + done.stderr
    listed = users(site.state, "list")
    assert f"{A2}  清水湾社区" in listed.stdout and "$argon2" not in listed.stdout and "admin" in listed.stdout
    short = users(site.state, "passwd", A2, stdin="短\n")
    assert short.returncode == 2 and short.stderr.count("\n") == 1 and "too short" in short.stderr
    missing = users(site.state, "disable", "没有这个人")
    assert missing.returncode == 2 and "no user" in missing.stderr
    with contextlib.closing(login(site, A2, "另一个好密码-2025")):
        pass


def test_the_token_still_works_for_scripts_once_accounts_exist(tmp_path):
    add_user(tmp_path / "state", "脚本测试", "桃源社区")
    s = Server(tmp_path, "--token", "script-token-123")
    try:
        with s.client() as c:
            assert c.get("/api/drafts/0123456789abcdef").status_code == 401
            r = c.get("/api/drafts/0123456789abcdef", headers={"Authorization": "token script-token-123"})
            assert r.status_code == 404  # let in; the draft simply does not exist
            r = c.post("/api/drafts", data={"notes": NOTES}, headers={"Authorization": "token script-token-123"})
            assert r.status_code == 200
    finally:
        s.stop()


def test_on_another_host_people_log_in_without_the_token_and_scripts_keep_it(tmp_path):
    add_user(tmp_path / "state", "街道网管", "桃源社区")
    s = Server(tmp_path, host="0.0.0.0")
    try:
        token = re.search(r"\?token=([\w-]+)$", s.announce).group(1)
        with s.client() as c:
            r = c.get("/", follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login")
            assert 'data-testid="login-name"' in c.get("/login").text and c.get("/static/page.css").status_code == 200
            assert c.get("/api/drafts/0123456789abcdef").status_code == 401
        with contextlib.closing(login(s, "街道网管")) as c:
            assert 'data-testid="me"' in c.get("/").text
        with s.client(headers={"Authorization": f"token {token}"}) as script:
            assert script.get("/api/drafts/0123456789abcdef").status_code == 404
    finally:
        s.stop()
