"""Prompt templates: Jinja2 files in prompts/, rendered with StrictUndefined (the HTML has its own templates, in drafter.reports).

A missing variable is an error, never an empty string: a prompt that silently drops the facts would
still get an answer.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from drafter.errors import ConfigError

__all__ = ["prompts_dir", "render", "template_names"]

_MARKER = "section.j2"


def prompts_dir() -> Path:
    """prompts/ beside the package (a checkout or editable install), else drafter/_prompts (a wheel)."""
    here = Path(__file__).resolve().parent.parent  # the drafter package
    for candidate in (here.parent / "prompts", here / "_prompts"):
        if (candidate / _MARKER).is_file():
            return candidate
    raise ConfigError(f"prompt templates not found (looked for prompts/{_MARKER} beside and inside {here}); reinstall drafter")


@lru_cache(maxsize=1)
def _env():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # prompts are plain text, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template_names() -> list[str]:
    return sorted(p.stem for p in prompts_dir().glob("*.j2"))


def render(name: str, **values: object) -> str:
    """Render prompts/NAME.j2; every variable it uses must be given."""
    import jinja2

    try:
        template = _env().get_template(f"{name}.j2")
        text = template.render(**values)
    except jinja2.TemplateNotFound:
        raise ConfigError(f"prompt template {name}.j2 not found in {prompts_dir()}") from None
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"prompt template {name}.j2: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"prompt template {name}.j2 line {exc.lineno}: {exc.message}") from None
    # Collapse runs of blank lines that optional blocks leave behind.
    lines = text.strip().split("\n")
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line.rstrip())
    return "\n".join(out) + "\n"
