"""Notes built from Word files and ledgers: the blocks and tallies become ordinary Markdown notes (front
matter, `## ` sections, `- ` facts with ids), parsed by parse_notes like any typed notes, plus the
provenance of every generated number.

The Markdown is what `drafter notes -o notes.md` writes and what `drafter draft NOTES.docx` reads, so
a Word file and its Markdown twin give the same draft.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import InputError

from .columns import NotALedger
from .ledger import LedgerFact, SheetTally, tally_grid
from .overrides import NotesOverrides, current_overrides
from .parse import Notes, parse_notes
from .wordfile import read_word_notes, split_title
from .workbook import LEDGER_SUFFIXES, Grid, read_grids

__all__ = ["NotesBuild", "build_notes", "WORD_SUFFIXES"]

WORD_SUFFIXES = (".docx",)
_YEAR = re.compile(r"((?:19|20)\d{2})")


@dataclass
class NotesBuild:
    notes: Notes
    markdown: str
    provenance: dict
    notices: list[str] = field(default_factory=list)
    ledger_facts: list[LedgerFact] = field(default_factory=list)


@dataclass
class _Section:
    title: str
    facts: list[str | LedgerFact] = field(default_factory=list)  # typed text, or a ledger fact (its text once numbered)


class _Collector:
    def __init__(self, columns: dict[str, str], group_by: str | None) -> None:
        self.columns, self.group_by = columns, group_by
        self.sections: list[_Section] = []
        self.meta: dict[str, str] = {}
        self.tallies: list[SheetTally] = []
        self.skipped: list[dict] = []
        self.notices: list[str] = []
        self.dates: list = []

    def section(self, title: str) -> _Section:
        for s in self.sections:
            if s.title == title:
                return s
        self.sections.append(_Section(title))
        return self.sections[-1]

    def add_meta(self, found: dict[str, str]) -> None:
        for key, value in found.items():
            self.meta.setdefault(key, value)

    def ledger(self, grid: Grid, *, under: str | None = None, year: int | None = None) -> None:
        tally = tally_grid(grid, overrides=self.columns, group_by=self.group_by, year=year)
        self.tallies.append(tally)
        unread = [s for s in tally.skipped if "left out" in s["reason"]]
        if unread:
            # A cell left out of a sum or a period changes a figure: say so here, not only in the provenance.
            where = f"{grid.source} {grid.what} {grid.sheet!r}" if grid.sheet else grid.source
            first = unread[0]
            self.notices.append(f"{where}: {len(unread)} cell(s) could not be read and were left out, e.g. row {first['row']}: {first['reason']}")
        if tally.header.title:
            self.add_meta(split_title(tally.header.title))
        for fact in tally.facts:
            if under is not None:
                fact.section = under
            self.section(fact.section).facts.append(fact)
        if tally.first:
            self.dates += [tally.first, tally.last]

    def skip(self, grid: Grid, reason: str) -> None:
        self.skipped.append({"source": grid.source, "sheet": grid.sheet, "reason": reason})
        self.notices.append(f"skipped {reason}")


def build_notes(
    paths: list[Path],
    *,
    columns: dict[str, str] | None = None,
    group_by: str | None = None,
    overrides: NotesOverrides | None = None,
    notes_path: str | None = None,
) -> NotesBuild:
    """Notes from Word files (.docx) and ledgers (.xlsx/.xls/.csv); InputError when nothing usable is in them."""
    if not paths:
        raise InputError("no input files; give Word notes (.docx) or ledgers (.xlsx, .xls, .csv)")
    overrides = overrides or current_overrides()
    year = _year_of(overrides.period)
    c = _Collector(columns or {}, group_by)
    for path in paths:
        suffix = Path(path).suffix.lower()
        if suffix in WORD_SUFFIXES:
            _read_word(c, Path(path), year)
        elif suffix in LEDGER_SUFFIXES:
            grids = read_grids(Path(path))
            reasons = []
            for grid in grids:
                try:
                    c.ledger(grid, year=year)
                except NotALedger as exc:
                    reasons.append(str(exc))
            if len(reasons) == len(grids):
                raise InputError(reasons[0] if len(reasons) == 1 else f"{path}: no sheet is a ledger ({'; '.join(reasons)})")
            for reason in reasons:
                c.skipped.append({"source": str(path), "reason": reason})
                c.notices.append(f"skipped {reason}")
        elif suffix == ".doc":
            raise InputError(f"{path} is an old Word .doc file; open it in Word or WPS and save it as .docx")
        else:
            raise InputError(f"{path}: cannot read {suffix or 'files without a suffix'} as notes; give .docx, .xlsx, .xls or .csv (or Markdown notes to 'drafter draft')")
    if not any(s.facts for s in c.sections):
        names = ", ".join(str(p) for p in paths)
        raise InputError(f"no facts found in {names}: a Word file needs paragraphs or list items under its headings, a ledger rows under its header")
    meta = overrides.apply(c.meta)
    if "period" not in meta and c.dates:
        meta["period"] = _period_of(min(c.dates), max(c.dates))
    year = _year_of(meta.get("period"))
    ledger_facts = _number_ledger_facts(c, year)
    markdown = render_markdown(meta, c.sections)
    name = notes_path or (str(paths[0]) if len(paths) == 1 else "<notes>")
    notes = parse_notes(markdown, path=name)
    notes.sha256 = _sources_sha(paths)
    provenance = {
        "format": "drafter-ledger-provenance/1",
        "sources": [{"path": str(p), "sha256": _sources_sha([p])} for p in paths],
        "sheets": [_sheet_record(t) for t in c.tallies],
        "skipped": c.skipped,
        "facts": {f.id: _fact_record(f) for f in ledger_facts},
    }
    return NotesBuild(notes=notes, markdown=markdown, provenance=provenance, notices=c.notices, ledger_facts=ledger_facts)


def _read_word(c: _Collector, path: Path, year: int | None) -> None:
    word = read_word_notes(path)
    if word.title:
        c.add_meta(split_title(word.title))
    current = ""
    for kind, value in word.blocks:
        if kind == "heading":
            current = str(value)
            c.section(current)
        elif kind == "fact":
            c.section(current).facts.append(str(value))
        else:
            grid: Grid = value  # type: ignore[assignment]
            try:
                c.ledger(grid, under=current or None, year=year or _year_of(c.meta.get("period")))
            except NotALedger as exc:
                # A table that is no ledger (a key/value table): each row is a fact, nothing is lost.
                c.notices.append(f"{exc}; its rows are read as facts")
                for row in grid.rows:
                    cells = list(dict.fromkeys(str(x) for x in row if x))
                    if cells:
                        c.section(current).facts.append("：".join(cells) if len(cells) == 2 else "，".join(cells))


def _number_ledger_facts(c: _Collector, year: int | None) -> list[LedgerFact]:
    """Ids l1, l2 … in reading order; each fact's text is finished with its period."""
    found = []
    for section in c.sections:
        for fact in section.facts:
            if isinstance(fact, LedgerFact):
                fact.id = f"l{len(found) + 1}"
                fact.finish(year)
                found.append(fact)
    return found


def render_markdown(meta: dict[str, str], sections: list[_Section]) -> str:
    import yaml  # as in parse.py: only when front matter is written, so `drafter check` on Markdown never loads it

    lines = []
    front = {k: meta[k] for k in ("community", "period", "kind") if meta.get(k)}
    if front:
        lines += ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False).strip(), "---"]
    for section in sections:
        if not section.facts:
            continue
        if section.title:
            lines.append(f"## {section.title}")
        for fact in section.facts:
            if isinstance(fact, LedgerFact):
                lines.append(f"- {fact.text} [{fact.id}]")
            else:
                lines.append(f"- {' '.join(fact.split())}")
    return "\n".join(lines) + "\n"


def _year_of(period: str | None) -> int | None:
    m = _YEAR.search(period or "")
    return int(m.group(1)) if m else None


def _period_of(first, last) -> str:
    if first.year != last.year:
        return f"{first.year}年至{last.year}年"
    return f"{first.year}年上半年" if last.month <= 6 else f"{first.year}年"


def _sources_sha(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for p in paths:
        try:
            digest.update(Path(p).read_bytes())
        except OSError:
            digest.update(str(p).encode("utf-8"))
    return digest.hexdigest()


def _sheet_record(t: SheetTally) -> dict:
    return {
        "source": t.source,
        "sheet": t.sheet,
        "header_row": t.header.row + 1,
        "columns": {role: t.header.names[i] for role, i in t.header.columns.items()},
        "skipped_rows": t.skipped,
    }


def _fact_record(f: LedgerFact) -> dict:
    return {
        "text": f.text,
        "section": f.section,
        "source": f.source,
        "sheet": f.sheet,
        "group": f.group,
        "group_column": f.group_column,
        "numbers": [
            {"quantity": t.quantity, "operation": t.operation, "column": t.column, "rows": list(t.rows), "values": list(t.values), "value": t.value}
            for t in f.tallies
        ],
        "rows": f.rows,
    }
