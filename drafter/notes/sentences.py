"""Facts inside one line: prose split at 。 and ； (a sentence without a subject of its own stays with
the one before it), 一是…二是… and ①②… runs split into facts, and inline lists such as
"问题：a；b；c" read as a label with its items.
"""

from __future__ import annotations

import re

from .hierarchy import has_count, normalise

__all__ = ["split_prose", "split_runs", "inline_list", "GENERIC_LABEL"]

_SENTENCE_END = re.compile(r"(?<=[。！？；;!?])[”’」』）)]*")
# A sentence that starts like this carries on the fact before it: it has no subject of its own.
_CONTINUES = re.compile(
    r"^(其中|共计?|累计|合计|总计|并|同时|还|均|都|全部|参与|参加|参训|覆盖|惠及|受益|涉及|涵盖|包括|取得|得到|受到|获得|"
    r"赢得|从而|较|比|同比|环比|占|达到|达|人数|服务对象|有效|切实|进一步|使|让|此项|该项|这项|此次|这些)"
)
_SEPARATORS = "；;，,、 \t"


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start : m.end()].strip()
        if piece:
            parts.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _clean(piece: str) -> str:
    return piece.strip().rstrip(_SEPARATORS).strip()


def split_prose(text: str) -> list[str]:
    """A paragraph's facts: its runs when it has them, else its sentences, joined where the second
    sentence has no subject of its own or only comments on the figure before it."""
    runs = split_runs(text)
    if runs is not None:
        return runs
    facts: list[str] = []
    for sentence in _sentences(text):
        body = sentence.strip()
        if not body.strip("。！？!?；;，,、 "):
            continue
        if facts and (_CONTINUES.match(body) or (not has_count(body) and has_count(facts[-1]) and len(body) <= 30)):
            facts[-1] = facts[-1] + body
        else:
            facts.append(body)
    return [f.rstrip("；;，,") for f in facts]


_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_BOUNDARY = r"(?:^|(?<=[，,；;。：:\s、！!]))"
_RUNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(_BOUNDARY + rf"([{_CN}]{{1,2}})是"), "cn"),
    (re.compile(_BOUNDARY + rf"第([{_CN}]{{1,2}})[，,、：:]"), "cn"),
    (re.compile(_BOUNDARY + rf"其([{_CN}])[，,、：:]"), "cn"),
    (re.compile(rf"([{_CIRCLED}])"), "circled"),
    (re.compile(r"[(（](\d{1,2})[)）]"), "digit"),
    (re.compile(_BOUNDARY + r"(\d{1,2})[、.](?!\d)"), "digit"),
)
_CN_VALUES = {ch: i for i, ch in enumerate(_CN, 1)}


def _value(token: str, kind: str) -> int:
    if kind == "circled":
        return _CIRCLED.index(token) + 1
    if kind == "digit":
        return int(token)
    if token.startswith("十"):
        return 10 + (_CN_VALUES.get(token[1:], 0) if len(token) > 1 else 0)
    return _CN_VALUES.get(token, 0)


def split_runs(text: str) -> list[str] | None:
    """The items of a 一是…二是… (第一，…第二，… / ①…② / (1)…(2) / 1、…2、) run in a line, or None.

    A run counts from 1 and goes up by one; the words before it become a fact of their own only when
    they hold a count or are long enough to say something (a lead-in like 主要做法： is dropped).
    """
    norm = normalise(text)
    for pattern, kind in _RUNS:
        marks = [m for m in pattern.finditer(norm)]
        chain: list[re.Match[str]] = []
        for m in marks:
            if _value(m.group(1), kind) == len(chain) + 1:
                chain.append(m)
        if len(chain) < 2:
            continue
        pieces: list[str] = []
        prefix = _clean(text[: chain[0].start()]).rstrip("：:")
        if prefix and (has_count(prefix) or len(prefix) > 20):
            pieces.append(prefix)
        for i, m in enumerate(chain):
            end = chain[i + 1].start() if i + 1 < len(chain) else len(text)
            piece = _clean(text[m.end() : end])
            if piece:
                pieces.append(piece)
        return pieces or None
    return None


_SPEAKER = re.compile(r"^[\u4e00-\u9fff]{1,4}(书记|主任|部长|局长|镇长|站长|科长|组长|老师|同志|网格员|社工)$|^(我|我们)$")
# Labels that name no topic: their items go to the section they stand in.
GENERIC_LABEL = re.compile(r"^((本|今|上|近|这)(周|月|天|日|季度|年|期)|\d{1,2}月(份)?|[一二三四五六七八九十]{1,3}月(份)?)?(的)?(主要)?(工作|情况|工作情况|完成情况|具体情况|进展|工作进展|动态)?$")
_LABEL = re.compile(r"^([^：:，,。；;！!？?]{1,12})[：:]\s*(.+)$")


def inline_list(text: str) -> tuple[str, list[str]] | None:
    """("问题", ["a", "b", "c"]) for "问题：a；b；c"; None when the line is not a label and its items."""
    m = _LABEL.match(text.strip())
    if not m or has_count(m.group(1)) or re.search(r"\d{1,2}$", normalise(m.group(1))):
        return None
    label, rest = re.sub(r"^(但是?|不过|同时)(也|还)?", "", m.group(1).strip()) or m.group(1).strip(), m.group(2).strip()
    if _SPEAKER.match(label):
        return None  # "李主任：本周巡逻12次" is who speaks, not a topic
    items = split_runs(rest)
    if items is None:
        items = [_clean(p) for p in re.split(r"[；;]", rest)]
        items = [p for p in items if p and p.strip("。")]
    return label, items
