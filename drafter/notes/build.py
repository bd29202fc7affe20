"""Notes built from Word files and ledgers: the blocks and tallies become ordinary Markdown notes (front
matter, `## ` sections, `- ` facts with ids), parsed by parse_notes like any typed notes, plus the
provenance of every generated number.

The Markdown is what `drafter notes -o notes.md` writes and what `drafter draft NOTES.docx` reads, so
a Word file and its Markdown twin give the same draft.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from drafter.errors import InputError

from .columns import NotALedger
from .ledger import LedgerFact, SheetTally, tally_grid
from .notetable import read_notes_table
from .overrides import NotesOverrides, current_overrides
from .parse import IgnoredLine, Notes, parse_notes
from .wordfile import read_word_notes, split_title
from .wordsections import word_sections
from .workbook import LEDGER_SUFFIXES, Grid, read_grids

__all__ = ["NotesBuild", "build_notes", "WORD_SUFFIXES"]

WORD_SUFFIXES = (".docx", ".doc", ".wps")
_YEAR = re.compile(r"((?:19|20)\d{2})")


@dataclass
class NotesBuild:
    notes: Notes
    markdown: str
    provenance: dict
    notices: list[str] = field(default_factory=list)
    ledger_facts: list[LedgerFact] = field(default_factory=list)


@dataclass
class _Text:
    text: str
    line: int  # where the person wrote it: a Word paragraph's index, a table's row


@dataclass
class _Section:
    title: str
    facts: list[str | _Text | LedgerFact] = field(default_factory=list)  # typed text, or a ledger fact (its text once numbered)
    closing: str | None = None  # the closing kind the reader decided (a sub-heading under 存在问题), over the title's own


class _Collector:
    def __init__(self, columns: dict[str, str], group_by: str | None) -> None:
        self.columns, self.group_by = columns, group_by
        self.sections: list[_Section] = []
        self.meta: dict[str, str] = {}
        self.tallies: list[SheetTally] = []
        self.skipped: list[dict] = []
        self.notices: list[str] = []
        self.dates: list = []
        self.title = ""
        self.places: dict[int, int] = {}  # id(LedgerFact) -> the Word paragraph its table sits at
        self.ignored: list[IgnoredLine] = []

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

    def notes_table(self, grid: Grid, *, under: str | None = None, line: int | None = None, allow_dates: bool = False) -> bool:
        """A notes table (类别/工作内容/数量/成效, one fact a row) read into sections; False when it is none."""
        found = read_notes_table(grid, allow_dates=allow_dates)
        if found is None:
            return False
        facts, category, title = found
        if title:
            self.add_meta(split_title(title))
            self.title = self.title or title
        where = f"{grid.source} {grid.what} {grid.sheet!r}" if grid.sheet else grid.source
        by = f"its {category} column gives the sections" if category else "no category column, so no sections"
        self.notices.append(f"{where}: read as a notes table, one fact a row ({by}), not as an activity ledger")
        for fact in facts:
            section = self.section(fact.section or (under or ""))
            section.closing = section.closing or fact.closing
            section.facts.append(_Text(fact.text, line or fact.row))  # in a Word file: the table's paragraph
        return True

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
                if c.notes_table(grid):
                    continue
                try:
                    c.ledger(grid, year=year)
                except NotALedger as exc:
                    if not c.notes_table(grid, allow_dates=True):  # 完成时间 but no activities: still notes
                        reasons.append(str(exc))
                else:
                    where = f"{grid.source} sheet {grid.sheet!r}" if grid.sheet else grid.source
                    c.notices.append(f"{where}: read as an activity ledger, one activity a row, counted and summed")
            if len(reasons) == len(grids):
                raise InputError(reasons[0] if len(reasons) == 1 else f"{path}: no sheet is a ledger ({'; '.join(reasons)})")
            for reason in reasons:
                c.skipped.append({"source": str(path), "reason": reason})
                c.notices.append(f"skipped {reason}")
        else:
            raise InputError(unreadable_suffix(Path(path)))
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
    _restore_places(notes, c)
    provenance = {
        "format": "drafter-ledger-provenance/1",
        "sources": [{"path": str(p), "sha256": _sources_sha([p])} for p in paths],
        "sheets": [_sheet_record(t) for t in c.tallies],
        "skipped": c.skipped,
        "facts": {f.id: _fact_record(f) for f in ledger_facts},
    }
    return NotesBuild(notes=notes, markdown=markdown, provenance=provenance, notices=c.notices, ledger_facts=ledger_facts)


def unreadable_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return f"{path} is a PDF, which drafter cannot read as notes; copy its text out into a .txt file (or save it as .docx in Word or WPS)"
    if suffix in (".zip", ".rar", ".7z", ".gz", ".tar"):
        return f"{path} is an archive; unpack it and give the notes inside (.docx, .txt, .xlsx)"
    if suffix in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"):
        return f"{path} is an image; drafter reads text, not pictures: type or paste the notes into a .txt or .docx file"
    return f"{path}: cannot read {suffix or 'files without a suffix'} as notes; give .docx, .doc, .wps, .xlsx, .xls or .csv (or Markdown/text notes to 'drafter draft')"


def _restore_places(notes: Notes, c: _Collector) -> None:
    """Each fact's line where the person wrote it, the closing kinds the reader decided, the title and the
    lines it left out: what parse_notes cannot know from the generated Markdown."""
    written = [s for s in c.sections if s.facts]
    for section, source in zip(notes.sections, written):
        if source.closing and section.closing is None:
            section.closing = source.closing
        places = [f.line if isinstance(f, _Text) else c.places.get(id(f), 0) for f in source.facts]
        if len(places) == len(section.facts):
            section.facts = [replace(f, line=line) if line else f for f, line in zip(section.facts, places)]
    if c.title and re.search(r"(总结|报告)$", c.title):
        notes.title = c.title  # the draft's own heading; a 要点/计划/记录 title names the notes, not the summary
    elif c.title:
        notes.meta.setdefault("notes_title", c.title)
    notes.ignored = sorted(c.ignored, key=lambda i: i.line)


def _read_word(c: _Collector, path: Path, year: int | None) -> None:
    word = read_word_notes(path)
    if word.title:
        c.add_meta(split_title(word.title))
        c.title = c.title or word.title
    items = word_sections(word)  # adds the empty headings to word.ignored
    c.ignored += word.ignored
    for ignored in word.ignored:
        if re.search(r"[0-9０-９]", ignored.text):
            c.notices.append(f"{path} paragraph {ignored.line} has a number but is not read as a fact ({ignored.reason}): {ignored.text}")
    for item in items:
        if item.grid is None:
            section = c.section(item.section)
            section.closing = section.closing or item.closing
            if item.text:
                section.facts.append(_Text(item.text, item.line))
            continue
        current, grid = item.section, item.grid
        if c.notes_table(grid, under=current or None, line=item.line):
            continue
        try:
            c.ledger(grid, under=current or None, year=year or _year_of(c.meta.get("period")))
            c.places.update((id(f), item.line) for f in c.tallies[-1].facts)
        except NotALedger as exc:
            if c.notes_table(grid, under=current or None, line=item.line, allow_dates=True):
                continue
            # A table that is no ledger (a key/value table): each row is a fact, nothing is lost.
            c.notices.append(f"{exc}; its rows are read as facts")
            for row in grid.rows:
                cells = list(dict.fromkeys(str(x) for x in row if x))
                if cells:
                    c.section(current).facts.append(_Text("：".join(cells) if len(cells) == 2 else "，".join(cells), item.line))


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
                text = fact.text if isinstance(fact, _Text) else fact
                lines.append(f"- {' '.join(text.split())}")
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
