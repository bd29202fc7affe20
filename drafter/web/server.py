"""Starting the page: the token rule (none on loopback, required elsewhere), the URL to open, uvicorn."""

from __future__ import annotations

import secrets

from drafter.config import Settings
from drafter.errors import ConfigError

from .app import PageConfig, create_app
from .auth import is_loopback

__all__ = ["page_config", "start_url", "serve"]


def page_config(settings: Settings, host: str, token: str | None, models: list[str]) -> PageConfig:
    """On loopback a token only when one is given; on any other host one is required, made up if not given."""
    loopback = is_loopback(host)
    if token is not None and not token.strip():
        raise ConfigError("--token is empty; give a token or leave the option out")
    if token is None and not loopback:
        token = secrets.token_urlsafe(24)
    choices = ["offline"] + [m for m in dict.fromkeys([settings.model, *models]) if m and m != "offline"]
    return PageConfig(settings=settings, token=token, loopback=loopback, models=choices)


def start_url(host: str, port: int, token: str | None) -> str:
    """The address to open; for 0.0.0.0 (every interface) the machine's name, which the others can reach."""
    import socket

    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def _check_free(host: str, port: int) -> None:
    """A port in use or a host that is not this machine's: one clear line before anything starts."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise ConfigError(f"--host {host}: not an address of this machine") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            hint = "; choose another with --port" if exc.errno in (98, 48, 10048) else ""
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None


def serve(config: PageConfig, host: str, port: int, *, announce=print) -> None:
    import uvicorn

    _check_free(host, port)
    app = create_app(config)
    announce(f"drafter serve: open {start_url(host, port, config.token)}")
    if not config.loopback:
        announce("drafter serve: this host is reachable from other machines; the token in the URL is required (it is then kept in a cookie)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=3)
