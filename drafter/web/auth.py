"""Who may use the page. On 127.0.0.1 anyone on this machine; on any other host a token (Jupyter's
habit): the start-up URL carries ?token=…, which is swapped for an HttpOnly cookie and dropped from
the address bar; scripts may send `Authorization: token …`. Without it every request gets 401.

Also, on every host: a request whose Origin is another site may not change anything (CSRF), and on
loopback the Host header must name this machine (DNS rebinding)."""

from __future__ import annotations

import ipaddress
import secrets
from urllib.parse import urlencode

__all__ = ["TOKEN_COOKIE", "is_loopback", "install_auth", "token_ok"]

TOKEN_COOKIE = "drafter_token"
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}

_DENIED = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>需要令牌</title></head>
<body style="font-family:sans-serif;padding:40px"><h1>需要令牌</h1>
<p>这个页面只对持有令牌的人开放。请使用启动 <code>drafter serve</code> 时打印的网址（末尾带 <code>?token=…</code>）打开，
或向管理员索取。</p></body></html>"""


def is_loopback(host: str) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _hostname(header: str) -> str:
    """The name in a Host header, without its port: 'localhost:8765' → 'localhost', '[::1]:8765' → '[::1]'."""
    if header.startswith("["):
        return header.split("]", 1)[0] + "]"
    return header.rsplit(":", 1)[0]


def token_ok(request, token: str) -> bool:
    """Whether the request carries the page's token (query, cookie or Authorization header)."""
    header = request.headers.get("authorization", "")
    bearer = header.split(None, 1)[1] if header.lower().startswith(("token ", "bearer ")) else None
    given = (request.query_params.get("token"), request.cookies.get(TOKEN_COOKIE), bearer)
    return any(v is not None and secrets.compare_digest(v, token) for v in given)


def install_auth(app, *, token: str | None, loopback: bool) -> None:
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse

    def denied(request, status: int, message: str):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return HTMLResponse(_DENIED if status == 401 else f"<p>{message}</p>", status_code=status)

    @app.middleware("http")
    async def guard(request, call_next):
        host = _hostname(request.headers.get("host") or "")
        if loopback and host and not is_loopback(host):
            return denied(request, 403, "请从本机地址（127.0.0.1）打开这个页面。")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
                return denied(request, 403, "拒绝来自其他网站的请求。")
        if token is None or getattr(request.state, "logged_in", False) and request.query_params.get("token") is None:
            return await call_next(request)  # (a person logged in with an account needs no token)
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given, token):
            if request.method == "GET" and not request.url.path.startswith("/api/"):
                rest = {k: v for k, v in request.query_params.items() if k != "token"}
                target = request.url.path + (("?" + urlencode(rest)) if rest else "")
                response = RedirectResponse(target, status_code=303)
            else:
                response = await call_next(request)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
            return response
        cookie = request.cookies.get(TOKEN_COOKIE)
        header = request.headers.get("authorization", "")
        bearer = header.split(None, 1)[1] if header.lower().startswith(("token ", "bearer ")) else None
        if any(v is not None and secrets.compare_digest(v, token) for v in (cookie, bearer)):
            return await call_next(request)
        return denied(request, 401, "需要令牌：请使用启动时打印的网址（带 ?token=…）打开本页。")
