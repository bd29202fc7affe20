"""The Jinja2 environment the HTML faces share: the `drafter eval --html` report here, the page in
drafter.web. Autoescaped (every text from notes, drafts and the corpus is escaped wherever it is
shown) and strict (a missing variable is an error, not an empty string)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATES_DIR", "template_environment"]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

_cache: dict[tuple[str, ...], object] = {}


def template_environment(*extra_dirs: Path):
    """An environment over `extra_dirs` (searched first) and the shared templates; built once per set of dirs."""
    key = tuple(str(d) for d in extra_dirs)
    env = _cache.get(key)
    if env is None:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        env = Environment(
            loader=FileSystemLoader([*map(str, extra_dirs), str(TEMPLATES_DIR)]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        _cache[key] = env
    return env
