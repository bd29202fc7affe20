"""The user's notes: Markdown with YAML front matter (or a .yaml file) parsed into typed facts.

```
---
community: 迎宾路社区
period: 2023年
kind: 宣传思想文化工作总结
---
## 理论学习
- 全年安排学习课程20节 [f3]
```
A bullet may end with an id in brackets (`[f3]`); otherwise it gets one by position (f1, f2, ...).
Headings about shortcomings or next steps form the closing part of the draft.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError
from drafter.textio import read_text

__all__ = ["Fact", "FactSection", "IgnoredLine", "Notes", "parse_notes", "load_notes", "closing_kind", "MAX_FACTS"]

MAX_FACTS = 2000

# List markers: -, *, •, "1." / "1、" / "1)" / "(1)". "12.5%的居民" starts with a number, not a marker.
_BULLET = re.compile(r"^\s*(?:[-*+•·●▪]|\d{1,3}(?:[、)）]|\.(?!\d))|[（(]\d{1,3}[)）])\s*")
_HEADING = re.compile(r"^\s*(#{1,6})\s*(.*?)\s*#*\s*$")
_FACT_ID = re.compile(r"\s*\[([A-Za-z][A-Za-z0-9_-]{0,30})\]\s*$")
# Closing headings. Narrow on purpose: 计划生育, 解决群众急难愁盼问题 and 目标管理考核 are work done.
_SHORTCOMING = re.compile(r"不足|短板|差距|薄弱|存在(的)?(主要)?问题|问题(和|与|及)(不足|困难|短板|差距)|困难和问题|^问题$")
_PLAN = re.compile(
    r"下一步|下步|打算|展望|努力方向|今后|明年|来年|下半年|"
    r"(工作|年度|(19|20)\d{2}年)(的)?(工作)?(计划|思路|目标|安排)|^(工作)?(计划|思路|安排)$"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")


def closing_kind(heading: str) -> str | None:
    """'shortcomings' or 'plans' when a heading belongs to the closing part, else None."""
    if _PLAN.search(heading):
        return "plans"
    if _SHORTCOMING.search(heading):
        return "shortcomings"
    return None


@dataclass(frozen=True)
class Fact:
    id: str
    text: str
    section: str  # the user's heading, "" for flat notes
    line: int  # 1-based line in the notes file (0 for YAML)


@dataclass(frozen=True)
class IgnoredLine:
    """A non-empty input line that is neither title, heading nor part of a fact, and why."""

    line: int  # 1-based line of the text as read (for Word: the paragraph's index)
    text: str
    reason: str  # Chinese, shown to the person: 问候语, 落款, 空标题 …


@dataclass
class FactSection:
    title: str
    facts: list[Fact]
    closing: str | None = None  # "shortcomings", "plans" or None


@dataclass
class Notes:
    path: str
    sha256: str
    community: str = ""
    period: str = ""
    kind: str = ""
    title: str = ""
    guideline: str = ""
    redact: list[str] = field(default_factory=list)
    sections: list[FactSection] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    ignored: list[IgnoredLine] = field(default_factory=list)

    @property
    def facts(self) -> list[Fact]:
        return [f for s in self.sections for f in s.facts]

    @property
    def body_sections(self) -> list[FactSection]:
        return [s for s in self.sections if s.closing is None]

    @property
    def closing_sections(self) -> list[FactSection]:
        return [s for s in self.sections if s.closing is not None]

    @property
    def is_flat(self) -> bool:
        return all(not s.title for s in self.body_sections)

    @property
    def year(self) -> int | None:
        for text in (self.period, self.title, self.kind):
            m = _YEAR.search(text or "")
            if m:
                return int(m.group(1))
        return None

    def fact(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise InputError(f"no fact with id {fact_id!r} in {self.path}")

    def context_text(self) -> str:
        """Text the user wrote besides the facts: it may support a draft's quantities (the period's year,
        a heading like 10件民生实事, a guideline naming 二十届三中全会) but none of it is required."""
        parts = [self.period, self.kind, self.title, self.community, self.guideline] + [s.title for s in self.sections]
        return "\n".join(x for x in parts if x)


_META_KEYS = ("community", "period", "kind", "title", "guideline")


def load_notes(path: str | Path) -> Notes:
    p = Path(path)
    text = read_text(p, what="notes file")
    return parse_notes(text, path=str(p), yaml_file=p.suffix.lower() in (".yaml", ".yml"))


def parse_notes(text: str, *, path: str = "<notes>", yaml_file: bool = False) -> Notes:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text.strip():
        raise InputError(f"notes file is empty: {path}")
    if yaml_file:
        data = _load_yaml(text, path)
        if not isinstance(data, dict):
            raise InputError(f"{path}: a YAML notes file must be a mapping with 'sections'")
        notes = _notes_from_meta(data, path, sha)
        notes.sections = _yaml_sections(data.get("sections"), path)
    else:
        meta, body, body_line = _split_front_matter(text, path)
        notes = _notes_from_meta(meta, path, sha)
        from .dialect import markdown_dialect

        if markdown_dialect(body):
            notes.sections = _markdown_sections(body, body_line, path)
        else:  # pasted Word text, numbered lines, WeChat messages, prose: the plain-text reader
            _read_plain(notes, body, body_line, path)
    _assign_ids(notes, path)
    if not notes.facts:
        raise InputError(f"{path}: no facts found; write each fact as a bullet line starting with '- '")
    return notes


def _load_yaml(text: str, path: str):
    import yaml

    try:
        # Aliases have no use in notes; refusing them (seen as parser events, before anything is
        # built) defuses alias bombs.
        if "*" in text and any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
            raise InputError(f"{path}: YAML aliases (*name) are not allowed in notes")
        return yaml.safe_load(text)
    except RecursionError:
        raise InputError(f"{path}: YAML nested too deeply to be notes") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}: invalid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None


def _split_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, "\n".join(lines), 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            meta = _load_yaml("\n".join(lines[1:i]), path) or {}
            if not isinstance(meta, dict):
                raise InputError(f"{path}: front matter must be 'key: value' lines")
            return meta, "\n".join(lines[i + 1 :]), i + 2
    raise InputError(f"{path}: front matter starts with '---' but never ends; add a closing '---' line")


def _notes_from_meta(meta: dict, path: str, sha: str) -> Notes:
    values: dict[str, str] = {}
    for key in _META_KEYS:
        value = meta.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)):
            raise InputError(f"{path}: front matter {key!r} must be text")
        values[key] = str(value).strip()
    redact = meta.get("redact", []) or []
    if isinstance(redact, str):
        redact = [redact]
    if not isinstance(redact, list) or not all(isinstance(x, (str, int)) for x in redact):
        raise InputError(f"{path}: 'redact' must be a list of names")
    extra = {k: v for k, v in meta.items() if k not in (*_META_KEYS, "redact", "sections") and isinstance(v, (str, int, float))}
    return Notes(path=path, sha256=sha, redact=[str(x) for x in redact], meta=extra, **values)


def _yaml_sections(raw, path: str) -> list[FactSection]:
    if raw is None:
        raise InputError(f"{path}: no 'sections' list")
    if not isinstance(raw, list):
        raise InputError(f"{path}: 'sections' must be a list of {{title, facts}}")
    sections = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: section {i} must be a mapping with 'title' and 'facts'")
        title = str(item.get("title") or "").strip()
        facts_raw = item.get("facts") or []
        if not isinstance(facts_raw, list):
            raise InputError(f"{path}: section {i} 'facts' must be a list")
        facts = []
        for text in facts_raw:
            if not isinstance(text, (str, int, float)):
                raise InputError(f"{path}: section {i}: every fact must be a line of text")
            facts.append(_fact(str(text), title, 0))
        sections.append(FactSection(title=title, facts=[f for f in facts if f.text], closing=closing_kind(title)))
    return sections


def _markdown_sections(body: str, first_line: int, path: str) -> list[FactSection]:
    sections: list[FactSection] = []
    current = FactSection(title="", facts=[])
    saw_bullet = False
    for offset, raw in enumerate(body.split("\n")):
        lineno = first_line + offset
        line = raw.rstrip()
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            if heading.group(1) == "#":
                continue  # a '# title' line names the document, not a section
            if current.facts or current.title:
                sections.append(current)
            title = heading.group(2).strip()
            current = FactSection(title=title, facts=[], closing=closing_kind(title))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            saw_bullet = True
            current.facts.append(_fact(line[bullet.end() :], current.title, lineno))
        elif raw[:1].isspace() and current.facts:
            last = current.facts[-1]  # an indented line continues the bullet above it
            current.facts[-1] = Fact(id=last.id, text=last.text + line.strip(), section=last.section, line=last.line)
        else:
            # A plain line is a fact too: users paste notes without bullets under a bulleted list.
            current.facts.append(_fact(line, current.title, lineno))
    if current.facts or current.title:
        sections.append(current)
    if not saw_bullet:
        raise InputError(f"{path}: no bullet facts found; write each fact as a line starting with '- '")
    for s in sections:
        s.facts = [f for f in s.facts if f.text]
    return [s for s in sections if s.facts]


def _read_plain(notes: Notes, body: str, first_line: int, path: str) -> None:
    """Sections, facts, ignored lines and (where the front matter is silent) the title line's fields."""
    from .plaintext import has_figures, read_plain

    plain = read_plain(body, first_line)
    title = plain.fields.get("title", "")
    for key, value in plain.fields.items():
        current = getattr(notes, key)
        if key == "title":
            continue
        if value and not current:
            setattr(notes, key, value)
        elif value and current != value and title and not notes.title:
            title = title.replace(value, current)  # the front matter (or the page's field) names it otherwise
    if title and not notes.title:
        notes.title = title
    notes.sections = [
        FactSection(title=s.title, facts=[_fact(f.text, s.title, f.line) for f in s.facts], closing=s.closing) for s in plain.sections
    ]
    notes.ignored = [IgnoredLine(line=i.line, text=i.text, reason=i.reason) for i in plain.ignored]
    if not notes.facts or (not plain.marked and not has_figures(plain)):
        raise InputError(
            f"{path}: no bullet facts, numbered lines or sentences with figures found; "
            "write each fact on its own line, e.g. '- 开展活动12场' or '1. 开展活动12场'"
        )


def _fact(text: str, section: str, line: int) -> Fact:
    """A fact with its explicit id (`[f3]` at the end) taken off the text, or no id yet."""
    text = text.strip()
    m = _FACT_ID.search(text)
    if m:
        return Fact(id=m.group(1), text=text[: m.start()].rstrip(), section=section, line=line)
    return Fact(id="", text=text, section=section, line=line)


def _assign_ids(notes: Notes, path: str) -> None:
    """Keep explicit ids; number the rest f1, f2, … skipping ids the user took."""
    seen: set[str] = set()
    explicit = {f.id for s in notes.sections for f in s.facts if f.id}
    n = 0
    for s in notes.sections:
        fixed = []
        for f in s.facts:
            text = f.text
            if f.id:
                fid = f.id
            else:
                n += 1
                fid = f"f{n}"
                while fid in explicit or fid in seen:
                    n += 1
                    fid = f"f{n}"
            if fid in seen:
                raise InputError(f"{path}: fact id [{fid}] is used twice")
            seen.add(fid)
            fixed.append(Fact(id=fid, text=text, section=f.section, line=f.line))
        s.facts = fixed
    if len(seen) > MAX_FACTS:
        raise InputError(f"{path}: {len(seen)} facts is more than a summary can hold (limit {MAX_FACTS})")
