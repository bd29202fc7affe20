"""The number check: every quantity in the notes is in the draft, every quantity in the draft is in the notes.

Both directions use drafter.numbers.same_quantity: the same value, a compatible unit (名≈人, 场≈场次,
G≈GB; 人≠人次≠户, %≠个百分点) and the same qualifier class (多≈余≈以上; 近≠余; exact≠approximate).
Rewrites that keep the value pass (两次 = 2次, 1200 = 1,200, 二十余 = 20余, 3.2万 = 32000, 八成五 = 85%).

Reported:
- missing: a fact quantity or name the draft does not state (with what the draft says instead, if it can tell);
- unsupported: a draft quantity or name no fact supports (invented, changed, or copied from a style example);
- placeholders: template leftovers (20xx年, XX社区, __社区, x年, **, ---, 某某);
- derived (a warning, not a failure): a draft total that is exactly the sum of two or more fact quantities;
- renamed: a fact's name that the draft changed (一网三联 → 一网四联);
- misbound: a draft quantity whose value is in the notes but said of another thing (党员5名，其中支委成员41名
  against 党员41名，其中支委成员5名; see drafter.numbers.binding). It is reported once: the fact quantities
  it displaced are not reported missing too.

Weak quantities (一 with a measure word, see drafter.numbers) are never required and never reported.
The notes' front matter (period, kind, title) supports years, so the title's 2023年 is not a problem.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import asdict, dataclass, field

from drafter.claims import ClaimMark, is_stock_name
from drafter.notes import Fact, Notes

from .binding import MisboundItem, bind, binding_score, find_misbound
from .explain import explain, found_instead, lexical_nearest, ref
from .named_claims import claim_items
from .periods import TimeIndex, dropped_time_words, period_conflicts, relative_years, single_year
from .provenance import QuantityMark, provenance
from .quantities import (
    Name,
    Quantity,
    canonical_name,
    find_names,
    find_placeholders,
    find_quantities,
    needs_canonical,
    normalize_text,
    same_quantity,
)
from .setphrases import build_set_phrases
from .structure import StructureProblem, find_structure_problems

__all__ = [
    "MissingItem",
    "UnsupportedItem",
    "PlaceholderItem",
    "DerivedItem",
    "RenamedItem",
    "QuantityMark",
    "MisboundItem",
    "StructureProblem",
    "CheckStats",
    "CheckReport",
    "check_text",
    "fact_recall",
]

CONTEXT_CHARS = 15


@dataclass(frozen=True)
class MissingItem:
    quantity: str  # as written in the facts
    fact: str  # the fact's text
    fact_id: str
    expected: str  # normalised: '300人 [more]'
    found: str  # what the draft states instead (same unit, other value or qualifier), "" if nothing
    line: int  # the fact's line in the notes file (0 for YAML)
    kind: str = "quantity"  # or "name"


@dataclass(frozen=True)
class UnsupportedItem:
    quantity: str  # as written in the draft
    context: str  # ±15 characters around it
    start: int
    end: int
    line: int
    nearest_fact: dict | None  # {"id", "text"}: the fact with the closest same-unit value, else the best lexical match
    reason: str
    kind: str = "quantity"  # or "name"


@dataclass(frozen=True)
class PlaceholderItem:
    text: str
    context: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class DerivedItem:
    quantity: str
    context: str
    start: int
    end: int
    line: int
    parts: list[dict]  # [{"quantity", "fact_id"}, ...]
    arithmetic: str = ""  # "14+9+7=30场", "76/80=95%", "120-100=20户" (see drafter.numbers.derived)


@dataclass(frozen=True)
class RenamedItem:
    fact_name: str
    draft_name: str
    fact_id: str
    line: int  # the draft line


@dataclass(frozen=True)
class CheckStats:
    fact_quantities: int  # required (weak ones excluded)
    draft_quantities: int  # weak ones excluded
    matched: int  # fact quantities the draft states
    fact_names: int = 0
    matched_names: int = 0
    draft_names: int = 0
    weak_draft: int = 0
    fact_claims: int = 0  # the notes' honours (named claims the draft must keep)
    matched_claims: int = 0
    draft_claims: int = 0  # named claims in the draft: honours, bodies, media, names
    unsupported_claims: int = 0


@dataclass
class CheckReport:
    missing: list[MissingItem] = field(default_factory=list)
    unsupported: list[UnsupportedItem] = field(default_factory=list)
    placeholders: list[PlaceholderItem] = field(default_factory=list)
    derived: list[DerivedItem] = field(default_factory=list)
    renamed: list[RenamedItem] = field(default_factory=list)
    stats: CheckStats = field(default_factory=lambda: CheckStats(0, 0, 0))
    quantities: list[QuantityMark] = field(default_factory=list)  # the provenance map, in reading order
    misbound: list[MisboundItem] = field(default_factory=list)
    structure: list[StructureProblem] = field(default_factory=list)  # drafter.numbers.structure
    claims: list[ClaimMark] = field(default_factory=list)  # the draft's named claims, with their proof

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unsupported or self.placeholders or self.misbound or self.structure)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "missing": [asdict(m) for m in self.missing],
            "unsupported": [asdict(u) for u in self.unsupported],
            "placeholders": [asdict(p) for p in self.placeholders],
            "derived": [asdict(d) for d in self.derived],
            "renamed": [asdict(r) for r in self.renamed],
            "misbound": [_misbound_json(m) for m in self.misbound],
            "quantities": [asdict(q) for q in self.quantities],
            "structure": [p.to_json() for p in self.structure],
            "claims": [asdict(c) for c in self.claims],
            "stats": asdict(self.stats),
        }

    def summary(self) -> str:
        if self.ok:
            claims = f" and {self.stats.draft_claims} named claims" if self.stats.draft_claims else ""
            derived = f" ({len(self.derived)} computed from them: see derived)" if self.derived else ""
            return f"check passed: {self.stats.draft_quantities} quantities{claims}, all from the notes{derived}"
        return (
            f"check failed: {len(self.missing)} missing, {len(self.unsupported)} unsupported, "
            + (f"{len(self.misbound)} misbound, " if self.misbound else "")
            + (f"{len(self.structure)} structure problem{'s' if len(self.structure) != 1 else ''}, " if self.structure else "")
            + f"{len(self.placeholders)} placeholder{'s' if len(self.placeholders) != 1 else ''}"
        )


def _misbound_json(m: MisboundItem) -> dict:
    return {
        "quantity": m.quantity, "context": m.context, "line": m.line, "start": m.start, "end": m.end,
        "said_of": m.said_of, "fact_id": m.fact_id, "fact": m.fact, "carries": m.carries, "expected": m.expected,
        "message": m.message(),
    }  # fmt: skip


def fact_recall(report: CheckReport) -> float:
    """The share of the facts' quantities (names included) that the draft states correctly; 1.0 when there are none."""
    s = report.stats
    total = s.fact_quantities + s.fact_names
    return 1.0 if total == 0 else (s.matched + s.matched_names) / total


# ---------------------------------------------------------------- the check


@dataclass(frozen=True)
class _FactQ:
    fact: Fact
    q: Quantity


def check_text(
    draft: str, notes: Notes, *, extra_set_phrases: tuple[str, ...] | list[str] = (), extra_stock_lines: tuple[str, ...] | list[str] = ()
) -> CheckReport:
    """Check a draft (Markdown or plain text) against its notes: its quantities, and its named claims (drafter.claims)."""
    sp = build_set_phrases(tuple(extra_set_phrases))
    facts = notes.facts
    # All facts in one pass (one per line), each quantity mapped back to its fact by offset: one
    # scan of a long text is much faster than hundreds of scans of short ones.
    joined = "\n".join(f.text for f in facts)
    starts = list(itertools.accumulate((len(f.text) + 1 for f in facts[:-1]), initial=0))
    joined_names = find_names(joined, set_phrases=sp)
    fact_qs = [_FactQ(facts[bisect.bisect_right(starts, q.start) - 1], q) for q in _clear_quantities(joined, sp, names=joined_names)]
    fact_names = [(facts[bisect.bisect_right(starts, n.start) - 1], n) for n in joined_names]
    context_qs = find_quantities(notes.context_text(), set_phrases=sp)
    if notes.year:
        y = float(notes.year)
        context_qs.append(Quantity(text=str(notes.year), start=0, end=0, low=y, high=y, unit="年", kind="year"))

    lines = _LineIndex(draft)
    placeholders = find_placeholders(draft)
    ph_spans = [(p.start, p.end) for p in placeholders]
    all_draft_names = find_names(draft, set_phrases=sp)
    draft_qs = _clear_quantities(draft, sp, ph_spans, names=all_draft_names)
    draft_names = [n for n in all_draft_names if not _overlaps(n.start, n.end, ph_spans)]
    # 今年 states the year the notes give (the front matter's, or the only one their facts name)
    year = notes.year or single_year([fq.q.low for fq in fact_qs if fq.q.kind == "year"])
    extra_years = [q for q in relative_years(draft, int(year) if year else None) if not _overlaps(q.start, q.end, [(d.start, d.end) for d in draft_qs])]
    if extra_years:
        draft_qs = sorted(draft_qs + extra_years, key=lambda q: q.start)

    support = _Index([fq.q for fq in fact_qs] + context_qs)
    # binding: what each quantity is said of; a draft quantity said of another fact's thing is misbound
    fact_bind = bind(joined, [fq.q for fq in fact_qs])
    draft_bind = bind(draft, draft_qs)
    context_support = _Index(context_qs)
    context_values = set(context_support.by_value)
    from_context = {i for i, q in enumerate(draft_qs) if _vkey(q) in context_values and context_support.has(q)}
    misbindings = find_misbound(draft_qs, draft_bind, [fq.q for fq in fact_qs], fact_bind, skip=from_context)
    misbound_ids = {id(draft_qs[m.draft_index]) for m in misbindings}
    index_of = {id(q): i for i, q in enumerate(draft_qs)}

    def bound(dq: Quantity):
        return draft_bind[index_of[id(dq)]]

    # a number said of another time (上半年→下半年, 每月→每周, 至少 dropped) states no fact
    notes_times, draft_times = TimeIndex(joined), TimeIndex(draft)
    retimed = period_conflicts(draft_times, draft_qs, notes_times, [fq.q for fq in fact_qs],
                               lambda dq, fi: binding_score(bound(dq), fact_bind[fi]))
    stated = _Index([q for q in draft_qs if id(q) not in misbound_ids and id(q) not in retimed])
    covered = {id(fact_qs[i].q) for m in misbindings for i in (m.source, m.expected)}

    # facts → draft
    missing: list[MissingItem] = []
    seen_missing: set[tuple[str, str]] = set()
    required = [fq for fq in fact_qs if not fq.q.weak]
    matched = 0
    replacements: list[Quantity] = []
    replaced_fact: dict[int, tuple[str, str, float]] = {}  # id(draft quantity) -> the missing fact quantity it took the place of
    unsupported_qs = [q for q in draft_qs if (not q.weak and not support.has(q)) or id(q) in retimed]
    misbound = [_misbound_item(draft, draft_qs, draft_bind, fact_qs, fact_bind, m, lines) for m in misbindings]
    proven_by: dict[int, str] = {}  # id(draft quantity) -> the fact it states
    facts_by_id = {f.id: f for f in facts}
    for fi, fq in enumerate(fact_qs):
        if fq.q.weak:
            continue
        # each occurrence in the facts needs its own occurrence in the draft: when 1篇 is in five
        # facts, a draft that turns one of them into 2篇 has lost one; of several, the one said of
        # the same thing
        taken = stated.take(fq.q, rank=lambda dq, fi=fi: binding_score(bound(dq), fact_bind[fi]),
                            exact=lambda dq, fi=fi: draft_bind.local(index_of[id(dq)]) == fact_bind.local(fi))
        if taken:
            matched += 1
            if taken is not True:
                proven_by[id(taken)] = fq.fact.id
            continue
        if id(fq.q) in covered:
            continue  # reported once, as the misbound quantity that took its place
        key = (fq.fact.id, fq.q.text)
        if key in seen_missing:
            continue
        seen_missing.add(key)
        found = found_instead(fq, unsupported_qs, draft)
        if found is not None:
            replacements.append(found)
            replaced_fact[id(found)] = (fq.fact.id, fq.q.text, fq.q.low)
        missing.append(
            MissingItem(
                quantity=fq.q.text, fact=fq.fact.text, fact_id=fq.fact.id, expected=fq.q.normalized,
                found=found.text if found else "", line=fq.fact.line,
            )  # fmt: skip
        )

    # time words the draft changed where no number holds them (每周三 → 每月三)
    for offset, word, instead in dropped_time_words(notes_times, notes.context_text(), draft_times):
        fact = facts[bisect.bisect_right(starts, offset) - 1]
        missing.append(MissingItem(quantity=word, fact=fact.text, fact_id=fact.id, expected=word, found=instead, line=fact.line))

    # draft → facts
    if unsupported_qs:
        from .derived import derive  # only a draft with a number no fact states needs it (start-up time)
    unsupported: list[UnsupportedItem] = []
    derived: list[DerivedItem] = []
    used_parts: set[tuple[str, str]] = set()
    replacing = {id(r) for r in replacements}
    for q in unsupported_qs:
        # a quantity that took a missing fact quantity's place is a changed number, never a total
        # a total, rate or difference computed from the notes: a warning when right, its right value when wrong
        computed = None if id(q) in retimed else derive(q, fact_qs, draft, draft_qs)
        if computed is not None and id(q) in replacing and (computed.kind == "total" or _changed_from(q, replaced_fact[id(q)], computed)):
            # a quantity that took a missing fact quantity's place is a changed number, never a total; nor is a
            # rate or average close to the figure it replaced (72% → 73%); a difference may stand for a figure
            # it is computed from (比去年增加20人 for 去年100人)
            computed = None
        if computed is not None and computed.right:
            if computed.kind != "total":  # 比去年增加20人 states last year's 100人 through the difference
                used_parts.update((p.fact.id, p.q.text) for p in computed.parts)
            derived.append(
                DerivedItem(
                    quantity=q.text, context=_context(draft, q.start, q.end), start=q.start, end=q.end,
                    line=lines.line(q.start), parts=[{"quantity": p.q.text, "fact_id": p.fact.id} for p in computed.parts],
                    arithmetic=computed.arithmetic,
                )  # fmt: skip
            )
            continue
        if computed is not None:
            reason, nearest = computed.reason(q.text), ref(computed.parts[0].fact)
        elif id(q) in retimed:
            change, fi = retimed[id(q)]
            reason, nearest = f"{change} ({fact_qs[fi].fact.id})", ref(fact_qs[fi].fact)
        else:
            reason, nearest = explain(q, fact_qs, facts, draft)
        unsupported.append(
            UnsupportedItem(
                quantity=q.text, context=_context(draft, q.start, q.end), start=q.start, end=q.end,
                line=lines.line(q.start), nearest_fact=nearest, reason=reason,
            )  # fmt: skip
        )

    if used_parts:
        kept = [m for m in missing if m.kind != "quantity" or (m.fact_id, m.quantity) not in used_parts]
        matched += len(missing) - len(kept)
        missing = kept

    # names: facts' names verbatim in the draft, draft names found in the notes
    # names are compared in one spelling (第十八届中央委员会第六次全体会议 = 十八届六中全会, ， = ,)
    # (the full canonical form only when a name needs it: it costs a pass over both texts)
    spell = canonical_name if any(needs_canonical(n.text) for _, n in fact_names) or any(needs_canonical(n.text) for n in draft_names) else normalize_text
    norm_draft = spell(draft)
    notes_text = spell("\n".join([f.text for f in facts] + [notes.context_text()]))
    stock = tuple(extra_set_phrases) + tuple(extra_stock_lines)  # the genre's stock lines (“最后一米”, the opening's plenum)
    bad_draft_names = [n for n in draft_names if n.canonical not in notes_text and not is_stock_name(n.text, n.start, draft, stock)]
    if bad_draft_names:
        from .counts import counted_units  # 两村一社 for the units the notes name one by one

        bad_draft_names = [n for n in bad_draft_names if not counted_units(n.text, notes_text)]
    renamed: list[RenamedItem] = []
    renamed_to: dict[int, str] = {}
    matched_names = 0
    seen_names: set[str] = set()
    for fact, name in fact_names:
        if name.canonical in norm_draft:
            matched_names += 1
            continue
        if (fact.id, name.text) in seen_names:
            continue
        seen_names.add((fact.id, name.text))
        twin = next((d for d in bad_draft_names if d.skeleton == name.skeleton), None)
        if twin is not None:
            renamed.append(RenamedItem(fact_name=name.text, draft_name=twin.text, fact_id=fact.id, line=lines.line(twin.start)))
            renamed_to[twin.start] = name.text
        missing.append(
            MissingItem(
                quantity=name.text, fact=fact.text, fact_id=fact.id, expected=name.text,
                found=twin.text if twin else "", line=fact.line, kind="name",
            )  # fmt: skip
        )
    for n in bad_draft_names:
        if n.start in renamed_to:
            reason = f"renamed: the notes say {renamed_to[n.start]}"
        else:
            reason = "name not in the notes"
        unsupported.append(
            UnsupportedItem(
                quantity=n.text, context=_context(draft, n.start, n.end), start=n.start, end=n.end,
                line=lines.line(n.start), nearest_fact=lexical_nearest(_context(draft, n.start, n.end), facts),
                reason=reason, kind="name",
            )  # fmt: skip
        )
    # named claims (honours, bodies, media, quoted names): the claims room proves them, like names above
    claims = claim_items(draft, notes, unsupported, lines.line, _context, tuple(extra_set_phrases) + tuple(extra_stock_lines),
                         make_missing=MissingItem, make_unsupported=UnsupportedItem)
    missing += claims.missing
    unsupported += claims.unsupported
    unsupported.sort(key=lambda u: u.start)
    marks = provenance(
        [q for q in draft_qs if not q.weak], {k: facts_by_id[v] for k, v in proven_by.items()},
        [(fq.fact, fq.q) for fq in fact_qs] + [(_CONTEXT_FACT, q) for q in context_qs],
        unsupported=unsupported, derived=derived, misbound=misbound, line_of=lines.line,
    )  # fmt: skip

    return CheckReport(
        missing=missing,
        unsupported=unsupported,
        placeholders=[
            PlaceholderItem(text=p.text, context=_context(draft, p.start, p.end), start=p.start, end=p.end, line=lines.line(p.start))
            for p in placeholders
        ],
        derived=derived,
        renamed=renamed,
        stats=CheckStats(
            fact_quantities=len(required),
            draft_quantities=sum(1 for q in draft_qs if not q.weak),
            matched=matched,
            fact_names=len(fact_names),
            matched_names=matched_names,
            draft_names=len(draft_names),
            weak_draft=sum(1 for q in draft_qs if q.weak),
            fact_claims=claims.fact_claims,
            matched_claims=claims.matched_claims,
            draft_claims=claims.draft_claims,
            unsupported_claims=len(claims.unsupported),
        ),
        quantities=marks,
        misbound=misbound,
        structure=find_structure_problems(draft, notes),
        claims=claims.marks,
    )


def _misbound_item(draft, draft_qs, draft_bind, fact_qs, fact_bind, m, lines) -> MisboundItem:
    q, src, exp = draft_qs[m.draft_index], fact_qs[m.source], fact_qs[m.expected]
    return MisboundItem(
        quantity=q.text, context=_context(draft, q.start, q.end), start=q.start, end=q.end, line=lines.line(q.start),
        said_of=draft_bind[m.draft_index].words, fact_id=src.fact.id, fact=src.fact.text,
        expected={"quantity": exp.q.text, "fact_id": exp.fact.id, "fact": exp.fact.text, "said_of": fact_bind[m.expected].words},
        carries=fact_bind[m.source].words,
    )  # fmt: skip


_CONTEXT_FACT = Fact(id="", text="", section="", line=0)  # the notes' front matter: supports a year, is no fact


def _changed_from(q: Quantity, replaced: tuple[str, str, float], computed) -> bool:
    fact_id, text, value = replaced
    if (fact_id, text) in {(p.fact.id, p.q.text) for p in computed.parts}:
        return False
    return value > 0 and q.low > 0 and 0.9 <= q.low / value <= 1.1


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _clear_quantities(text: str, sp, spans: list[tuple[int, int]] | None = None, *, names: list[Name] | None = None) -> list[Quantity]:
    """Quantities outside template leftovers: the 20 of 20xx年 is not a number anyone stated."""
    if spans is None:
        spans = [(p.start, p.end) for p in find_placeholders(text)]
    return [q for q in find_quantities(text, set_phrases=sp, names=names) if not _overlaps(q.start, q.end, spans)]


class _Index:
    """Quantities bucketed by value, so matching stays linear in the text's size."""

    def __init__(self, qs: list[Quantity]) -> None:
        self.by_value: dict[tuple[float, float], list[Quantity]] = {}
        self.months: set[int] = set()  # months of full dates: 6月5日 supports 6月
        for q in qs:
            self.by_value.setdefault(_vkey(q), []).append(q)
            if q.unit == "月日" and q.low == q.high:
                self.months.add(int(q.low) // 100)

    def has(self, q: Quantity) -> bool:
        if any(same_quantity(q, other) for other in self.by_value.get(_vkey(q), ())):
            return True
        return self._month_of_date(q)

    def take(self, q: Quantity, rank=None, exact=None) -> Quantity | bool:
        """Like has(), but uses up the matching occurrence and returns it (months of dates are never
        used up: True). Of several: the first `exact` one, else the best-ranked (the first on a tie)."""
        bucket = self.by_value.get(_vkey(q), [])
        hits = [i for i, other in enumerate(bucket) if same_quantity(q, other)]
        if hits:
            pick = hits[0]
            if rank is not None and len(hits) > 1:
                pick = next((i for i in hits if exact(bucket[i])), None) if exact is not None else None
                if pick is None:
                    pick = max(hits, key=lambda i: rank(bucket[i]))
            return bucket.pop(pick)
        return self._month_of_date(q)

    def _month_of_date(self, q: Quantity) -> bool:
        return q.kind == "date" and q.unit == "月" and q.low == q.high and not q.qualifier and int(q.low) in self.months


def _vkey(q: Quantity) -> tuple[float, float]:
    return (round(q.low, 4), round(q.high, 4))


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ").strip()


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)
