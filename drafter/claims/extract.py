"""Named claims found in text: honours with their level, bodies, media, quoted names and documents.

One pass per pattern, the kinds in order of precedence (an honour's quoted title is not also a
name; a medium's “…”公众号 is not also a name). Names with a numeral (“一网三联”, 《第二十条》) belong to the
number check's names and are left to it; the genre's stock lines are no claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import patterns as p

__all__ = ["Claim", "find_claims", "STOCK_LINES", "stock_set", "is_stock_name"]

KINDS = ("honour", "body", "medium", "name")
_NUMERAL = re.compile(r"[0-9０-９一二两三四五六七八九十廿卅]")  # as the number check's names
_SENTENCE = re.compile(r"[，。！？；,!?;]")
_HONOUR_LEVEL = re.compile(r"国家级|全国|国家|省级|全省|市级|全市|州级|区级|县级|全区|全县|街道级|镇级|(?<![社小园城片辖景校])[省市州区县镇](?=“|[^\W\d_A-Za-z])")
_SEPARATORS = "、和及与,，以并 "
_LEVEL_IN_QUOTES = re.compile(r"“(国家级|全国|全省|全市|全区|全县|省级|市级|区级|县级|街道级)")
# an honour hoped for is no claim: 争创全国文明城市, 力争被评为省级示范社区
_ASPIRED = re.compile(r"(?:争创|创建|争取|力争|申报|申创|迎接|巩固|助力|冲刺|迎检|备战|参评|推荐)[^，,。；;\n]{0,3}$")


@dataclass(frozen=True)
class Claim:
    kind: str  # honour | body | medium | name
    text: str  # as written
    start: int
    end: int
    core: str  # canonical: what must be in the other text (level words and quotes dropped)
    level: str = ""  # 国家级 | 省级 | 市级 | 区（县）级 | 街道级 | 社区级 | ""
    what: str = ""  # honour | document | body | medium | name | account: for the Chinese messages


def _load_stock() -> tuple[str, ...]:
    text = Path(__file__).with_name("stock_lines.txt").read_text(encoding="utf-8")  # package data, beside this module
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


STOCK_LINES: tuple[str, ...] = _load_stock()


@lru_cache(maxsize=16)
def stock_set(extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The stock lines (shipped plus drafter.toml's), canonical."""
    return frozenset(p.canon(s) for s in STOCK_LINES + extra if s.strip())


_MEETING = re.compile(r"全会|大会|会议|[一二三四五六七八九十]大$|公报|决定|纲要|规划")
_FIRST_SECTION = re.compile(r"^(?:#{2,}\s|[一二三四五六七八九十]+、)", re.M)


def is_stock_name(name: str, start: int, text: str, extra: tuple[str, ...] = ()) -> bool:
    """Whether a name the number check found (“最后一米”, 二十届三中全会) is one of the genre's stock lines here:
    anywhere for a slogan; only in the opening (before the first section) for a meeting or document,
    which a work item names as a claim."""
    if p.canon(name) not in stock_set(tuple(extra)):
        return False
    if not _MEETING.search(name):
        return True
    first = _FIRST_SECTION.search(text)
    return first is None or start < first.start()


def find_claims(text: str, *, stock: frozenset[str] | None = None) -> list[Claim]:
    """The named claims of a text, in reading order, none overlapping another."""
    stock = stock_set() if stock is None else stock
    found: list[Claim] = []

    taken_at = bytearray(len(text) + 1)  # 1 where a claim already stands
    first = _FIRST_SECTION.search(text)
    opening_end = first.start() if first else len(text)

    def add(c: Claim | None) -> None:
        if c is None or not c.core or any(taken_at[c.start : c.end]):
            return
        if c.kind == "honour" and _ASPIRED.search(text, max(0, c.start - 8), c.start):
            taken_at[c.start : c.end] = b"\x01" * (c.end - c.start)
            return
        stock_here = c.core in stock or p.canon(c.text) in stock
        if stock_here and c.what == "document" and c.start >= opening_end:
            stock_here = False  # 《民法典》 in the opening is the genre's; a work item that names it makes a claim
        if not stock_here:  # a stock line stands there: nothing inside it is a claim
            found.append(c)
        taken_at[c.start : c.end] = b"\x01" * (c.end - c.start)

    for m in p.HONOUR.finditer(text):
        base = m.start("titles")
        weak = m.group(0).startswith("获得")  # 获得“红色管家”志愿服务队的帮助: no honour without a head word
        for t in p.HONOUR_TITLE.finditer(m.group("titles")):
            if weak and not p.HONOUR_HEAD.search(t.group(0)):
                continue
            add(_honour(text, base + t.start(), base + t.end()))
    for m in p.LEVELLED_HONOUR.finditer(text):
        add(_honour(text, m.start(), m.end()))
    for m in p.MEDIUM_FIXED.finditer(text):
        add(Claim("medium", m.group(0), m.start(), m.end(), p.canon(m.group(0)), what="medium"))
    for m in p.MEDIUM_ACCOUNT.finditer(text):
        add(Claim("medium", m.group(0), m.start(), m.end(), p.canon(m.group("account") or m.group("named")), what="account"))
    for m in p.MEDIUM_LEVELLED.finditer(text):
        add(_named_medium(text, m, levelled=True))
    for m in p.MEDIUM_NAMED.finditer(text):
        add(_named_medium(text, m, levelled=False))
    for m in p.BOOK.finditer(text):
        inner = m.group("inner")
        if _NUMERAL.search(inner):
            continue  # 《2024年工作要点》: a numbered name, the number check's
        kind = "medium" if p.book_is_medium(inner) else "name"
        add(Claim(kind, m.group(0), m.start(), m.end(), p.canon(inner), what="medium" if kind == "medium" else "document"))
    for m in p.BODY.finditer(text):
        if text[m.end() : m.end() + 1] in p.BODY_NOT_AFTER and m.end() < len(text):
            continue
        level, start = p.prefix_level(text, m.start())
        if m.group(0) in p.OWN_FACILITIES and level in ("", "社区"):
            continue  # the community's own 党群服务中心: where the work was done, no claim
        rank = p.level_of(level.rstrip("委")) if level else ""
        add(Claim("body", text[start : m.end()], start, m.end(), p.canon(m.group(0)), rank, "body"))
    for m in p.BODY_GENERIC.finditer(text):
        add(Claim("body", m.group(0), m.start(), m.end(), p.canon(m.group(1)), p.level_of(m.group(0)[0]), "body"))
    for m in p.QUOTED.finditer(text):
        inner = m.group("inner") or m.group("ascii") or m.group("corner")
        if _NUMERAL.search(inner) or _SENTENCE.search(inner) or inner.strip() != inner:
            continue
        if not (p.NAME_AFTER.match(text, m.end()) or p.NAME_HEAD_END.search(inner) or p.NAME_VERB.search(text, max(0, m.start() - 3), m.start())):
            continue
        add(Claim("name", m.group(0), m.start(), m.end(), p.canon(inner), what="name"))
    found.sort(key=lambda c: c.start)
    return found


def _honour(text: str, start: int, end: int) -> Claim | None:
    while start < end and text[start] in _SEPARATORS:
        start += 1
    if text.count("“", start, end) > text.count("”", start, end):  # the title ended inside its quotes
        close = text.find("”", end, end + 15)
        if close >= 0:
            end = close + 1
    title = text[start:end]
    level = ""
    core_from = 0
    m = _HONOUR_LEVEL.search(title[:8])
    if m and "“" not in title[: m.start()]:
        level = p.level_of(m.group(0)) or p.level_of(m.group(0)[-1])
        core_from = m.end()
    core = title[core_from:]
    core = re.sub(r"等?(?:荣誉称号|称号|荣誉)$|等$", "", core)
    inside = _LEVEL_IN_QUOTES.match(core)  # “市级物业管理示范社区”: the level written inside the quotes
    if inside and not level:
        level = p.level_of(inside.group(1))
        core = core[: inside.start(1)] + core[inside.end(1) :]
    core = re.sub(r"^(?:[0-9]{4}年度?|年度)", "", core)
    core = p.canon(core)
    if len(core) < 2 or (len(core) < 3 and "“" not in title):
        return None
    return Claim("honour", title, start, end, core, level, "honour")


def _named_medium(text: str, m: re.Match[str], *, levelled: bool) -> Claim | None:
    """区融媒体中心 (a level and a kind of outlet) or 延边日报 (a name and a kind): the words before the match
    decide which, function words (在, 被, 和) cut off."""
    suffix = m.group(0)
    prefix = p.strip_function_words(p.han_before(text, m.start()))
    for n in range(len(prefix)):  # 在市电视台: the level is the last word before the outlet
        if p.level_of(prefix[n:]) and (levelled or n == 0):
            lv = prefix[n:]
            return Claim("medium", lv + suffix, m.start() - len(lv), m.end(), p.canon(suffix), p.level_of(lv), "medium")
    if len(prefix) < 2:
        return Claim("medium", suffix, m.start(), m.end(), p.canon(suffix), what="medium") if levelled else None
    return Claim("medium", prefix + suffix, m.start() - len(prefix), m.end(), p.canon(prefix + suffix), what="medium")
