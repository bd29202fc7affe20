"""The page (`drafter serve`): the same jobs as the CLI, for people who do not use a terminal.

Thin like the CLI: each route parses, calls one library function, and renders the answer with the
autoescaped templates shared with the eval report (drafter.reports). FastAPI and uvicorn load only
when the server starts."""

from .app import PageConfig, create_app
from .auth import is_loopback
from .server import page_config, serve, start_url

__all__ = ["PageConfig", "create_app", "page_config", "serve", "start_url", "is_loopback"]
