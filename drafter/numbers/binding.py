"""Binding: what each quantity is said of, and the draft quantities said of the wrong thing.

A number is proven only when it is said of the same thing as in its fact: 党员41名，其中支委成员5名
in the notes does not prove a draft's 党员5名，其中支委成员41名, although both values are there.

Every quantity, in the notes and in the draft, gets the words its clause attaches to it: the words
before it back to the previous quantity or clause break (党员41名), the words after it when it
stands first (41名党员), the item of a 分别 list in order (党课、主题党日分别开展2次、6次), and a noun
the clause elides, carried from the clause before (东区举办广场舞比赛12场，西区举办8场: the 8场 are
广场舞比赛 too). Words are compared as character bigrams (and, more weakly, single characters).

The comparison is contrastive, so a faithful paraphrase passes: a draft quantity whose value matches
fact quantity S is misbound only when another fact quantity O of the same unit and kind, with another
value, fits its words clearly better, counting only the words that tell O and S apart. Pure and
light: no model, no embedding; a few set operations per quantity.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .quantities import Quantity, same_quantity

__all__ = ["Binding", "Bindings", "MisboundItem", "Misbinding", "bind", "find_misbound", "binding_score"]

# A clause ends here. 、 separates list items; an item without a number joins the next one.
_HARD_BREAK = re.compile(r"[，,。；;！？!?\n（）()【】\[\]：:]")
_LIST_BREAK = "、"
# quotes and markup carry no meaning (a translate table: a regex with \s costs ms to compile at start-up)
_DROP = str.maketrans("", "", "“”\"'‘’《》「」『』 \t\r\n\u3000*#>-—·|\x00")
# Characters too common to tell two things apart on their own (they still count inside bigrams).
_STOP_CHARS = set("的了和与及等共计有为是在将对把被又也还并均各达约近其中全年累计开展组织举办进行参加人次名个项场")
_UNIGRAM_WEIGHT = 0.4
# Thresholds of "clearly better" (see find_misbound).
_SOLE_EVIDENCE = 1.0  # the words point only to the other fact: one distinctive bigram is enough
_CLEAR_EVIDENCE = 2.5  # the words point to both: the other must win by this much, and threefold
_CLEAR_RATIO = 3.0
_LEADING_WORDS = re.compile(r"^(?:[一二三四五六七八九十]+是|其中|另外|此外|同时|并且|以及|共计|共有|现有|累计|全年|合计|总计|分别|并|共|有|和|及|与|为|是|达)+")
_SAID_OF_CHARS = 10
_LOOK_BACK = 20
_LOCAL = 8
_LOCAL_CUT = re.compile(r"[。；;！？!?\n]")
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")
_TRAILING_WORDS = re.compile(r"(?:达到|达|为|是|约|近|共|有|了)+$")
_OWNER_VERB = re.compile(r"现有|共有|拥有|其中|包括")


@dataclass(frozen=True)
class Binding:
    """What one quantity is said of: its clause words (for display) and their grams.

    A shared bigram weighs 1, a shared single character 0.4 (see _UNIGRAM_WEIGHT)."""

    before: str  # the clause's words before the quantity, as written
    after: str  # and after it, when they are said of it (41名党员)
    bigrams: frozenset[str]
    chars: frozenset[str]
    earlier: str = ""  # the clause before, when this one names nothing (…存储，共2.14G)

    @property
    def words(self) -> str:
        """The words a person would name the thing by (computed only for a report): 支委成员."""
        before, after = _said_of(_clean(self.before)), _said_of(_clean(self.after))
        if after and len(before) <= 2:
            return after  # 组织5期书法培训: the thing counted follows the number
        return before or _said_of(_clean(self.earlier))

    @property
    def empty(self) -> bool:
        return not self.bigrams and not self.chars


@dataclass(frozen=True)
class MisboundItem:
    """A draft quantity whose value is in the notes but which the draft says of another thing."""

    quantity: str  # as written in the draft
    context: str
    start: int
    end: int
    line: int
    said_of: str  # the draft's words for it
    fact_id: str  # the fact whose value it carries
    fact: str
    expected: dict  # what the notes give for said_of: {"quantity", "fact_id", "fact", "said_of"}
    carries: str = ""  # what the value is said of in its own fact, e.g. 党员

    def message(self) -> str:
        """One line a person understands: 第2行 “支委成员41名”：笔记中支委成员为5名（f1），41名说的是党员（f1）."""
        e = self.expected
        own = f"，{self.quantity}说的是{self.carries}（{self.fact_id}）" if self.carries else f"，{self.quantity}出自{self.fact_id}"
        return f"第{self.line}行 “{self.said_of}{self.quantity}”：笔记中{e['said_of'] or '此处'}为{e['quantity']}（{e['fact_id']}）{own}"


@dataclass(frozen=True)
class Misbinding:
    """find_misbound's finding: the draft quantity, and the indices of the fact quantities involved."""

    draft_index: int  # into the draft quantities
    source: int  # the fact quantity whose value it carries
    expected: int  # the fact quantity its words point to


def bind(text: str, qs: Sequence[Quantity]) -> Bindings:
    """The binding of each quantity of `text` (found by find_quantities, in order), worked out when
    first asked for: most quantities never need theirs."""
    return Bindings(text, qs)


class Bindings(Sequence[Binding]):
    """The bindings of a text's quantities, computed one clause at a time on demand."""

    def __init__(self, text: str, qs: Sequence[Quantity]) -> None:
        self.text = text
        self.qs = qs
        self.starts = [q.start for q in qs]
        self.chunks: list[tuple[int, int]] | None = None
        self.chunk_starts: list[int] = []
        self.raw: dict[int, Binding] = {}
        self.done: dict[int, Binding] = {}

    def local(self, k: int) -> tuple[str, str]:
        """The few characters around quantity k, within its sentence: a draft that copies its fact's
        wording there binds its number the same way, and needs no binding worked out."""
        q, text = self.qs[k], self.text
        before = _LOCAL_CUT.split(text[max(0, q.start - _LOCAL) : q.start])[-1]
        after = _LOCAL_CUT.split(text[q.end : q.end + _LOCAL])[0]
        return before, after

    def __len__(self) -> int:
        return len(self.qs)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        found = self.done.get(k)
        if found is None:
            found = self.done[k] = self._carried(k)
        return found

    def _clause(self, k: int) -> Binding:
        if k not in self.raw:
            if self.chunks is None:
                qs = self.qs
                inside = {q.start + i for q in qs if "," in q.text or "，" in q.text for i, ch in enumerate(q.text) if ch in ",，"}
                self.chunks = _chunks(self.text, inside)  # 1,000 is one number, not two clauses
                self.chunk_starts = [c[0] for c in self.chunks]
            q = self.qs[k]
            ci = bisect.bisect_right(self.chunk_starts, q.start) - 1
            cs, ce = self.chunks[ci] if ci >= 0 else (0, len(self.text))
            members = list(range(bisect.bisect_left(self.starts, cs), bisect.bisect_left(self.starts, ce)))
            out: dict[int, Binding] = {}
            listed = _respectively(self.text[cs:ce], cs, [self.qs[i] for i in members])
            if listed is not None:
                for i, (item, verb) in zip(members, listed):
                    out[i] = _binding(item, "", verb)
            else:
                _bind_clause(self.text, cs, ce, self.qs, members, out)
            first = out.get(members[0]) if members else None
            if first is not None and len(first.bigrams) < 2:
                # 课程资料以课件、视频存储，共2.14G: the clause says nothing of the thing; the one before does
                back = _SENTENCE_BREAK.split(self.text[max(0, cs - _LOOK_BACK) : cs])[-1]
                more_bi, more_chars = _grams(back)
                out[members[0]] = Binding(first.before, first.after, first.bigrams | more_bi, first.chars | more_chars, back)
            self.raw.update(out)
        return self.raw.get(k, _NOTHING)

    def _carried(self, k: int) -> Binding:
        own = self._clause(k)
        if k == 0 or own is _NOTHING:
            return own
        carried = _elided(self.text, self.qs[k - 1], self.qs[k])
        if not carried:
            return own
        more_bi, more_chars = _grams(carried)
        return Binding(own.before, own.after, own.bigrams | more_bi, own.chars | more_chars, own.earlier)


def _chunks(text: str, inside: set[int]) -> list[tuple[int, int]]:
    """Clauses between hard breaks; 、 items without a number are left inside (组织党员、群众200余人)."""
    spans = []
    start = 0
    for m in _HARD_BREAK.finditer(text):
        if m.start() in inside:
            continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _bind_clause(text: str, cs: int, ce: int, qs: Sequence[Quantity], members: list[int], out: dict) -> None:
    """Within one clause: split at 、 between numbered items; each quantity takes the words before it
    (back to the previous quantity or item break) and, when it stands first, the words after it."""
    # item breaks: a 、 after a quantity ends that item (主题党日活动6次、党课2次)
    for idx, k in enumerate(members):
        q = qs[k]
        prev_end = qs[members[idx - 1]].end if idx else cs
        nxt = qs[members[idx + 1]].start if idx + 1 < len(members) else ce
        before = text[prev_end : q.start]
        if idx:
            cut = before.find(_LIST_BREAK)
            if cut >= 0 and not before[:cut].strip(_LIST_BREAK + " "):
                before = before[cut + 1 :]
        after = text[q.end : nxt]
        cut = after.find(_LIST_BREAK)
        if cut >= 0:
            after = after[:cut]  # 组织5期书法培训、3期摄影培训: up to the item's end
        elif idx + 1 < len(members) and _words_only(before):
            # with another number right after and words before, what follows is the next one's owner
            # (东区12场西区8场)
            after = ""
        binding = _binding(before, after)
        if idx and _modifies(qs[members[idx - 1]], q, before):
            # 60岁以上老兵64名、80岁以上老兵9名: the owners differ only by a number that modifies them;
            # that number (a value and unit, never a word) is part of what 64名 is said of
            p = qs[members[idx - 1]]
            token = frozenset({f"{p.low:g}{p.unit}{p.qualifier}"})
            binding = Binding(binding.before, binding.after, binding.bigrams | token, binding.chars, binding.earlier)
        out[k] = binding


def _modifies(p: Quantity, q: Quantity, between: str) -> bool:
    """Whether p (60岁以上, 3星级) qualifies the owner of q: another unit, and only a few words between."""
    return p.unit != q.unit and 0 < len(between) <= 6 and between == _words_only(between) and _LIST_BREAK not in between


def _respectively(chunk: str, offset: int, qs: list[Quantity]) -> list[tuple[str, str]] | None:
    """党课、主题党日分别开展2次、6次: the k-th item goes with the k-th quantity after 分别."""
    at = chunk.find("分别")
    if at < 0:
        return None
    items = [s for s in re.split(r"[、和与及]", chunk[:at]) if _clean(s)]
    after = [q for q in qs if q.start >= offset + at]
    if len(items) < 2 or len(after) != len(items) or len(after) != len(qs):
        return None
    verb = chunk[at + 2 : after[0].start - offset]  # 开展: said of every item
    return [(item, verb) for item in items]


def _clean(s: str) -> str:
    return s.translate(_DROP)


def _binding(before: str, after: str, shared: str = "") -> Binding:
    """shared: words said of several quantities at once (the verb of a 分别 list): grams only."""
    bigrams, chars = _grams(before)
    for more in (after, shared):
        if more:
            more_bi, more_chars = _grams(more)
            bigrams, chars = bigrams | more_bi, chars | more_chars
    return Binding(before=before, after=after, bigrams=bigrams, chars=chars)


def _said_of(words: str) -> str:
    """The words a person would name the thing by: 阿娄社区党支部现有党员 → 党员."""
    said = re.split(r"[^\u4e00-\u9fff]", words)[-1] or words  # “96210”就业… → 就业…
    said = _LEADING_WORDS.sub("", said) or said
    cut = max((m.end() for m in _OWNER_VERB.finditer(said)), default=0)
    if len(said) - cut >= 2:
        said = said[cut:]
    said = _TRAILING_WORDS.sub("", said) or said
    return said[-_SAID_OF_CHARS:]


def _grams(s: str) -> tuple[frozenset[str], frozenset[str]]:
    s = _words_only(s)
    return frozenset(s[i : i + 2] for i in range(len(s) - 1)), frozenset(s) - _STOP_CHARS


def _words_only(s: str) -> str:
    """Chinese characters and Latin letters: digits, punctuation and masks carry no words."""
    return "".join(ch for ch in s if "\u4e00" <= ch <= "\u9fff" or ("a" <= ch.lower() <= "z"))
_NOTHING = Binding("", "", frozenset(), frozenset())


def _elided(text: str, p: Quantity, q: Quantity) -> str:
    """东区举办广场舞比赛12场，西区举办8场: the second clause elides 广场舞比赛; carry it over.

    Carried only between neighbouring clauses of one sentence, for the same unit, when the second
    clause repeats the first's verb (举办) or is no more than an owner (西区8场): what follows the
    shared verb in the first clause is the elided noun.
    """
    if p.unit != q.unit or not q.unit:
        return ""
    between = text[p.end : q.start]
    if len(between) > 24 or _SENTENCE_BREAK.search(between) or "其中" in between:
        return ""
    mine = _clean(re.split(r"[，,、]", between)[-1])
    # the first clause's words: back to its start or to a number before it (never across a line)
    theirs = _clean(re.split(r"[，,。；;！？!?\n、：:（）()0-9]", text[max(0, p.start - 24) : p.start])[-1])
    carried = ""
    common = _shared_tail_word(mine, theirs)
    if common:
        carried = theirs[theirs.rfind(common) + len(common) :]
    elif 0 < len(mine) <= 2 and len(theirs) > len(mine) + 1:
        carried = theirs[len(mine) :]
    elif len(mine) >= 2 and len(theirs) > len(mine) + 1 and mine[-1] == theirs[-1] and not _grams(mine)[0] & _grams(theirs)[0]:
        carried = theirs[: -len(mine)]  # 就业援助服务成功率92%，知晓率95%: the same owner's 率
    return carried if len(carried) >= 2 else ""


def _shared_tail_word(mine: str, theirs: str) -> str:
    """The last two or more characters of `mine` that also stand in `theirs` (the repeated verb)."""
    for size in (3, 2):
        if len(mine) > size and mine[-size:] in theirs:
            return mine[-size:]
    return ""


def binding_score(a: Binding, b: Binding) -> float:
    """How well two bindings agree: the weight of the grams they share."""
    return len(a.bigrams & b.bigrams) + _UNIGRAM_WEIGHT * len(a.chars & b.chars)


def _exclusive(d: Binding, x: Binding, y: Binding) -> float:
    """The weight of d's grams that x has and y has not: evidence for x against y."""
    return len((d.bigrams & x.bigrams) - y.bigrams) + _UNIGRAM_WEIGHT * len((d.chars & x.chars) - y.chars)


def find_misbound(
    draft_qs: Sequence[Quantity],
    draft_bindings: Sequence[Binding],
    fact_qs: Sequence[Quantity],
    fact_bindings: Sequence[Binding],
    *,
    skip: set[int] | frozenset[int] = frozenset(),
) -> list[Misbinding]:
    """Draft quantities whose value matches a fact quantity but whose words point to another.

    For draft quantity d with same-value fact quantities S (the best-fitting one, s) and fact
    quantities O of the same unit and kind with another value: d is misbound to o in O when the
    words that tell o from s are d's (evidence E_o) and none that tell s from o are (E_s = 0,
    E_o >= 1), or E_o >= 2.5 and E_o >= 3 E_s. `skip`: draft indices not to judge (a year the
    front matter gives). Only fact quantities sharing a bigram with d are looked at, so the cost
    stays near-linear.
    """
    values = [_value(q) for q in fact_qs]
    grouped: dict[tuple[str, str], list[int]] = {}
    for i, q in enumerate(fact_qs):
        if q.unit and not q.weak:
            grouped.setdefault((q.unit, q.kind), []).append(i)
    pools: dict[tuple[str, str], _Pool] = {}
    for key, members in grouped.items():
        if len({values[i] for i in members}) >= 2:  # one value only: nothing to confuse it with
            pool = pools[key] = _Pool(fact_bindings)
            for i in members:
                pool.add(i, values[i])
    found: list[Misbinding] = []
    for di, d in enumerate(draft_qs):
        if di in skip or d.weak or not d.unit:
            continue
        pool = pools.get((d.unit, d.kind))
        if pool is None:
            continue
        value = _value(d)
        same = [i for i in pool.by_value.get(value, ()) if same_quantity(d, fact_qs[i])]
        if not same:
            continue
        if isinstance(draft_bindings, Bindings) and isinstance(fact_bindings, Bindings):
            mine = draft_bindings.local(di)
            if any(fact_bindings.local(i) == mine for i in same):
                continue  # worded as in its fact: bound as in its fact
        db = draft_bindings[di]
        if not db.bigrams:
            continue
        s = max(same, key=lambda i: binding_score(db, fact_bindings[i]))
        sb = fact_bindings[s]
        if db.bigrams <= sb.bigrams:
            continue  # every word the draft says of it, its own fact says too: nothing can fit better
        best: tuple[float, int] | None = None
        for o in sorted(pool.sharing(db.bigrams)):
            if values[o] == value:
                continue
            e_o = _exclusive(db, fact_bindings[o], sb)
            if e_o < _SOLE_EVIDENCE:
                continue
            e_s = _exclusive(db, sb, fact_bindings[o])
            # when its own fact says little of what the value counts, silence is no evidence
            sole = e_s == 0 and len(sb.bigrams) >= 2
            if sole or (e_o >= _CLEAR_EVIDENCE and e_o >= _CLEAR_RATIO * e_s):
                if best is None or e_o - e_s > best[0]:
                    best = (e_o - e_s, o)
        if best is not None:
            found.append(Misbinding(draft_index=di, source=s, expected=best[1]))
    return found


def _value(q: Quantity) -> tuple[float, float]:
    return (round(q.low, 6), round(q.high, 6))


class _Pool:
    """The fact quantities of one unit and kind, by value and by bigram (indexed when first asked)."""

    def __init__(self, bindings: Sequence[Binding]) -> None:
        self.bindings = bindings
        self.by_value: dict[tuple[float, float], list[int]] = {}
        self.members: list[int] = []
        self.by_gram: dict[str, list[int]] | None = None

    def add(self, i: int, value: tuple[float, float]) -> None:
        self.by_value.setdefault(value, []).append(i)
        self.members.append(i)

    def sharing(self, bigrams: frozenset[str]) -> set[int]:
        if self.by_gram is None:
            self.by_gram = {}
            for i in self.members:
                for g in self.bindings[i].bigrams:
                    self.by_gram.setdefault(g, []).append(i)
        return {i for g in bigrams for i in self.by_gram.get(g, ())}
