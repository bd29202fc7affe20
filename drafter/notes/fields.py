"""The notes' header fields (community, period, kind) set from outside the text: the page's form
fields write them into the front matter (Markdown) or the top-level keys (YAML), and everything else
the user wrote stays as it was."""

from __future__ import annotations

import re

from drafter.errors import InputError

from .parse import _load_yaml, _split_front_matter

__all__ = ["HEADER_FIELDS", "with_fields", "looks_like_yaml"]

HEADER_FIELDS = ("community", "period", "kind")

_YAML_TOP = re.compile(r"^(community|period|kind|title|sections)\s*:", re.M)


def looks_like_yaml(text: str) -> bool:
    """A pasted text is a YAML notes file when it has a top-level `sections:` key and no Markdown heading."""
    body = text.lstrip("\ufeff")
    return bool(re.search(r"^sections\s*:", body, re.M)) and not re.search(r"^#{1,3} ", body, re.M) and not body.startswith("---")


def _dump(data: dict) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def with_fields(text: str, fields: dict[str, str], *, yaml_file: bool = False, path: str = "<notes>") -> str:
    """`text` with each non-empty field set; empty fields leave the text's own value alone."""
    values = {k: v.strip() for k, v in fields.items() if k in HEADER_FIELDS and v and v.strip()}
    if not values:
        return text
    # The notes parser's own readers: the same alias and depth guards, the same messages.
    if yaml_file:
        data = _load_yaml(text, path)
        if not isinstance(data, dict):
            raise InputError(f"{path}: a YAML notes file must be a mapping with 'sections'")
        rest = {k: v for k, v in data.items() if k not in values}
        return _dump({**{k: values[k] for k in HEADER_FIELDS if k in values}, **rest})
    meta, body, _ = _split_front_matter(text, path)
    meta = {**meta, **values}
    return "---\n" + _dump(meta) + "---\n" + body
