"""The notes' header fields (community, period, kind) set from outside the text: the page's form
fields write them into the front matter (Markdown) or the top-level keys (YAML), and everything else
the user wrote stays as it was."""

from __future__ import annotations

import re

from drafter.errors import InputError

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
    import yaml

    if yaml_file:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise InputError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
        if not isinstance(data, dict):
            raise InputError(f"{path}: a YAML notes file must be a mapping with 'sections'")
        rest = {k: v for k, v in data.items() if k not in values}
        return _dump({**{k: values[k] for k in HEADER_FIELDS if k in values}, **rest})
    body = text.lstrip("\ufeff")
    lines = body.split("\n")
    meta: dict = {}
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise InputError(f"{path}: front matter starts with '---' but never ends; add a closing '---' line")
        try:
            meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            raise InputError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
        if not isinstance(meta, dict):
            raise InputError(f"{path}: front matter must be 'key: value' lines")
        body = "\n".join(lines[end + 1 :])
    meta = {**meta, **values}
    return "---\n" + _dump(meta) + "---\n" + body
