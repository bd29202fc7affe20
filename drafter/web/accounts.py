"""Accounts on the page: who is asking, the login page, and logging out.

Every request gets a principal (principal.current): the person whose session cookie it carries, a
script holding the page's token, or, on 127.0.0.1 while no account exists, the one local person (the
page as it always was). Otherwise a page asks to log in and an API call gets 401. The session cookie
is HttpOnly, SameSite=Lax and expires; the database keeps only its hash. Failed logins are slowed,
and LOCK_AFTER in a row lock the account for a while (drafter.database)."""


import asyncio
import time
from urllib.parse import quote

from drafter.database import Database, Principal

from .auth import token_ok
from .principal import current

__all__ = ["SESSION_COOKIE", "install_accounts"]

SESSION_COOKIE = "drafter_session"
_OPEN = ("/login", "/logout", "/static/")
_ANONYMOUS = Principal("anonymous")


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def install_accounts(app, db: Database, env, *, token: str | None, loopback: bool) -> None:
    from fastapi import Form, Request
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
    from starlette.concurrency import run_in_threadpool

    misses: dict[str, list[float]] = {}  # client address → recent failed logins (names that do not exist count too)

    def who_is(request) -> Principal | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        principal = db.principal_of(cookie) if cookie else None
        if principal is not None:
            return principal
        if token is not None and token_ok(request, token):
            return Principal("token", "令牌")
        if loopback and token is None and not db.any_users():
            return Principal("local")
        return None

    @app.middleware("http")
    async def accounts(request, call_next):
        principal = await run_in_threadpool(who_is, request)
        path = request.url.path
        # the token guard (auth.py) lets through a person logged in, and the login page itself once accounts exist
        request.state.logged_in = principal is not None or (path.startswith(_OPEN) and await run_in_threadpool(db.any_users))
        if principal is None and not path.startswith(_OPEN):
            if await run_in_threadpool(db.any_users):
                if path.startswith("/api/"):
                    return JSONResponse({"error": "请先登录。"}, status_code=401)
                return RedirectResponse("/login?next=" + quote(path), status_code=303)
            # no account yet: the token guard (auth.py) answers as it always did
        reset = current.set(principal or _ANONYMOUS)
        try:
            return await call_next(request)
        finally:
            current.reset(reset)

    def login_page(message: str = "", next_url: str = "/", name: str = "", status: int = 200):
        body = env().get_template("login.html.j2").render(message=message, next_url=_safe_next(next_url), name=name)
        return HTMLResponse(body, status_code=status)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(next: str = "/"):
        return login_page(next_url=next)

    @app.post("/login")
    async def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")):
        client = request.client.host if request.client else ""
        recent = [t for t in misses.get(client, []) if t > time.time() - 600]
        if recent:
            await asyncio.sleep(min(5.0, 0.5 * len(recent)))  # each failure from this address slows the next try
        if not name.strip() or not password:
            return login_page("请输入用户名和密码。", next, name, 400)
        result = await run_in_threadpool(db.login, name[:100], password[:1000])
        if result.principal is None:
            misses[client] = [*recent, time.time()][-20:]
            if result.reason == "locked":
                minutes = max(1, round((result.locked_until - time.time()) / 60))
                return login_page(f"连续输错密码次数过多，账号已锁定，请 {minutes} 分钟后再试，或请管理员重设密码。", next, name, 429)
            if result.reason == "disabled":
                return login_page("这个账号已停用，请联系街道管理员。", next, name, 403)
            return login_page("用户名或密码不对。", next, name, 401)
        misses.pop(client, None)
        cookie, expires = await run_in_threadpool(db.new_session, result.principal)
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax", max_age=int(expires - time.time()),
                            secure=request.url.scheme == "https", path="/")  # fmt: skip
        return response

    @app.post("/logout")
    async def logout(request: Request):
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            await run_in_threadpool(db.end_session, cookie)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
