"""Set phrases: numeral-bearing words of the genre that are not quantities.

`三个代表` counts nothing, `统一` is "unified", `一是…二是` numbers a list, `七一` is a holiday.
The number check must leave them alone, or every real summary would fail it. The list below
is the documented default; drafter.toml extends it (`set_phrases = ["四个一", ...]`).

Every literal phrase gets numeral guards automatically: a phrase that starts with a numeral
must not follow another numeral (`十一` is not inside `二十一`), and one that ends with a
numeral must not be followed by a numeral or a measure word (`十一个` is 11个, not the holiday).
A few entries need more context and are written as regular expressions (PATTERNS, LINE_PATTERN).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["SET_PHRASES", "PATTERNS", "LINE_PATTERN", "SetPhrases", "build_set_phrases", "NUMERAL_CHARS"]

NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿廿卅"

# Measure words that turn a trailing numeral into a count ("十一个" is eleven, not National Day).
_MEASURE_START = "个名人次位支家户场期篇块座所元件项条本册份张幅台辆棵株处间栋幢节堂天日月年周岁批届组队宗起面套种类余多来%"

SET_PHRASES: tuple[str, ...] = (
    # list numbering and discourse words
    "一方面", "另一方面", "方方面面", "一些", "一下", "一番", "一系列", "一批", "一定", "一致", "一体", "一线",
    "一起", "一流", "一道", "一直", "一切", "一同", "同一", "统一", "唯一", "逐一", "一一", "进一步", "一步",
    "一心", "一员", "一份子", "一分子", "一并", "一贯", "一般", "一样", "一时", "一度", "一律", "一再", "一手",
    "一举", "一向", "一旦", "一身", "一边", "一面", "一味", "一致好评", "一年来", "一年即将过去", "一年一度",
    "一年四季", "第一时间", "第一书记", "第一责任人", "第一要务", "放在第一位", "摆在第一位", "一把手", "一揽子", "门前三包", "门前四包", "门前五包", "三包",
    "一站式", "一条龙", "一盘棋", "一张蓝图", "一次性", "一肩挑", "一如既往", "一视同仁", "一丝不苟", "一言一行",
    "一点一滴", "一草一木", "一砖一瓦", "一心一意", "一帆风顺", "一浪高过一浪", "一举两得", "一成不变",
    "万无一失", "万众一心", "千方百计", "千家万户", "千千万万", "千头万绪", "百花齐放", "百年大计", "四面八方",
    "五湖四海", "七嘴八舌", "三心二意", "十全十美", "二十四节气", "十字", "红十字",
    # policy slogans and bodies
    "三个代表", "两手抓", "两手硬", "两手都要硬", "一帮一", "一对一", "四见四知", "一户一档", "一人一档",
    "一户一策", "一村一品", "一事一议", "两委", "两学一做", "三会一课", "三严三实", "三位一体", "四位一体",
    "五位一体", "两个维护", "两个确立", "四个意识", "四个自信", "四个全面", "八项规定", "一岗双责", "一网通办",
    "一网统管", "最多跑一次", "一老一小", "五个一", "四个一", "三个一",
    # holidays and congresses
    "三八妇女节", "三八节", "三八", "五一", "五四", "六一", "七一", "八一", "十一", "十三五", "十四五", "十五五",
    "十七大", "十八大", "十九大", "二十大",
    # very / ten
    "十分",
)

# Context-dependent entries, as regular expressions. Each starts with a character (class), never
# with a lookbehind, so the regex engine can skip ahead to candidate characters: that keeps the scan
# at many MB/s. A lookbehind written after the first character checks what came before it.
PATTERNS: tuple[str, ...] = (
    r"[一二三四五六七八九十](?<![0-9零〇一二两三四五六七八九十百千].)[一二三四五六七八九十]?(?=是|要(?!求))",  # 一是, 三要
    r"[(（]\s*(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})\s*[)）]",  # （一） (1)
    r"[0-9](?<=[。；;：:！？!?\s][0-9])[0-9]?、(?![0-9])",  # 2、 after a sentence ends
    r"[0-9](?<=[。；;：:！？!?][0-9])[0-9]?[.)）](?=[\u4e00-\u9fff“《])",  # 主要做法：1.加强学习；2.强化服务
    r"第(?<![名列居得获排位]第)[一二三四五六七八九十]{1,3}(?=[，,、：:])",  # 第一，第二，
    r"[⑴-⒇①-⑳❶-❿]",
)
# List numbering at the start of a line (一、 1. 1） ## 一、), scanned separately because it is anchored.
LINE_PATTERN = (
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:[-*+][ \t]*)?(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})[、.．)）](?![0-9])"
    r"|^[ \t]*#{1,6}[ \t]*[0-9]{1,2}(?:\.[0-9]{1,2})+(?=[ \t])"  # ### 1.1 队伍建设
)


@dataclass(frozen=True)
class SetPhrases:
    """A compiled set-phrase list: where in a text the phrases are."""

    phrases: tuple[str, ...]
    regex: re.Pattern[str]
    line_regex: re.Pattern[str]

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = [m.span() for m in self.regex.finditer(text)]
        found += [m.span() for m in self.line_regex.finditer(text)]
        return sorted(s for s in found if s[1] > s[0])

    def is_set_phrase(self, text: str) -> bool:
        """True when the whole text is one set phrase (a quoted “一帮一” is not a name)."""
        t = text.strip()
        return any(s == (0, len(t)) for s in self.spans(t))


def _literal_regex(phrases: tuple[str, ...]) -> str:
    """One alternative per first character, so each guard is compiled once (compiling costs start-up time)."""
    groups: dict[str, list[str]] = {}
    for p in sorted(phrases, key=len, reverse=True):  # longest first: "三八妇女节" before "三八"
        groups.setdefault(p[0], []).append(p[1:])
    after = f"(?![0-9{NUMERAL_CHARS}{re.escape(_MEASURE_START)}])"
    alternatives = []
    for first, rests in groups.items():
        head = re.escape(first)
        if first in NUMERAL_CHARS:  # the lookbehind sits after the first character (see PATTERNS)
            head += f"(?<![0-9{NUMERAL_CHARS}第].)"
        tails = []
        for rest in rests:
            last = rest[-1] if rest else first
            tail = re.escape(rest) + (after if last in NUMERAL_CHARS else "")
            if first + rest == "十分":
                tail += "(?!钟|之)"
            tails.append(tail)
        alternatives.append(head + "(?:" + "|".join(tails) + ")")
    return "|".join(alternatives)


@lru_cache(maxsize=16)
def build_set_phrases(extra: tuple[str, ...] = ()) -> SetPhrases:
    """The default list plus `extra` (literal phrases from drafter.toml)."""
    phrases = tuple(dict.fromkeys(p.strip() for p in (*SET_PHRASES, *extra) if p and p.strip()))
    literal = _literal_regex(phrases)
    return SetPhrases(phrases=phrases, regex=re.compile("|".join((*PATTERNS, literal))), line_regex=re.compile(LINE_PATTERN, re.M))
