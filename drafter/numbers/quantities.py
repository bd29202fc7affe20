"""Quantities in Chinese text: find them, normalise them, tell set phrases and names apart.

The room's reader in four modules: numerals (numerals to values), units (the Quantity, measure words,
qualifiers, sameness), names (numeral-bearing names, placeholders) and this one (the scan). This
module keeps re-exporting their public names, so `drafter.numbers.quantities` imports stay valid.

A quantity is a number as written plus what it counts: `300多人`, `12支`, `两次`, `近1000名`,
`1万以上`, `85%`, `八成五`, `2.14G`, `11月14日`, `2023年`, `第3名`, `三月至5月`, `十几个`.
Pure and light on purpose: `drafter check` must start fast, so this module imports only `re`
and converts Chinese numerals itself (cn2an costs 130 ms to import and turns set phrases such as
三个代表 or 统一 into numbers when given whole sentences).

How a text is read, in order:
1. full-width forms become ASCII (`１２％` → `12%`), 兩 becomes 两; offsets never move;
2. set phrases (drafter.setphrases), list numbering and numeral-bearing names are masked;
3. dates, times, percentages written in words and fractions are read by their own patterns;
4. everything else by one pattern: [qualifier] numeral [多/余/来] [measure word] [以上/左右/…];
5. `A至B`, `A-B`, `A~B` with compatible parts become one range.

A bare Chinese numeral without a measure word or a qualifier (`三结合`, `十佳`) is not a quantity:
in this genre those are slogans. `一` with a measure word (`一名`, `一次`) is a quantity but *weak*:
the genre uses it as an article ("每个网格确定一名网格员"), so the check never reports a weak
draft quantity as unsupported and never requires a weak fact quantity; a weak fact quantity still
supports a draft that writes `1名`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from .names import Name, Placeholder, canonical_name, find_names, find_placeholders, needs_canonical
from .names import as_set_phrases as _set_phrases
from .names import mask as _mask
from .numerals import _CN_BIG, _CN_DIGITS, _CN_UNITS, cn_to_number, normalize_text, parse_number
from .setphrases import NUMERAL_CHARS, SetPhrases
from .units import DURATION_UNITS as _DURATION_UNITS
from .units import QUALIFIER_CLASSES, Quantity, same_quantity, units_compatible
from .units import UNIT_ALT as _UNIT_ALT
from .units import UNIT_INFO as _UNIT_INFO
from .units import unit_blocked as _unit_blocked

__all__ = [
    "Quantity",
    "Name",
    "Placeholder",
    "find_quantities",
    "find_names",
    "find_placeholders",
    "normalize_text",
    "canonical_name",
    "needs_canonical",
    "cn_to_number",
    "parse_number",
    "units_compatible",
    "same_quantity",
    "QUALIFIER_CLASSES",
]


_CN = f"[{NUMERAL_CHARS}几]"
_MASK = "\x00"

# Arabic numbers: grouped (12,000 / 1，200), plain, decimals; optionally scaled (3.2万). The group is
# atomic so "2.14G" never backtracks to "2.1"; the lookbehind sits after the first digit so the
# engine can skip ahead to digits (see setphrases.PATTERNS).
_ARABIC = (
    r"[0-9](?<![0-9.A-Za-z_][0-9])(?>[0-9]{0,2}(?:[,，][0-9]{3})+(?![0-9])|[0-9]*)(?>\.[0-9]+)?"
    # 3万4000, 25万6千, 1千零20, 1亿2000万: Arabic and Chinese in one number; 3万亿
    r"(?:(?:[万亿千百](?:零?[0-9]+|零?[一二两三四五六七八九][千百十])[千百十]?)+[万亿]?|万亿|千万|百万|[十百千万亿])?(?![0-9xX×_＿])"
)
_GENERAL = re.compile(
    r"(?P<pre>将近|接近|不少于|不低于|不超过|不多于|至少|最多|大约|大概|超过|不足|不到|逾|第|"
    r"约(?<![签公相预制邀节契婚条特履违守如赴爽简]约)(?<![^折]合约)|"  # 折合约3000元: 约 qualifies; 签订合约 does not
    r"近(?<![最附亲靠贴临就]近)|超(?<![赶高]超)|"
    r"上(?=[百千万亿])|数(?<![人户总次件个位名岁分指系倍基参少多半无有函级票字页频]数)(?=[十百千万]))?"
    rf"(?P<num>{_ARABIC}|{_CN}(?<!{_CN}{_CN})(?:{_CN})*(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<mid>多|余|来|几(?<=0几))?"  # 10几 = 十几
    r"(?P<scale>(?<=[多余来零〇一二三四五六七八九])(?:万亿|[万亿]))?"  # 10余万元, 三十余万人, 一点五亿: a multiplier after 余 or a decimal
    r"(?:[ \u3000](?=[^\s0-9]))?"  # 党员 120 名: one space before the unit
    rf"(?P<unit>{_UNIT_ALT})?"
    r"(?P<post>及以上|及以下|以上|以下|以内|左右|上下|多|余)?"
)
_ISO_DATE = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})([-/.])([01]?[0-9])\2([0-3]?[0-9])(?![0-9])")
_TIME = re.compile(r"(?<![0-9.])([0-2]?[0-9])[:：]([0-5][0-9])(?:[:：][0-5][0-9])?(?![0-9])")
_MONTH_DAY = re.compile(
    r"(?<![0-9.])(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?"
    r"(?P<d>[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3})[日号]"
)
_CN_YEAR = re.compile(r"(?<![零〇一二三四五六七八九])[零〇一二三四五六七八九]{4}年")
_PERCENT_WORDS = re.compile(rf"百分之(?P<n>[0-9]+(?:\.[0-9]+)?|{_CN}+(?:点[零〇一二三四五六七八九]+)?)(?P<post>以上|以下|左右)?")
_FRACTION = re.compile(r"(?P<d>[0-9]+|[一二两三四五六七八九十千万]+)分之(?P<n>[0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十]+(?:点[零〇一二三四五六七八九]+)?)")
_SLASH_FRACTION = re.compile(r"(?<![0-9./])(?P<n>[0-9]{1,2})/(?P<d>[0-9]{1,3})(?![0-9./])")  # 1/3 = 三分之一
# 安全事故零发生 = 0起: 零 before an event word counts the events
_ZERO_EVENTS = re.compile(r"零(?=发生|事故|伤亡|死亡|上访|越级上访|投诉|差错|失误|违规|违纪|案件|发案|火灾|感染|欠薪)")
_PER_BASE = {"千": "‰", "万": "‱"}
# 半成 = 5%, 三成半 = 35%, 一成半 = 15%
_HALF_TENTH = re.compile(r"(?P<n>[一二两三四五六七八九十]?)(?<![一二两三四五六七八九十][一二两三四五六七八九十])(?:成半|半成(?![立员功果绩为效熟长本品就型形片]))")
_RANGE_SEP = {"-", "~", "—", "–", "至", "到", "－"}


# ---------------------------------------------------------------- quantities


def find_quantities(
    text: str,
    *,
    set_phrases: SetPhrases | Iterable[str] | None = None,
    skip_names: bool = True,
    names: list[Name] | None = None,
) -> list[Quantity]:
    """Every quantity in `text`, in order, with offsets into `text`.

    Set phrases and list numbering are never quantities; with `skip_names` (the default), numbers
    inside numeral-bearing names (see find_names; pass `names` when already found) are not either:
    the name is checked whole.
    """
    sp = _set_phrases(set_phrases)
    norm = normalize_text(text)
    excluded = sp.spans(norm)
    if skip_names:
        found_names = find_names(text, set_phrases=sp) if names is None else names
        excluded += [(n.start, n.end) for n in found_names]
    work = _mask(norm, excluded)
    found: list[Quantity] = []
    special: list[tuple[int, int]] = []

    def add(q: Quantity | None) -> None:
        if q is not None:
            found.append(q)
            special.append((q.start, q.end))

    # each special pattern runs only when its key character is in the text (cheap `in` tests)
    for m in _ISO_DATE.finditer(work) if ("-" in work or "/" in work or "." in work) else ():
        y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            add(_q(text, m.start(1), m.end(1), y, y, unit="年", kind="year"))
            add(_q(text, m.start(3), m.end(4), mo * 100 + d, mo * 100 + d, unit="月日", kind="date", num=(m.start(4), m.end(4))))
    if special:
        work = _mask(work, special)
    for m in _TIME.finditer(work) if (":" in work or "：" in work) else ():
        h, mi = int(m.group(1)), int(m.group(2))
        if h <= 24:
            add(_q(text, m.start(), m.end(), h * 60 + mi, h * 60 + mi, unit=":", kind="time", num=(m.start(2), m.end(2))))
    for m in _MONTH_DAY.finditer(work) if "月" in work else ():
        mo, d = parse_number(m.group("m")), parse_number(m.group("d"))
        if mo and d and 1 <= mo[0] <= 12 and 1 <= d[0] <= 31 and mo[0] == mo[1] and d[0] == d[1]:
            v = mo[0] * 100 + d[0]
            add(_q(text, m.start(), m.end(), v, v, unit="月日", kind="date", num=m.span("d")))
    for m in _CN_YEAR.finditer(work) if "年" in work else ():
        digits = m.group()[:4]
        y = int("".join(str(_CN_DIGITS[c]) for c in digits))
        if 1900 <= y <= 2100:
            add(_q(text, m.start(), m.end(), y, y, unit="年", unit_text="年", kind="year", num=(m.start(), m.start() + 4)))
    for m in _PERCENT_WORDS.finditer(work) if "百分之" in work else ():
        n = (100.0, 100.0, "") if m.group("n") == "百" else parse_number(m.group("n"))  # 百分之百
        if n:
            post = m.group("post") or ""
            add(_q(text, m.start(), m.end(), n[0], n[1], unit="%", unit_text="百分之", kind="percent",
                   qualifier=QUALIFIER_CLASSES.get(post, ""), qualifier_text=post, num=m.span("n")))  # fmt: skip
    for m in _FRACTION.finditer(work) if "分之" in work else ():
        if m.group("d") in _PER_BASE:  # 千分之三 = 3‰, 万分之二 = 2‱: never a bare 三
            n = parse_number(m.group("n"))
            if n and n[0] == n[1]:
                unit = _PER_BASE[m.group("d")]
                add(_q(text, m.start(), m.end(), n[0], n[0], unit=unit, unit_text=m.group("d") + "分之", kind="percent", num=m.span("n")))
            continue
        d, n = parse_number(m.group("d")), parse_number(m.group("n"))
        if d and n and d[0] and d[0] == d[1] and n[0] == n[1] and n[0] <= d[0]:
            v = round(n[0] / d[0], 6)
            add(_q(text, m.start(), m.end(), v, v, unit="分之", unit_text="分之", kind="fraction", num=m.span("n")))
    for m in _SLASH_FRACTION.finditer(work) if "/" in work else ():
        n, d = int(m.group("n")), int(m.group("d"))
        if 0 < n < d:
            v = round(n / d, 6)
            add(_q(text, m.start(), m.end(), v, v, unit="分之", unit_text="/", kind="fraction", num=m.span("n")))
    for m in _HALF_TENTH.finditer(work) if "成" in work else ():
        word = m.group()
        if word.endswith("半成") and m.group("n"):
            continue  # 三半成 is no number
        tenths = (parse_number(m.group("n"))[0] if m.group("n") else 0) if word.endswith("成半") else 0
        if word.endswith("成半") and not m.group("n"):
            continue
        v = tenths * 10 + 5
        add(_q(text, m.start(), m.end(), v, v, unit="%", unit_text="成", kind="percent", num=m.span()))
    for m in _ZERO_EVENTS.finditer(work) if "零" in work else ():
        add(_q(text, m.start(), m.end(), 0, 0, unit="", unit_text="", kind="count"))
    work = _mask(work, special)
    for m in _GENERAL.finditer(work):
        add(_general(text, m, work))
    found.sort(key=lambda q: q.start)
    if _STOCK_HINT.search(work):
        found = [_stock_weak(q, work) for q in found]
    return _merge_ranges(text, norm, found)


# Stock phrases of the genre that hold a number (15分钟生活圈, 24小时值班, 三年行动): the number is a real
# one but claims nothing a summary must prove, so it is weak (never required, never reported as unsupported)
# rather than masked: notes that state 24小时待命 still support a draft's 24小时.
_STOCK_HINT = re.compile(r"分钟|小时|年(?:行动|攻坚)")
_STOCK_AFTER = re.compile(
    r"(?:便民|社区|党群|养老|健身|文化)?(?:生活|服务|便民|养老|健身|文化)?圈"  # after N分钟
    r"|(?:值班|在线|服务|不打烊|热线|响应|畅通|待命|开放|运转|不间断|全天候)"  # after 24小时
    r"|(?:行动|攻坚)"  # after 三年
)


def _stock_weak(q: Quantity, work: str) -> Quantity:
    if q.weak or q.qualifier or q.low != q.high:
        return q
    if (q.unit == "分钟" and q.low in (5, 10, 15, 20, 30)) or (q.unit == "小时" and q.low == 24) or (q.unit == "年" and q.kind == "duration" and q.low in (2, 3, 5) and not q.text[0].isdigit()):
        if _STOCK_AFTER.match(work, q.end):
            return replace(q, weak=True)
    return q


def _q(
    text: str, start: int, end: int, low: float, high: float, *, unit: str = "", unit_text: str | None = None,
    kind: str = "count", qualifier: str = "", qualifier_text: str = "", weak: bool = False,
    num: tuple[int, int] | None = None,
) -> Quantity:  # fmt: skip
    ns, ne = num if num else (start, end)
    return Quantity(
        text=text[start:end], start=start, end=end, low=float(low), high=float(high), qualifier=qualifier,
        qualifier_text=qualifier_text, unit=unit, unit_text=unit if unit_text is None else unit_text, kind=kind,
        weak=weak, num_start=ns, num_end=ne,
    )  # fmt: skip


def _general(text: str, m: re.Match[str], work: str) -> Quantity | None:
    pre, num, mid, unit_text, post = (m.group(g) or "" for g in ("pre", "num", "mid", "unit", "post"))
    scale = m.group("scale") or ""
    if unit_text and _unit_blocked(unit_text, work[m.end("unit") : m.end("unit") + 1]):
        unit_text = post = ""  # 一场所, 三项目, 二十四节气: the unit starts another word
    arabic = num[0].isdigit()
    ordinal = pre == "第"
    if pre == "数" or (pre == "上" and not arabic):
        parsed = parse_number(("数" if pre == "数" else "") + num) if pre == "数" else parse_number("一" + num)
    else:
        parsed = parse_number(num)
    if parsed is None:
        # a bare multiplier counts only with a qualifier: 近万人, 百余人, 上万册
        if num in ("百", "千", "万", "亿") and (pre or mid):
            v = float(_CN_UNITS.get(num) or _CN_BIG[num])
            parsed = (v, v, "")
        else:
            return None
    low, high, implied = parsed
    if mid == "几":  # 10几 = 十几: 11–19
        low, high, implied, mid = low + 1, low + 9, "few", ""
    if scale:
        factor = 1e12 if scale == "万亿" else _CN_BIG[scale]
        low, high = low * factor, high * factor
    unit, kind = _UNIT_INFO.get(unit_text, ("", "count"))
    # post 多/余 belong to durations only (3年多); elsewhere 多 starts the next word (四楼多媒体)
    if post in ("多", "余") and unit not in _DURATION_UNITS:
        post = ""
    if mid == "来" and not unit_text:
        mid = ""
    end = m.end("unit") if unit_text else m.end("num")
    if mid:
        end = max(end, m.end("scale") if scale else m.end("mid"))
    if post:
        end = m.end("post")
    start = m.start("num") if not pre else m.start("pre")
    quals = []
    qual_texts = []
    if pre and not ordinal:
        quals.append(QUALIFIER_CLASSES[pre])
        qual_texts.append(pre)
    if implied:
        quals.append(implied)
    for word in (mid, "多" if "多" in unit_text else "", post):
        if word:
            quals.append(QUALIFIER_CLASSES[word])
            qual_texts.append(word)
    qualifier = "+".join(dict.fromkeys(quals))
    if not arabic and not unit_text and not qualifier and not ordinal:
        return None  # 三结合, 十佳: slogans, not counts
    if unit_text.startswith("成"):
        low, high = low * 10, high * 10  # 三成 = 30%
        if len(unit_text) == 2:
            extra = _CN_DIGITS[unit_text[1]]
            low, high = low + extra, high + extra  # 八成五 = 85%
    if ordinal:
        kind, unit = "ordinal", unit_text  # 第3名 is a rank, not three people
    elif unit == "年" and arabic and low == high and 1900 <= low <= 2100 and len(num) == 4:
        kind = "year"
    elif unit == "年" and arabic and len(num) == 2 and num[0] == "0" and not qualifier:
        kind, low, high = "year", 2000 + low, 2000 + high  # 08年 = 2008年
    elif not unit and arabic and low == high and 1949 <= low <= 2100 and len(num) == 4 and not qualifier:
        unit, kind = "年", "year"  # a bare 2023 in a title
    elif not unit and arabic and not post and _unknown_unit(work, end):
        # 清运垃圾80车: a measure word outside the list is still a unit, never a bare 80 that 80吨 supports
        unit = unit_text = work[end]
        end += 1
    weak = num == "一" and bool(unit_text) and not qualifier and not ordinal
    return _q(
        text, start, end, low, high, unit=unit, unit_text=unit_text, kind=kind, qualifier=qualifier,
        qualifier_text="+".join(qual_texts), weak=weak, num=m.span("num"),
    )  # fmt: skip


_NOT_A_UNIT = set("和与及或至到等的、余多来以左上下万亿千百十共为是在")


def _unknown_unit(work: str, end: int) -> bool:
    ch = work[end : end + 1]
    return bool(ch) and "\u4e00" <= ch <= "\u9fff" and ch not in _NOT_A_UNIT


def _merge_ranges(text: str, norm: str, qs: list[Quantity]) -> list[Quantity]:
    """A至B, A-B, A~B → one range when the parts agree (三月至5月, 6-16岁, 3-5月)."""
    out: list[Quantity] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        if i + 1 < len(qs):
            b = qs[i + 1]
            sep = norm[a.end : b.start]
            if (
                sep in _RANGE_SEP
                and not a.qualifier
                and "ordinal" not in (a.kind, b.kind)
                and (a.unit == b.unit or not a.unit)
                and a.low < b.low
            ):
                out.append(
                    Quantity(
                        text=text[a.start : b.end], start=a.start, end=b.end, low=a.low, high=b.high,
                        qualifier=b.qualifier, qualifier_text=b.qualifier_text, unit=b.unit, unit_text=b.unit_text,
                        kind="range", weak=False, num_start=b.num_start, num_end=b.num_end,
                    )  # fmt: skip
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out
