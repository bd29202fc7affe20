"""Starting the page: the token rule (none on loopback, required elsewhere), the URL to open, uvicorn."""

from __future__ import annotations

import secrets
from pathlib import Path

from drafter.config import Settings
from drafter.errors import ConfigError

from .app import PageConfig, create_app
from .auth import is_loopback

__all__ = ["page_config", "start_url", "serve", "worker_app"]


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


_CONFIG_ENV = "DRAFTER_PAGE_CONFIG"


def _config_to_env(config: PageConfig) -> str:
    import dataclasses
    import json

    settings = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(config.settings).items()}
    return json.dumps({"settings": settings, "token": config.token, "loopback": config.loopback, "models": config.models})


def worker_app():
    """Each worker process's app (uvicorn's factory when --workers > 1), from the parent's PageConfig."""
    import json
    import os

    data = json.loads(os.environ[_CONFIG_ENV])
    raw = data["settings"]
    raw["corpus_dir"], raw["state_dir"] = Path(raw["corpus_dir"]), Path(raw["state_dir"])
    raw["extra_set_phrases"], raw["sources"] = tuple(raw["extra_set_phrases"]), tuple(raw["sources"])
    return create_app(PageConfig(settings=Settings(**raw), token=data["token"], loopback=data["loopback"], models=data["models"]))


def serve(config: PageConfig, host: str, port: int, *, announce=print, workers: int = 1) -> None:
    import os

    import uvicorn

    _check_free(host, port)
    settings = config.settings
    config.settings = settings.with_overrides(state_dir=settings.state_dir.resolve(), corpus_dir=settings.corpus_dir.resolve())
    if workers == 1:
        app = create_app(config)
    else:
        from drafter.database import open_database

        open_database(config.settings.database, config.settings.state_dir).close()  # migrated once, and a bad URL said before any worker starts
        os.environ[_CONFIG_ENV] = _config_to_env(config)
    announce(f"drafter serve: open {start_url(host, port, config.token)}")
    if not config.loopback:
        announce("drafter serve: this host is reachable from other machines; the token in the URL is required (it is then kept in a cookie)")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=3)
    else:
        uvicorn.run("drafter.web.server:worker_app", factory=True, workers=workers, host=host, port=port, log_level="warning",
                    access_log=False, timeout_graceful_shutdown=3)  # fmt: skip
