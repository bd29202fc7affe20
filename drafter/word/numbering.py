"""Word's automatic list numbering rendered as the text a reader sees (一、 / （二） / 3. / ①), and the
styles' names, read from numbering.xml and styles.xml."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Numbering", "style_names", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十", hundred: str = "百") -> str:
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else (digits[0] + digits[rest] if rest < 10 else (digits[1] + _chinese(rest, digits, ten, hundred) if rest < 20 else _chinese(rest, digits, ten, hundred)))
        return digits[n // 100] + hundred + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "ideographDigital", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _LEGAL, "拾", "佰")
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("ideographZodiac",):
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal, decimalFullWidth and anything unknown


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstractId, start overrides)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_parts(cls, parts: dict[str, bytes]) -> Numbering:
        from lxml import etree

        out = cls()
        data = parts.get("word/numbering.xml")
        if data:
            try:
                root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
            except etree.XMLSyntaxError:
                root = None
            for an in root.findall(f"{_W}abstractNum") if root is not None else ():
                levels = {}
                for lvl in an.findall(f"{_W}lvl"):
                    level = _Level()
                    fmt, text, start = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}start")
                    level.fmt = fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal"
                    level.text = text.get(f"{_W}val", "") if text is not None else ""
                    level.start = _int(start.get(f"{_W}val") if start is not None else None, 1)
                    levels[_int(lvl.get(f"{_W}ilvl"), 0)] = level
                out.abstract[an.get(f"{_W}abstractNumId", "")] = levels
            for num in root.findall(f"{_W}num") if root is not None else ():
                ref = num.find(f"{_W}abstractNumId")
                overrides = {}
                for ov in num.findall(f"{_W}lvlOverride"):
                    so = ov.find(f"{_W}startOverride")
                    if so is not None:
                        overrides[_int(ov.get(f"{_W}ilvl"), 0)] = _int(so.get(f"{_W}val"), 1)
                out.nums[num.get(f"{_W}numId", "")] = (ref.get(f"{_W}val", "") if ref is not None else "", overrides)
        styles = parts.get("word/styles.xml")
        if styles:
            try:
                sroot = etree.fromstring(styles, etree.XMLParser(resolve_entities=False))
            except etree.XMLSyntaxError:
                sroot = None
            for st in sroot.findall(f"{_W}style") if sroot is not None else ():
                numpr = st.find(f"{_W}pPr/{_W}numPr")
                if numpr is not None:
                    num_id, ilvl = numpr.find(f"{_W}numId"), numpr.find(f"{_W}ilvl")
                    if num_id is not None:
                        out.style_num[st.get(f"{_W}styleId", "")] = (num_id.get(f"{_W}val", "0"), _int(ilvl.get(f"{_W}val") if ilvl is not None else None, 0))
        return out

    def label(self, p, styles: dict[str, str] | None = None) -> str:
        """The number Word shows before paragraph p ('' when it has none), advancing the counters."""
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        num_id, ilvl = None, 0
        if numpr is not None:
            n, lv = numpr.find(f"{_W}numId"), numpr.find(f"{_W}ilvl")
            num_id = n.get(f"{_W}val") if n is not None else None
            ilvl = _int(lv.get(f"{_W}val") if lv is not None else None, 0)
        if num_id is None and ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            sid = style.get(f"{_W}val", "") if style is not None else ""
            if sid in self.style_num:
                num_id, ilvl = self.style_num[sid]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started and overrides:
            for k, v in overrides.items():
                counters[k] = v - 1
        self.started.add(num_id)
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet" or level.fmt == "none":
            return ""
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                lv = levels.get(k, _Level())
                value = counters.get(k, lv.start)
                text = text.replace(f"%{k + 1}", format_number(value, lv.fmt))
        if text and text[-1] not in "、.．。)）:：" :
            text += " "
        return text


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def style_names(parts: dict[str, bytes]) -> dict[str, str]:
    """styleId -> style name (Heading 1, 标题 1, …)."""
    from lxml import etree

    data = parts.get("word/styles.xml")
    if not data:
        return {}
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for st in root.findall(f"{_W}style"):
        name = st.find(f"{_W}name")
        out[st.get(f"{_W}styleId", "")] = name.get(f"{_W}val", "") if name is not None else ""
    return out
