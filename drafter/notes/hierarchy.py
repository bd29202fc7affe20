"""The Chinese document hierarchy of one line: its numbering (一、 → （一） → 1. / 1、 → (1) / ①, 【…】,
`#`), whether it reads as a heading or as a fact, and whether a heading or a fact belongs to the
closing part (不足 / 下一步).

Pure functions over one line of text; plaintext.py puts the lines together. Full-width digits and
brackets are read as their ASCII forms for classification only: the text kept is what was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Marked",
    "mark_of",
    "RANKS",
    "normalise",
    "has_digit",
    "has_count",
    "fact_like",
    "heading_like",
    "sentence_like",
    "closing_of_heading",
    "closing_of_fact",
    "names_both",
    "clean_title",
]

# One-to-one character mappings only, so offsets in the normalised text are offsets in the original.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({"．": ".", "（": "(", "）": ")", "\u3000": " ", "［": "[", "］": "]", "＃": "#", "－": "-", "％": "%", "＊": "*", "＋": "+"})
_TABLE = str.maketrans(_FULLWIDTH)


def normalise(text: str) -> str:
    """Full-width digits, brackets, spaces and marks as ASCII; same length as the input."""
    return text.translate(_TABLE)


_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGIT = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_DOT_DIGIT = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"

# (kind, pattern) in the order they are tried. Kinds name numbering styles, not levels: the reader
# learns each document's levels from the order its styles nest in.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("md", re.compile(r"(#{1,6})\s+")),
    ("label", re.compile(r"【([^】]{1,30})】\s*")),
    ("cn", re.compile(rf"([{_CN}]{{1,3}})\s*[、.]\s*")),
    ("pcn", re.compile(rf"\(\s*([{_CN}]{{1,3}})\s*\)\s*[、.]?\s*")),
    ("di", re.compile(rf"第([{_CN}]{{1,3}})[、，,:：]\s*")),
    ("pnum", re.compile(rf"(?:\(\s*(\d{{1,2}})\s*\)|(\d{{1,2}})\)|([{_PAREN_DIGIT}]))\s*")),
    ("num", re.compile(rf"(?:(\d{{1,2}})\s*(?:、|\.(?!\d))|([{_DOT_DIGIT}]))\s*")),
    ("circ", re.compile(rf"([{_CIRCLED}])\s*")),
    ("bullet", re.compile(r"([-*+•·●▪◆◇■□○►▶√✓➢➤、])\s*")),
)

# Canonical depth of each style, used when a style appears for the first time: an unmarked heading
# line is the top of its document; Markdown levels sit above Chinese numbering.
RANKS = {"text": 0, "label": 1, "cn": 2, "pcn": 3, "di": 4, "num": 5, "pnum": 6, "circ": 7, "bullet": 8}
for _level in range(1, 7):
    RANKS[f"md{_level}"] = _level - 7


@dataclass(frozen=True)
class Marked:
    kind: str  # "md1".."md6", "label", "cn", "pcn", "di", "num", "pnum", "circ", "bullet" or "text"
    rest: str  # the text after the marker, as written
    indent: int  # leading spaces (a tab counts 4, a full-width space 2)


def _indent(line: str) -> int:
    n = 0
    for ch in line:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4
        elif ch == "\u3000":
            n += 2
        else:
            break
    return n


_SYMBOL_BULLET = re.compile(r"[\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff][\ufe0f\u20e3]?\s*")
_BOLD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)$")


def mark_of(line: str) -> Marked:
    """The numbering style a line starts with and the text after it."""
    indent = _indent(line)
    stripped = _BOLD.sub(r"\1", line.strip())
    norm = normalise(stripped)
    symbol = _SYMBOL_BULLET.match(norm)
    if symbol and symbol.end() < len(norm):  # ✅ 书法培训8次, ➡️ 下步：… — an emoji or a sign as the bullet
        rest = stripped[symbol.end() :].strip()
        if rest:
            return Marked("bullet", rest, indent)
    for kind, pattern in _MARKERS:
        m = pattern.match(norm)
        if not m:
            continue
        rest = stripped[m.end() :].strip()
        if kind == "md":
            return Marked(f"md{len(m.group(1))}", rest, indent)
        if kind == "label":
            return Marked("label", f"{m.group(1).strip()}\n{rest}" if rest else m.group(1).strip(), indent)
        if kind == "bullet" and m.group(1) in "-+*" and not rest:
            break  # a rule line such as "---" is not a bullet
        if not rest:
            continue
        return Marked(kind, rest, indent)
    return Marked("text", stripped, indent)


_DIGIT = re.compile(r"[0-9０-９]")
# A count is a figure that is not part of a date or a time: 12场, 300余人次, 85%, 3.5万元, 两场, 十余次.
_DATE_AFTER = re.compile(r"\s*(年(?!龄|轻|度考核)|月(?!饼)|日|号(?!楼)|时(?!间)|点(?!位)|:\d|：\d|[-/.]\d{1,2}[-/.])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CN_COUNT = re.compile(r"[两二三四五六七八九十百千万]+[多余来]?(?:个|名|场|次|户|件|项|家|支|处|所|条|份|批|期|类|人|位|座|间|套|张|篇|轮|起|组|对|吨|元|天|成|倍)")
_VERB = re.compile(
    r"开展|组织|举办|举行|完成|新增|新建|发放|走访|慰问|服务|帮助|帮扶|解决|化解|调解|培训|召开|排查|整治|清理|落实|"
    r"实现|建成|建立|推动|覆盖|参与|受理|办理|安装|改造|招募|吸纳|提供|累计|共计|达到|惠及|入户|宣讲|签约|救助|"
    r"安置|提升|打造|投入|筹集|收集|设立|配备|接待|处置|上门|培育|发展|转化|推荐|介绍|帮助|劝导|巡查|巡逻|演练|"
    r"检查|更换|修缮|维修|清运|种植|评选|表彰|签订|录入|核查|走访|探访|发现|整改|报送|刊发|发布|播放|放映|开设|增设|新设|"
    r"办好|办成|办结|建设|制作|印发|张贴|悬挂|拍摄|征集|捐赠|捐款|募集|认领|结对|联系|吸引|带动|新建|补种|栽植"
)


def has_digit(text: str) -> bool:
    return bool(_DIGIT.search(text))


def has_count(text: str, *, words: bool = True) -> bool:
    """A figure that counts something (not only a date or a clock time); words=False: digits only
    (a title's 三组 or 两委 is a name)."""
    norm = normalise(text)
    for m in _NUMBER.finditer(norm):
        if not _DATE_AFTER.match(norm, m.end()):
            return True
    return words and bool(_CN_COUNT.search(text))


_STOP_END = ("。", "；", ";", "！", "!", "？", "?", "…")


def fact_like(text: str) -> bool:
    """A numbered line that is a full sentence with a count (ends with 。, or is long, or holds a verb
    and a count) is a fact, not a heading."""
    body = text.strip()
    if not has_count(body):
        return False
    return body.endswith(_STOP_END) or len(body) > 28 or bool(_VERB.search(body)) or _counts(body) >= 2


def _counts(text: str) -> int:
    norm = normalise(text)
    return sum(1 for m in _NUMBER.finditer(norm) if not _DATE_AFTER.match(norm, m.end())) + len(_CN_COUNT.findall(text))


def heading_like(text: str, *, limit: int = 24) -> bool:
    """Short, without a full stop and without a count: it could name a section."""
    body = text.strip().rstrip("：:")
    if not body or len(body) > limit or body.endswith(_STOP_END):
        return False
    if "。" in body or "；" in body:
        return False
    return not has_count(body)


def sentence_like(text: str) -> bool:
    """A full sentence, not a heading: it ends with a full stop and says something."""
    t = text.strip()
    return t.endswith(("。", "！", "!")) and len(t) > 15 and not heading_like(t.rstrip("。！!"), limit=12)


_HEAD_TRIM = re.compile(r"^[\s:：,，、.．]+|[\s:：,，、.．。；;]+$")


def clean_title(text: str) -> str:
    """A heading's words as a person names the section: no numbering, no trailing colon or stop."""
    t = text.strip()
    inner = mark_of(t)
    if inner.kind not in ("text", "bullet") and not inner.kind.startswith("md"):
        t = inner.rest.split("\n")[0]
    return _HEAD_TRIM.sub("", t)


# Closing headings. Work headings that only mention problems (解决群众急难愁盼问题, 问题整改, 计划生育)
# stay in the body.
_PLAN_HEAD = re.compile(
    r"下一步|下步|下阶段|下一阶段|打算|展望|努力方向|今后|明年|来年|下半年工作|思路|^下(个)?(月|周|季度|半年)$|^下(个)?(月|周|季度)(工作)?|"
    r"(?<!生育)计划(?!生育)|工作安排|目标任务|(\d{4}|明)年(工作)?(重点|要点|目标)"
)
_WORK_PROBLEM = re.compile(r"(解决|化解|整改|排查|处理|办理|回应|收集|反映|协调|梳理)[^，。]{0,8}(问题|困难)|问题(整改|清零|销号|化解|解决|排查)|(困难|帮扶)(群众|家庭|户|救助)")
_SHORT_HEAD = re.compile(r"不足|短板|差距|薄弱|弱项|欠缺|问题|困难|瓶颈")


def closing_of_heading(title: str) -> str | None:
    """'shortcomings' or 'plans' when a heading (or an inline label such as 问题：) opens the closing."""
    t = title.strip()
    if _PLAN_HEAD.search(t) and not re.search(r"计划生育|计划(完成|执行|落实)", t):
        return "plans"
    if _SHORT_HEAD.search(t) and not _WORK_PROBLEM.search(t):
        return "shortcomings"
    return None


def names_both(title: str) -> bool:
    """存在问题及下一步打算: one heading over both closing parts."""
    return closing_of_heading(title) == "plans" and bool(_SHORT_HEAD.search(_PLAN_HEAD.sub("", title)))


# A fact that is itself a shortcoming or a plan, by how it starts (or, in flat notes, by its words).
_PLAN_START = re.compile(r"^(下一步|下步|下阶段|下一阶段|接下来|明年|来年|今后|下周|下月|下个月|下半年|下季度|(\d{4}|明|来)年[，,]?[^。，,]{0,10}(将|计划|拟|力争|打算)|\d{1,2}月份?(打算|计划|准备|将|拟)|计划(于|在|明年|新建|开展|举办|组织)|拟(于|在|将|开展|新建|举办|组织|推动)|力争)")
_SHORT_START = re.compile(
    r"^(存在的?(主要)?问题|问题[是:：]|(主要|最大的?)?问题(就|主要|在于|还是)|不足(之处)?|短板|困难[是:：]|但(是)?[^，。]{0,12}(仍|还)(存在|有)|(仍|还)存在|"
    r"但(是)?(也|同时)?(要|应|应当|必须)?(清醒地?)?(看到|认识到)|(同时|当然)，?(也)?(要|应)?(清醒地?)?(看到|认识到)|"
    r"(但是?|不过|当然|同时)[，,]?(也|还|仍)?(存在|有)[^。]{0,6}(问题|不足|困难|短板)|还有[个一些]*(问题|困难|不足))"
)
_PLAN_ANY = re.compile(r"下一步|下步|明年|今后|来年|打算")
_SHORT_ANY = re.compile(
    r"不足|短板|薄弱|有待|欠缺|不够|滞后|差距|尚未|仍(然)?存在|存在[^。，]{0,4}问题|不高|不强|偏少|偏低|较弱|老化|紧张|"
    r"(仍|还|依然|依旧)(然)?(有|面临|存在)?[^。，；]{0,4}困难|难以|^(工作中|实际工作中|调查中|检查中)(也)?发现"
)


def closing_of_fact(text: str, *, flat: bool) -> str | None:
    """Where a fact belongs when its words say so: at its start anywhere; anywhere in it in flat notes."""
    t = text.strip()
    if _PLAN_START.match(t):
        return "plans"
    if _SHORT_START.match(t):
        return "shortcomings"
    if flat:
        if _PLAN_ANY.search(t):
            return "plans"
        if _SHORT_ANY.search(t):
            return "shortcomings"
    return None
