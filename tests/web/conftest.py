"""The page's fixtures; their code lives in serve_support (a module name of its own: several test
folders have a conftest, and `from conftest import …` would get whichever was imported first)."""

from serve_support import browser, server  # noqa: F401
