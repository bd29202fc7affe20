"""Quantities in Chinese text: find them, normalise them, tell set phrases and names apart.

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
from dataclasses import dataclass

from .setphrases import NUMERAL_CHARS, SetPhrases, build_set_phrases

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


@dataclass(frozen=True)
class Quantity:
    text: str  # as written in the original text
    start: int  # offsets in the original text
    end: int
    low: float  # equal to high for an exact value; an interval for 十几, 两三个, ranges
    high: float
    qualifier: str = ""  # "", "more", "near", "about", "under", "few" (joined with "+" when two)
    qualifier_text: str = ""  # as written: 多, 余, 近, 以上, ...
    unit: str = ""  # normalised: 名→人, 场次→场, GB→G, 成→%
    unit_text: str = ""  # as written
    kind: str = "count"  # count money percent percent_point size age duration date year time ordinal range fraction
    weak: bool = False  # 一 with a measure word: an article as often as a count
    num_start: int = -1  # the numeral as written (for a range: the upper end)
    num_end: int = -1

    @property
    def exact(self) -> bool:
        return self.low == self.high and not self.qualifier

    @property
    def normalized(self) -> str:
        """A readable normal form: '300人 [more]', '11–19个 [few]', '11月14日', '85%'."""
        if self.unit in ("月日", ":"):
            ends = [_fmt_date(v) if self.unit == "月日" else f"{int(v) // 60}:{int(v) % 60:02d}" for v in (self.low, self.high)]
            value = ends[0] if self.low == self.high else "–".join(ends)
        elif self.kind == "fraction":
            value = f"{self.low:.4g}"
        else:
            value = _fmt(self.low) if self.low == self.high else f"{_fmt(self.low)}–{_fmt(self.high)}"
            value = ("第" if self.kind == "ordinal" else "") + value + self.unit
        return f"{value} [{self.qualifier}]" if self.qualifier else value


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


QUALIFIER_CLASSES: dict[str, str] = {
    "多": "more", "余": "more", "来": "more", "逾": "more", "超过": "more", "超": "more", "以上": "more",
    "至少": "more", "不少于": "more", "不低于": "more", "上": "more",
    "近": "near", "将近": "near", "接近": "near",
    "约": "about", "大约": "about", "大概": "about", "左右": "about", "上下": "about",
    "不足": "under", "不到": "under", "以下": "under", "以内": "under", "不超过": "under", "不多于": "under", "最多": "under",
    "几": "few", "数": "few",
}  # fmt: skip

# written → (normalised unit, kind, characters that must not follow: they make another word)
_UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("个百分点", "个百分点", "percent_point", ""), ("百分点", "个百分点", "percent_point", ""),
    ("平方公里", "平方公里", "size", ""), ("平方米", "平方米", "size", ""), ("平米", "平方米", "size", ""),
    ("㎡", "平方米", "size", ""), ("立方米", "立方米", "size", ""), ("场(次)", "场", "count", ""), ("场（次）", "场", "count", ""),
    ("人次", "人次", "count", ""), ("户次", "户次", "count", ""), ("场次", "场", "count", ""),
    ("批次", "批次", "count", ""), ("个多月", "个月", "duration", ""), ("个多小时", "小时", "duration", ""),
    ("个月", "个月", "duration", ""), ("小时", "小时", "duration", ""), ("分钟", "分钟", "duration", ""),
    ("课时", "课时", "count", ""), ("学时", "学时", "count", ""), ("周岁", "岁", "age", ""),
    ("周年", "周年", "duration", ""), ("年度", "年", "duration", ""), ("年级", "年级", "count", ""),
    ("年代", "年代", "date", ""), ("季度", "季度", "date", ""), ("月份", "月", "date", ""),
    ("公里", "公里", "size", ""), ("千米", "公里", "size", ""), ("公斤", "公斤", "size", ""),
    ("千克", "公斤", "size", ""), ("块钱", "元", "money", ""), ("元钱", "元", "money", ""),
    ("口人", "人", "count", ""), ("GB", "G", "size", "A-Za-z"), ("MB", "M", "size", "A-Za-z"),
    ("TB", "T", "size", "A-Za-z"), ("KB", "K", "size", "A-Za-z"), ("km", "公里", "size", "A-Za-z"),
    ("kg", "公斤", "size", "A-Za-z"), ("G", "G", "size", "A-Za-z"), ("M", "M", "size", "A-Za-z"),
    ("%", "%", "percent", ""), ("‰", "‰", "percent", ""),
    ("成", "%", "percent", "立员功果绩为效熟长本就风型形片套交批人都年事品分色像全规千百万语名败天亲婚家才材活行器章真药书群对双"),
    ("名", "人", "count", "单称义字誉额牌录片次"), ("位", "人", "count", "置于列居数次移"), ("人", "人", "count", ""),
    ("户", "户", "count", "外口籍主型数"), ("家", "家", "count", "庭园属乡长风务电具政访里居"),
    ("支", "支", "count", "部持出付援撑柱书教点"), ("场", "场", "count", "所地景馆合面长站"),
    ("次", "次", "count", "序要"), ("期", "期", "count", "间望待盼限刊末中初"), ("篇", "篇", "count", ""),
    ("个", "个", "count", ""), ("块", "块", "count", ""), ("座", "座", "count", "谈"),
    ("所", "所", "count", "有以在属谓得长需"), ("元", "元", "money", "旦素宵首老件化月"),
    ("米", "米", "size", "饭面粮油"), ("亩", "亩", "size", ""), ("吨", "吨", "size", ""), ("斤", "斤", "size", ""),
    ("件", "件", "count", ""), ("项", "项", "count", "目"), ("条", "条", "count", "件例约款"),
    ("本", "本", "count", "领身着地次届期人年月单社部职质色土来科"), ("册", "册", "count", ""),
    ("份", "份", "count", "额子"), ("张", "张", "count", "贴"), ("幅", "幅", "count", "度"),
    ("台", "台", "count", "账阶湾上风"), ("辆", "辆", "count", ""), ("棵", "棵", "count", ""), ("株", "株", "count", ""),
    ("处", "处", "count", "理置罚于在长室分"), ("间", "间", "count", "隔断接歇"), ("栋", "栋", "count", ""),
    ("幢", "幢", "count", ""), ("节", "节", "count", "日约能点目奏假气庆"), ("堂", "堂", "count", ""),
    ("天", "天", "duration", "然地下空津气堂"), ("日", "日", "date", "常益子报前后记夜程期均落用历渐趋新本"),
    ("月", "月", "date", "亮饼刊薪嫂子"), ("年", "年", "duration", ""), ("周", "周", "duration", "边围末到全转密期知"),
    ("岁", "岁", "age", ""), ("批", "批", "count", "评准复示"), ("届", "届", "count", ""),
    ("组", "组", "count", "织建成长员合委"), ("队", "队", "count", "伍员长"), ("宗", "宗", "count", "旨教"),
    ("起", "件", "count", "来到草诉步点始源床"),  # 矛盾纠纷40余件 = 四十余起: cases are counted either way
    ("面", "面", "count", "积向对貌临上前试孔子料包条粉的广推加提落完深覆"), ("套", "套", "count", "餐路"),
    ("种", "种", "count", "植子养草"), ("类", "类", "count", "似型别"),
    ("对", "对", "count", "于象接照口待比话外策标应此其付全社居辖"), ("首", "首", "count", "先要都次位批届创"),
    ("部", "部", "count", "门分署位队长件委"), ("盏", "盏", "count", ""), ("只", "只", "count", "要有是能"),
    ("箱", "箱", "count", ""), ("袋", "袋", "count", ""), ("瓶", "瓶", "count", ""), ("桶", "桶", "count", ""),
    ("趟", "趟", "count", ""), ("轮", "轮", "count", "流换椅"), ("遍", "遍", "count", "及布"),
    ("级", "级", "count", "别干领党政组单"), ("层", "层", "count", "次面级层"), ("楼", "楼", "count", "道宇栋长房盘"),
    ("号", "号", "count", "召称码"), ("字", "字", "count", "号样画幕母典体句"), ("倍", "倍", "count", ""),
    ("分", "分", "count", "之钟别类工配局会享析管批成布解散为子化摊担组队发级片区支部流头期步阶说清明"),
    ("点", "点", "time", "击评赞位燃亮子名滴多钟对面上项要工单"), ("时", "时", "time", "间期候代刻段任效机尚节常事报空"),
    ("班", "班", "count", "子长组级车次会前后主"), ("枚", "枚", "count", ""), ("封", "封", "count", "闭存"),
    ("盆", "盆", "count", ""), ("课", "课", "count", "题程堂时件"), ("秒", "秒", "duration", ""),
    # goods handed out and things built: a changed count of these is as wrong as any other
    ("颗", "颗", "count", ""), ("副", "副", "count", "食业作书主本"), ("把", "把", "count", "握关手守持"),
    ("床", "床", "count", "位铺头上"), ("顶", "顶", "count", "层端住级"), ("盒", "盒", "count", ""),
    ("包", "包", "count", "括含容保干联片"), ("根", "根", "count", "本据源治基子"), ("双", "双", "count", "方向手拥创减语重百亮"),
    ("粒", "粒", "count", ""), ("串", "串", "count", "联门"), ("束", "束", "count", "缚手"), ("笔", "笔", "count", "记者试"),
    ("艘", "艘", "count", ""), ("架", "架", "count", "构设子势"), ("匹", "匹", "count", "配"), ("罐", "罐", "count", ""),
    # 七大系统, 两大升级: a count that a vague 多个 must not replace
    ("大", "大", "count", "会学力型家幅街厅队楼院众厦道量批概约多部都小户门事件项类赛礼堂师"),
    ("桌", "桌", "count", "椅面"), ("卷", "卷", "count", "入宗"), ("片", "片", "count", "区面长警"), ("棚", "棚", "count", "户改"),
)  # fmt: skip
# 八成五 = 85%: 成 followed by one more digit
_UNITS += tuple((f"成{d}", "%", "percent", "十百千万个人名次年") for d in "一二三四五六七八九")
_UNIT_INFO = {w: (u, k) for w, u, k, _ in _UNITS}
_DURATION_UNITS = {"年", "个月", "小时", "天", "周", "分钟"}
# A bare number may stand for a count of anything, but not for a percentage, a date or a rank.
_BARE_COMPATIBLE_KINDS = {"count", "money", "size", "age", "duration"}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN = f"[{NUMERAL_CHARS}几]"
_MASK = "\x00"


# ---------------------------------------------------------------- normalisation and numerals


def normalize_text(text: str) -> str:
    """Full-width digits, letters and number signs to ASCII, 兩 to 两; same length as the input.

    Only one-to-one mappings are applied (not full NFKC), so offsets stay valid and ① stays ①.
    Full-width punctuation that the patterns accept as is (，（）：；) is left alone: it is in
    almost every Chinese text, and mapping it would cost time for nothing.
    """
    return _NEEDS_NORMALIZING.sub(_normalize_char, text)


_NEEDS_NORMALIZING = re.compile("[\uff05\uff0a\uff0b\uff0d\uff0e\uff10-\uff19\uff21-\uff3a\uff3f\uff41-\uff5a\uff5e兩]")


def _normalize_char(m: re.Match[str]) -> str:
    ch = m.group()
    return "两" if ch == "兩" else chr(ord(ch) - 0xFEE0)


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
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(千万|百万|[十百千万亿])?", s)
    if m:
        value = float(m.group(1))
        for ch in m.group(2) or "":
            value *= {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}[ch]
        value = round(value, 6)
        return value, value, ""
    interval = _cn_interval(s)
    if interval:
        return interval
    value = cn_to_number(s)
    return None if value is None else (value, value, "")


def _fmt_date(v: float) -> str:
    return f"{int(v) // 100}月{int(v) % 100}日"


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


# ---------------------------------------------------------------- patterns

# The characters that may not follow a unit are checked in Python (_unit_blocked): a hundred
# lookaheads in the pattern would triple its compile time, which every `drafter check` pays.
_UNIT_ALT = "|".join(re.escape(w) for w, _, _, _ in sorted(_UNITS, key=lambda u: len(u[0]), reverse=True))
_UNIT_BLOCKERS = {w: x for w, _, _, x in _UNITS if x}


def _unit_blocked(unit_text: str, following: str) -> bool:
    blockers = _UNIT_BLOCKERS.get(unit_text)
    if not blockers or not following:
        return False
    if blockers == "A-Za-z":
        return following.isascii() and following.isalpha()
    return following in blockers
# Arabic numbers: grouped (12,000 / 1，200), plain, decimals; optionally scaled (3.2万). The group is
# atomic so "2.14G" never backtracks to "2.1"; the lookbehind sits after the first digit so the
# engine can skip ahead to digits (see setphrases.PATTERNS).
_ARABIC = (
    r"[0-9](?<![0-9.A-Za-z_][0-9])(?>[0-9]{0,2}(?:[,，][0-9]{3})+(?![0-9])|[0-9]*)(?>\.[0-9]+)?"
    r"(?:千万|百万|[十百千万亿])?(?![0-9xX×_＿])"
)
_GENERAL = re.compile(
    r"(?P<pre>将近|接近|不少于|不低于|不超过|不多于|至少|最多|大约|大概|超过|不足|不到|逾|第|"
    r"约(?<![签合公相预制邀节契婚条特履违守如赴爽简]约)|近(?<![最附亲靠贴临就]近)|超(?<![赶高]超)|"
    r"上(?=[百千万亿])|数(?<![人户总次件个位名岁分指系倍基参少多半无有函级票字页频]数)(?=[十百千万]))?"
    rf"(?P<num>{_ARABIC}|{_CN}(?<!{_CN}{_CN})(?:{_CN})*(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<mid>多|余|来|几(?<=0几))?"  # 10几 = 十几
    r"(?P<scale>(?<=[多余来零〇一二三四五六七八九])[万亿])?"  # 10余万元, 三十余万人, 一点五亿: a multiplier after 余 or a decimal
    r"(?:[ \u3000](?=[^\s0-9]))?"  # 党员 120 名: one space before the unit
    rf"(?P<unit>{_UNIT_ALT})?"
    r"(?P<post>以上|以下|以内|左右|上下|多|余)?"
)
_ISO_DATE = re.compile(r"(?<![0-9.])((?:19|20)[0-9]{2})([-/.])([01]?[0-9])\2([0-3]?[0-9])(?![0-9])")
_TIME = re.compile(r"(?<![0-9.])([0-2]?[0-9])[:：]([0-5][0-9])(?:[:：][0-5][0-9])?(?![0-9])")
_MONTH_DAY = re.compile(
    r"(?<![0-9.])(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?"
    r"(?P<d>[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3})[日号]"
)
_CN_YEAR = re.compile(r"(?<![零〇一二三四五六七八九])[零〇一二三四五六七八九]{4}年")
_PERCENT_WORDS = re.compile(rf"百分之(?P<n>[0-9]+(?:\.[0-9]+)?|{_CN}+(?:点[零〇一二三四五六七八九]+)?)(?P<post>以上|以下|左右)?")
_FRACTION = re.compile(r"(?P<d>[0-9]+|[一二两三四五六七八九十千]+)分之(?P<n>[0-9]+|[一二两三四五六七八九十]+)")
_SLASH_FRACTION = re.compile(r"(?<![0-9./])(?P<n>[0-9]{1,2})/(?P<d>[0-9]{1,3})(?![0-9./])")  # 1/3 = 三分之一
# 安全事故零发生 = 0起: 零 before an event word counts the events
_ZERO_EVENTS = re.compile(r"零(?=发生|事故|伤亡|死亡|上访|越级上访|投诉|差错|失误|违规|违纪|案件|发案|火灾|感染|欠薪)")
_RANGE_SEP = {"-", "~", "—", "–", "至", "到", "－"}


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
        n = parse_number(m.group("n"))
        if n:
            post = m.group("post") or ""
            add(_q(text, m.start(), m.end(), n[0], n[1], unit="%", unit_text="百分之", kind="percent",
                   qualifier=QUALIFIER_CLASSES.get(post, ""), qualifier_text=post, num=m.span("n")))  # fmt: skip
    for m in _FRACTION.finditer(work) if "分之" in work else ():
        d, n = parse_number(m.group("d")), parse_number(m.group("n"))
        if d and n and d[0] and d[0] == d[1] and n[0] == n[1] and n[0] <= d[0]:
            v = round(n[0] / d[0], 6)
            add(_q(text, m.start(), m.end(), v, v, unit="分之", unit_text="分之", kind="fraction", num=m.span("n")))
    for m in _SLASH_FRACTION.finditer(work) if "/" in work else ():
        n, d = int(m.group("n")), int(m.group("d"))
        if 0 < n < d:
            v = round(n / d, 6)
            add(_q(text, m.start(), m.end(), v, v, unit="分之", unit_text="/", kind="fraction", num=m.span("n")))
    for m in _ZERO_EVENTS.finditer(work) if "零" in work else ():
        add(_q(text, m.start(), m.end(), 0, 0, unit="", unit_text="", kind="count"))
    work = _mask(work, special)
    for m in _GENERAL.finditer(work):
        add(_general(text, m, work))
    found.sort(key=lambda q: q.start)
    return _merge_ranges(text, norm, found)


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
        factor = _CN_BIG[scale]
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


def units_compatible(a: Quantity, b: Quantity) -> bool:
    """Same normalised unit (名≈人, 场≈场次, G≈GB); a bare number goes with any count-like unit."""
    if (a.kind == "ordinal") != (b.kind == "ordinal"):
        return False
    if a.unit == b.unit:
        return True
    if not a.unit:
        return _base_kind(b) in _BARE_COMPATIBLE_KINDS
    if not b.unit:
        return _base_kind(a) in _BARE_COMPATIBLE_KINDS
    return False


def _base_kind(q: Quantity) -> str:
    if q.kind == "range":
        return _UNIT_KIND.get(q.unit, "count")
    return q.kind


_UNIT_KIND = {u: k for _, u, k, _ in _UNITS}


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """The same value, a compatible unit and the same qualifier class (多≈余≈以上; 近≠余; exact≠approximate)."""
    if (a.weak or b.weak) and a.unit != b.unit:
        return False  # 一名 is too loose to stand in for a bare 1
    return (
        abs(a.low - b.low) <= 1e-6 * max(1.0, abs(a.low))
        and abs(a.high - b.high) <= 1e-6 * max(1.0, abs(a.high))
        and a.qualifier == b.qualifier
        and units_compatible(a, b)
    )
