"""Redaction: personal data is masked before a prompt leaves the machine and restored in the answer.

Masked: mobile numbers (1[3-9] and nine digits), landlines (0xx-xxxxxxxx, with an area code),
18-digit ID-card numbers, and the names listed under `redact:` in the notes' front matter.
Placeholders look like 〔姓名A〕〔电话B〕〔证件A〕: letters, never digits, so the number check cannot
mistake a placeholder for a quantity even if one survives into a draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Redactor", "should_redact"]

# Order matters: an ID number contains digit runs a phone pattern could also match.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("证件", re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])")),
    ("电话", re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")),
    ("电话", re.compile(r"(?<!\d)(?:[(（]0\d{2,3}[)）]|0\d{2,3}-)\s?\d{7,8}(?:-\d{1,5})?(?!\d)")),
)


def _label(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA: letters keep placeholders free of numerals."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def should_redact(flag: bool | None, base_url_is_loopback: bool) -> bool:
    """--redact/--no-redact wins; by default redact whenever the endpoint is not on this machine."""
    return (not base_url_is_loopback) if flag is None else flag


@dataclass
class Redactor:
    """One mapping per run, so the same phone number gets the same placeholder in every prompt."""

    names: list[str] = field(default_factory=list)
    enabled: bool = True
    _forward: dict[str, str] = field(default_factory=dict, repr=False)
    _counts: dict[str, int] = field(default_factory=dict, repr=False)

    @classmethod
    def for_names(cls, names: Iterable[str], *, enabled: bool = True) -> "Redactor":
        # Longest first, so 王小明 is masked before a listed 王小.
        clean = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
        return cls(names=clean, enabled=enabled)

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder → original (for tests and restoring)."""
        return {v: k for k, v in self._forward.items()}

    def _placeholder(self, kind: str, original: str) -> str:
        if original not in self._forward:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            self._forward[original] = f"〔{kind}{_label(self._counts[kind])}〕"
        return self._forward[original]

    def redact(self, text: str) -> str:
        if not self.enabled:
            return text
        for name in self.names:
            if name in text:
                text = text.replace(name, self._placeholder("姓名", name))
        for kind, pattern in _PATTERNS:
            text = pattern.sub(lambda m, k=kind: self._placeholder(k, m.group(0)), text)
        return text

    def restore(self, text: str) -> str:
        if not self.enabled or not self._forward:
            return text
        for placeholder, original in sorted(self.mapping.items(), key=lambda kv: len(kv[0]), reverse=True):
            text = text.replace(placeholder, original)
            # Models sometimes swap the brackets; accept the common variants.
            inner = placeholder[1:-1]
            for left, right in (("[", "]"), ("【", "】"), ("(", ")"), ("（", "）")):
                text = text.replace(f"{left}{inner}{right}", original)
        return text
