"""Numeral-bearing names (一网三联, 1+7+3, 二十届三中全会) and template leftovers (20xx年, XX社区) in Chinese text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .numerals import normalize_text
from .setphrases import NUMERAL_CHARS, SetPhrases, build_set_phrases

__all__ = ["Name", "Placeholder", "find_names", "find_placeholders", "canonical_name", "needs_canonical", "mask", "as_set_phrases"]

_MASK = "\x00"


@dataclass(frozen=True)
class Name:
    """A numeral-bearing name (一网三联, 1+7+3, 二十届三中全会): must be copied, never changed."""

    text: str  # the name itself, quotes stripped
    start: int
    end: int

    @property
    def canonical(self) -> str:
        """One spelling per name: 第十八届中央委员会第六次全体会议 → 十八届六中全会, half-width punctuation."""
        return canonical_name(self.text)

    @property
    def skeleton(self) -> str:
        """The name with its numerals blanked: 一网三联 and 一网四联 share '#网#联'."""
        return re.sub(f"[0-9{NUMERAL_CHARS}]+", "#", self.text)


_LONG_PLENUM = re.compile(r"第([一二三四五六七八九十]{1,3})届中央委员会第([一二三四五六七八九十]{1,2})次全体会议")
_PUNCT_WIDTH = str.maketrans("，；：！？（）", ",;:!?()")


def needs_canonical(name: str) -> bool:
    """Whether a name has more than one spelling (a plenum's long form, full- or half-width punctuation)."""
    return "届" in name or any(ch in name for ch in "，；：！？（）,;:!?()")


def canonical_name(text: str) -> str:
    """The form names are compared in: 第十八届中央委员会第六次全体会议 = 十八届六中全会; ， = ,."""
    return _LONG_PLENUM.sub(lambda m: f"{m.group(1)}届{m.group(2)}中全会", normalize_text(text)).translate(_PUNCT_WIDTH)


@dataclass(frozen=True)
class Placeholder:
    text: str
    start: int
    end: int



def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans (same length), so later patterns cannot match inside them."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for s, e in sorted(spans):
        s = max(s, pos)
        if e <= s:
            continue
        pieces += [text[pos:s], _MASK * (e - s)]
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces)


# ---------------------------------------------------------------- names


# Paired quotes and book titles. ASCII quotes are paired in order within a line (see _ascii_quoted),
# because a regex would pair the closing quote of a long token with the next opening one.
_QUOTED = re.compile(r"“([^“”\n。，；]{1,15})”|「([^「」\n。，；]{1,15})」|『([^『』\n。，；]{1,15})』|《([^《》\n]{1,25})》")
_SLOGAN_WORD = r"(?![零〇一二两三四五六七八九十百千万是要个次名人位年月日天批家项条场期支户件为和与或及至到分成届点余多来几])[\u4e00-\u9fff]"
_NAME_PATTERNS = re.compile(
    r"第[一二三四五六七八九十]{1,3}届中央委员会第[一二三四五六七八九十]{1,2}次全体会议"  # the long form of 十八届六中全会
    r"|[一二三四五六七八九十]{1,3}届[一二三四五六七八九十]{1,2}中(?:[、和][一二三四五六七八九十]{1,2}中)*全会"
    r"|(?<=党的)[一二三四五六七八九十]{2,3}大"
    r"|(?:建党|建国|建军|建校|抗战胜利|改革开放|新中国成立|成立)[0-9一二两三四五六七八九十百]+周年"
    r"|[0-9](?<![0-9][0-9])(?>[0-9]*)(?:\s*\+\s*[0-9]+)+"  # starts only at a digit run's start: linear
    # slogans: numeral, word, numeral, word (一网三联, 四旁三包, 二无一提高)
    rf"|[一二两三四五六七八九十](?<![0-9零〇一二两三四五六七八九十百千万第].){_SLOGAN_WORD}[一二两三四五六七八九十]{_SLOGAN_WORD}"
)
# A name needs a real numeral: “零距离” and “万步工作法” are not numbered things.
_NAME_NUMERAL = re.compile(r"[0-9一二两三四五六七八九十廿卅]")


def find_names(text: str, *, set_phrases: SetPhrases | Iterable[str] | None = None) -> list[Name]:
    """Numeral-bearing names: quoted tokens with a numeral (“一网三联”, "1+7+3", 《第二十条》),
    party plenums (二十届三中全会), anniversaries (建党90周年), formulas (1+7+3), slogans (四旁三包).

    Whole set phrases (“一帮一”, “两委”) are not names.
    """
    sp = _set_phrases(set_phrases)
    norm = normalize_text(text)
    names: list[Name] = []
    taken: list[tuple[int, int]] = []
    quoted = [(m.span(), next(m.span(g) for g in range(1, 5) if m.group(g) is not None)) for m in _QUOTED.finditer(norm)]
    for outer, (s, e) in quoted + _ascii_quoted(norm):
        taken.append(outer)
        inner = norm[s:e]
        # numerals that only belong to set phrases (“两手抓、两手硬”) do not make a name
        if _NAME_NUMERAL.search(_mask(inner, sp.spans(inner))):
            names.append(Name(text=text[s:e], start=s, end=e))
    masked = _mask(norm, taken)
    for m in _NAME_PATTERNS.finditer(masked):
        if not _inside_set_phrase(m.span(), masked, sp) and not _starts_in_set_phrase(m, masked, sp):
            names.append(Name(text=text[m.start() : m.end()], start=m.start(), end=m.end()))
    return sorted(names, key=lambda n: n.start)


def _ascii_quoted(norm: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    if '"' not in norm:
        return out
    for line in re.finditer(r'[^\n]*"[^\n]*', norm):
        marks = [m.start() for m in re.finditer('"', line.group())]
        for a, b in zip(marks[0::2], marks[1::2]):
            inner = line.group()[a + 1 : b]
            if 1 <= len(inner) <= 15 and not any(c in inner for c in "。，；"):
                base = line.start()
                out.append(((base + a, base + b + 1), (base + a + 1, base + b)))
    return out


def _set_phrases(value: SetPhrases | Iterable[str] | None) -> SetPhrases:
    """A compiled list as is; extra phrases (e.g. Settings.extra_set_phrases) on top of the default list."""
    if isinstance(value, SetPhrases):
        return value
    return build_set_phrases(tuple(value or ()))


def _starts_in_set_phrase(m: re.Match[str], text: str, sp: SetPhrases) -> bool:
    """一对一结对, 一帮一结对: a slogan shape whose first characters are a set phrase."""
    if m.group()[0] not in NUMERAL_CHARS or "届" in m.group():
        return False
    window = text[m.start() : m.end()]
    return any(s == 0 and e < len(window) for s, e in sp.spans(window))


def _inside_set_phrase(span: tuple[int, int], text: str, sp: SetPhrases) -> bool:
    lo = max(0, span[0] - 8)
    window = text[lo : span[1] + 8]
    return any(s + lo <= span[0] and span[1] <= e + lo for s, e in sp.spans(window))


# ---------------------------------------------------------------- placeholders

# Every branch starts with a character (class) and checks what came before it afterwards, so the
# regex engine can skip ahead (see setphrases.PATTERNS).
_PLACEHOLDER_UNITS = "[年月日名人个户次班届期份号社街村镇区县市]"
_PLACEHOLDER = re.compile(
    rf"[0-9](?<![A-Za-z0-9][0-9])[0-9]{{0,3}}[xX×]{{1,4}}[0-9]{{0,4}}{_PLACEHOLDER_UNITS}"  # 20xx年, 300x名
    rf"|[xX×](?<![A-Za-z0-9][xX×])[xX×]{{0,3}}[0-9]{{0,4}}{_PLACEHOLDER_UNITS}"  # x年, XX社区
    r"|[xX](?<![A-Za-z][xX])[xX]+(?![A-Za-z])"  # XX大
    r"|×(?<![0-9]×)(?=[\u4e00-\u9fff])"  # ×市
    r"|[0-9](?<![0-9][0-9])[0-9]{0,3}(?:[_＿]+[0-9]{0,4}|-{2,}(?=[年月]))"  # 20__, 20_, 20--年
    r"|[_＿]+[0-9]{0,4}|-{3,}|某某+|\*\*|\{\{[^{}\n]{0,40}\}\}|□+|○{2,}"
)


def find_placeholders(text: str) -> list[Placeholder]:
    """Template leftovers: 20xx年, XX社区, x年, __社区, 20_, ---, **, 某某, {{name}}, □□."""
    return [Placeholder(text=m.group(), start=m.start(), end=m.end()) for m in _PLACEHOLDER.finditer(text)]


mask = _mask
as_set_phrases = _set_phrases
