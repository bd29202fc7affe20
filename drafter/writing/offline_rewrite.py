"""The offline writer's rewrite of one section: another variant (other framing, order or grouping), and the
simple instructions it can follow — 更简洁 (framing dropped), 更详细 (framing kept, every fact spelled out),
突出… (the facts about … first), 换个标题 (another heading). What it cannot do it says, in a notice.

Notices start with "offline rewrite"; notice_zh gives the page's Chinese for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import HeadingChooser
from .offline import Composer, Style
from .plan import Plan, PlannedSection, localise

__all__ = ["OfflineRewrite", "rewrite_offline", "parse_instruction", "notice_zh"]

_CONCISE = re.compile(r"简洁|精简|简短|简练|压缩|短一些|短一点|删减")
_DETAILED = re.compile(r"详细|具体|展开|充实|丰富一些|多写")
_FOCUS = re.compile(r"(?:突出|重点写|重点突出|强调|侧重|着重写?)[“\"「]?([^”\"」，,。；;、]{1,12})")
_HEADING = re.compile(r"标题|题目")
_CLOSING_HEADINGS = {
    "shortcomings": ("存在的不足", "存在的问题", "问题和不足"),
    "plans": ("下一步工作打算", "下一步工作计划", "今后工作思路"),
    "both": ("存在的不足和下一步打算", "问题不足和今后打算"),
}


@dataclass
class Asked:
    concise: bool = False
    detailed: bool = False
    focus: str = ""
    heading: bool = False
    unknown: str = ""  # the instruction when none of the above was recognised


def parse_instruction(instruction: str | None) -> Asked:
    text = (instruction or "").strip()
    if not text:
        return Asked()
    m = _FOCUS.search(text)
    focus = m.group(1).strip() if m else ""
    focus = re.sub(r"(的)?(内容|工作|事实|方面|部分|情况)$", "", focus) or focus
    asked = Asked(concise=bool(_CONCISE.search(text)), detailed=bool(_DETAILED.search(text)), focus=focus,
                  heading=bool(_HEADING.search(text)))
    if not (asked.concise or asked.detailed or asked.focus or asked.heading):
        asked.unknown = text
    return asked


@dataclass
class OfflineRewrite:
    body: str
    heading: str | None  # the new heading without numbering, when asked and found
    notices: list[str]


def _sentences(text: str) -> set[str]:
    return {s.strip() + "。" for s in re.split(r"[。！？\n]", text) if s.strip()}


def _focus_word(planned: PlannedSection, word: str) -> str:
    """The word as the facts say it: the whole word, else its longest piece of two or more characters."""
    texts = [f.text for f in planned.facts]
    if any(word in t for t in texts):
        return word
    for size in range(len(word) - 1, 1, -1):
        for i in range(len(word) - size + 1):
            piece = word[i : i + size]
            if any(piece in t for t in texts):
                return piece
    return ""


def rewrite_offline(plan: Plan, planned: PlannedSection, old_body: str, rest_of_draft: str, other_headings: list[str],
                    instruction: str | None) -> OfflineRewrite:
    """Another version of one section; `rest_of_draft` (every other section's text) keeps its framing unused here."""
    asked = parse_instruction(instruction)
    notices: list[str] = []
    focus = _focus_word(planned, asked.focus) if asked.focus else ""
    if asked.focus and not focus:
        notices.append(f"offline rewrite cannot put {asked.focus} first: no fact of this section mentions it")
    elif focus:
        notices.append(f"offline rewrite: the facts about {focus} come first")
    if asked.concise and asked.detailed:
        notices.append("offline rewrite cannot be both shorter and more detailed; it wrote the shorter version")
    if asked.concise:
        notices.append("offline rewrite: more concise, framing sentences dropped")
    elif asked.detailed:
        notices.append("offline rewrite: more detailed, each fact spelled out on its own")
    if asked.unknown:
        notices.append(f"offline rewrite cannot follow the instruction {asked.unknown!r} (it knows 更简洁, 更详细, 突出…, 换个标题); "
                       "it wrote another variant")

    avoid = _sentences(rest_of_draft) | _sentences(old_body)  # other framing than the draft's, and than this section's
    old = old_body.strip()
    body = old
    for variant in range(1, 9):
        if asked.concise:
            style = Style(variant=variant, framing=False, focus=focus)
        elif asked.detailed:
            style = Style(variant=variant, join=False, focus=focus, enumerate_from=2)
        else:
            style = Style(variant=variant, focus=focus)
        body = Composer(plan, avoid=avoid).section(planned, style).strip()
        if body != old:
            break
    heading = _new_heading(plan, planned, other_headings, asked, notices) if asked.heading else None
    if body == old and heading is None:
        notices.append("offline rewrite found no other wording for this section; it is unchanged")
    elif not (asked.concise or asked.detailed or focus or asked.heading or asked.unknown):
        notices.append("offline rewrite: another variant (other framing, order or grouping)")
    return OfflineRewrite(body, heading, notices)


def _new_heading(plan: Plan, planned: PlannedSection, other_headings: list[str], asked: Asked, notices: list[str]) -> str | None:
    current = planned.heading
    if planned.closing:
        options = [h for h in _CLOSING_HEADINGS.get(planned.closing, ()) if h != current and h not in other_headings]
        heading = options[0] if options else None
    else:
        chooser = HeadingChooser(plan.seed + 1, localise=lambda p: localise(p, plan.notes.community))
        for h in [*other_headings, current]:
            chooser.reserve(h)
        text = " ".join(f.text for f in planned.facts)
        heading = chooser.heading("", planned.theme or "其他", text, salt=1)
    if not heading or heading == current:
        notices.append("offline rewrite could not find another heading for this section; the heading is unchanged")
        return None
    notices.append(f"offline rewrite: new heading {heading}")
    return heading


_ZH = (
    (re.compile(r"offline rewrite cannot put (.+) first: no fact"), "本节材料里没有提到“{0}”，无法突出；本节照常换了一种写法。"),
    (re.compile(r"offline rewrite: the facts about (.+) come first"), "已把有关“{0}”的内容放在最前。"),
    (re.compile(r"offline rewrite cannot be both"), "“更简洁”和“更详细”不能同时做到，已按更简洁改写。"),
    (re.compile(r"offline rewrite: more concise"), "已按“更简洁”去掉开头和结尾的套话，只保留事实。"),
    (re.compile(r"offline rewrite: more detailed"), "已按“更详细”逐条写出每项事实。"),
    (re.compile(r"offline rewrite cannot follow the instruction '(.*)'"),
     "离线写作只会按“更简洁”“更详细”“突出……”“换个标题”改写，做不到“{0}”；本节只是换了一种写法，要按这条要求改写请选择模型。"),
    (re.compile(r"offline rewrite: another variant"), "离线重写：换了一种写法（开头结尾、顺序或分组不同），事实和数字不变。"),
    (re.compile(r"offline rewrite could not find another heading"), "没有找到合适的新标题，标题未改。"),
    (re.compile(r"offline rewrite: new heading (.+)"), "已换标题：{0}。"),
    (re.compile(r"offline rewrite found no other wording"), "本节材料太少，离线写作写不出另一种写法，本节未改动。"),
)


def notice_zh(notice: str) -> str | None:
    """The page's Chinese for an offline rewrite notice (None for any other notice)."""
    for pattern, zh in _ZH:
        m = pattern.search(notice)
        if m:
            return zh.format(*m.groups())
    return None
