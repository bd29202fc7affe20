"""Chinese and Arabic numerals to values: 三百零五 → 305, 3.2万 → 32000, 十几 → 11–19; full-width forms to ASCII.

Pure and light on purpose (only `re`): `drafter check` must start fast, and cn2an costs 130 ms to
import and reads set phrases such as 三个代表 as numbers.
"""

from __future__ import annotations

import re

__all__ = ["normalize_text", "cn_to_number", "parse_number", "fmt_value", "fmt_date"]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}

# ---------------------------------------------------------------- normalisation and numerals


def normalize_text(text: str) -> str:
    """Full-width digits, letters and number signs to ASCII, 兩 to 两; same length as the input.

    Only one-to-one mappings are applied (not full NFKC), so offsets stay valid and ① stays ①.
    Full-width punctuation that the patterns accept as is (，（）：；) is left alone: it is in
    almost every Chinese text, and mapping it would cost time for nothing.
    """
    text = _NEEDS_NORMALIZING.sub(_normalize_char, text)
    if _FINANCIAL_HINT.search(text):
        text = _FINANCIAL_RUN.sub(lambda m: m.group().translate(_FINANCIAL), text)
    return text


_NEEDS_NORMALIZING = re.compile("[\uff05\uff0a\uff0b\uff0d\uff0e\uff10-\uff19\uff21-\uff3a\uff3f\uff41-\uff5a\uff5e兩萬億]")
_TRADITIONAL = {"兩": "两", "萬": "万", "億": "亿"}


def _normalize_char(m: re.Match[str]) -> str:
    ch = m.group()
    return _TRADITIONAL.get(ch) or chr(ord(ch) - 0xFEE0)


# The financial numerals (大写: 壹佰伍拾元, 贰万元). 伍, 陆, 拾 and 佰 are also parts of words (队伍,
# 大陆, 收拾), so they are read as numerals only in a run that holds an unambiguous one (壹贰叁肆柒捌玖仟)
# or that ends in 元/圆: 队伍 stays 队伍, 伍拾元 becomes 五十元.
_FINANCIAL = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟", "一二二三三四五六六七八九十百千")
_FIN_CHARS = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟零万亿"
_FINANCIAL_HINT = re.compile("[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]")
_FINANCIAL_RUN = re.compile(f"[{_FIN_CHARS}]*[壹贰貳叁參肆柒捌玖仟][{_FIN_CHARS}]*|[{_FIN_CHARS}]+(?=[元圆])")


def cn_to_number(s: str) -> float | None:
    """A Chinese numeral to its value: 三百零五 → 305, 两万 → 20000, 一千二 → 1200, 廿三 → 23, 三点五 → 3.5.

    Returns None for what is not one number: 一二三, 千万 (a bare multiplier), 五一.
    """
    s = s.replace("廿", "二十").replace("卅", "三十")
    if "点" in s:
        whole, _, frac = s.partition("点")
        base = cn_to_number(whole)
        if base is None or not frac or any(ch not in _CN_DIGITS for ch in frac):
            return None
        return base + float("0." + "".join(str(_CN_DIGITS[ch]) for ch in frac))
    if not s or s[0] in "百千万亿":
        return None
    total = 0
    section = 0
    digit: int | None = None
    last_mult = 0  # the multiplier just before a trailing digit (一千二 = 1200)
    prev_zero = False
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and not prev_zero:
                return None  # two digits in a row: 一二, 五一
            digit = _CN_DIGITS[ch]
            prev_zero = digit == 0
            if prev_zero:
                last_mult = 0
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if ch == "十" and prev_zero:
                digit = 1  # 一万零十二 = 10012: 零 then 十 is 一十
            if digit is None:
                if ch != "十" or section or total:
                    if ch == "十" and section % 100 == 0:
                        digit = 1  # 一百十 = 110
                    else:
                        return None
                else:
                    digit = 1  # 十五 = 15
            section += digit * unit
            digit, last_mult, prev_zero = None, unit, False
        elif ch in _CN_BIG:
            big = _CN_BIG[ch]
            if digit is not None:
                section += digit
            if section == 0 and total == 0:
                return None
            if big == 10_000 and total and total % 100_000_000 == 0 and section:
                total += section * big  # 一亿二千万
            else:
                total = (total + section) * big
            section, digit, last_mult, prev_zero = 0, None, big, False
        else:
            return None
    if digit is not None:
        if last_mult >= 100 and not prev_zero:
            section += digit * last_mult // 10  # 一千二, 三万五
        else:
            section += digit
    return float(total + section)


def _cn_interval(s: str) -> tuple[float, float, str] | None:
    """Approximate Chinese numerals: 十几 → (11, 19), 几十 → (20, 90), 两三 → (2, 3), 三四十 → (30, 40)."""
    if s.startswith("数") or "几" in s:
        t = "几" + s[1:] if s.startswith("数") else s
        if t == "几":
            return None
        lo_s = ("二" + t[1:]) if t[0] == "几" else t.replace("几", "一")
        lo_s = lo_s.replace("几", "一")
        hi_s = t.replace("几", "九")
        lo, hi = cn_to_number(lo_s), cn_to_number(hi_s)
        if lo is None or hi is None or hi < lo:
            return None
        return lo, hi, "few"
    m = re.fullmatch(r"(.*?)([一二两三四五六七八九])([二三四五六七八九])(.*)", s)
    if m and _CN_DIGITS[m.group(3)] == _CN_DIGITS[m.group(2)] + 1 and (m.group(1) == "" or m.group(1).endswith("十")):
        head, a, b, tail = m.groups()
        if head and tail:
            return None
        lo, hi = cn_to_number(head + a + tail), cn_to_number(head + b + tail)
        if lo is not None and hi is not None:
            return lo, hi, ""
    return None


_MAX_VALUE = 1e15  # beyond any count in a summary: a longer digit run is an id, not a quantity


def parse_number(s: str) -> tuple[float, float, str] | None:
    """A numeral as written (Arabic, Chinese, mixed like 3.2万) → (low, high, implied qualifier)."""
    try:
        parsed = _parse_number(s)
    except (OverflowError, ValueError):
        return None
    if parsed is None or parsed[1] > _MAX_VALUE:
        return None
    return parsed


def _parse_number(s: str) -> tuple[float, float, str] | None:
    s = normalize_text(s).replace(",", "").replace("，", "")
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(千万|百万|万亿|[十百千万亿])?", s)
    if m:
        value = float(m.group(1))
        for ch in m.group(2) or "":
            value *= {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}[ch]
        value = round(value, 6)
        return value, value, ""
    if s[:1].isdigit():
        value = _mixed_to_number(s)  # 3万4000, 25万6千, 1千零20
        return None if value is None else (value, value, "")
    interval = _cn_interval(s)
    if interval:
        return interval
    value = cn_to_number(s)
    return None if value is None else (value, value, "")


_MIXED_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]")


def _mixed_to_number(s: str) -> float | None:
    """Arabic and Chinese numerals in one number: 3万4000 → 34000, 25万6千 → 256000, 1千零20 → 1020,
    1亿2000万 → 120000000, 3万亿 → 3e12. A part after a multiplier must be smaller than it."""
    tokens = _MIXED_TOKEN.findall(s)
    if "".join(tokens) != s:
        return None
    total = 0.0
    section = 0.0
    pending: float | None = None
    last_unit = 10**9
    for tok in tokens:
        if tok in ("零", "〇"):
            continue
        if tok[0].isdigit() or tok in _CN_DIGITS:
            if pending is not None:
                return None
            pending = float(tok) if tok[0].isdigit() else float(_CN_DIGITS[tok])
        elif tok in _CN_UNITS:
            unit = _CN_UNITS[tok]
            if pending is None or pending * unit >= 10_000:
                return None
            if section and unit >= last_unit:
                return None
            section += pending * unit
            pending, last_unit = None, unit
        else:
            big = _CN_BIG[tok]
            part = section + (pending or 0)
            section, pending, last_unit = 0.0, None, 10**9
            if big == 10_000 and total and not part:
                total *= big  # 3万亿
            elif big == 10_000 and total:
                if part >= 10_000:
                    return None
                total += part * big  # 1亿2000万
            elif total and part >= big:
                return None
            else:
                if total:
                    return None
                total = part * big
    if pending is not None:
        limit = min(last_unit, 10_000) if section else (10_000 if total else float("inf"))
        if pending >= limit:
            return None
        section += pending
    return round(total + section, 6)


def _fmt_date(v: float) -> str:
    return f"{int(v) // 100}月{int(v) % 100}日"


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


fmt_value = _fmt
fmt_date = _fmt_date
