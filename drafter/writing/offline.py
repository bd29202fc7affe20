"""The offline writer: composes a draft from the facts alone, in the genre's voice, with no model.

Correct by construction: every quantity in its output is a fact's text as the user wrote it, or the
period from the notes' front matter. Its own phrases (drafter.writing.lexicon's bank, the style examples'
number-free sentences) carry no numbers. Choices (headings, framing, joiners) are seeded by the notes'
words, so the same notes give the same draft, and no framing sentence is used twice in a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.notes import Fact, Notes

from .framing import Framer, example_framing
from .lexicon import bank, joiners
from .plan import Plan, PlannedSection, bare_title, localise
from .prose import ORDINALS, clause, group_facts, layout, self_enumerated

__all__ = ["compose_opening", "compose_section", "compose_all", "Composer", "Style", "ORDINALS"]


@dataclass(frozen=True)
class Style:
    """How to write one section: variant picks other framing and joiners; framing off is 更简洁;
    join off spells every fact out on its own (更详细); focus puts the facts that mention it first (突出…)."""

    variant: int = 0
    framing: bool = True
    join: bool = True
    focus: str = ""
    enumerate_from: int = 3


def _kind_topic(notes: Notes) -> str:
    """'宣传思想文化' from '宣传思想文化工作总结', for phrases like 把宣传思想文化工作做得更加出色."""
    kind = re.sub(r"(上半年|下半年|年度|半年|全年)?(工作)?(总结|报告)$", "", notes.kind or "").strip()
    kind = re.sub(r"^(19|20)\d{2}年", "", kind)
    return kind or ("全村" if _unit(notes) == "村" else "社区")


def _unit(notes: Notes) -> str:
    return "村" if notes.community.endswith("村") else "社区"


@lru_cache(maxsize=1)
def _topical() -> frozenset[str]:
    """Two-character words that name an activity: facts sharing one are about the same work."""
    grams = set()
    for topic in bank().values():
        for word in topic.keywords:
            grams |= {word[i : i + 2] for i in range(len(word) - 1)}
    return frozenset(grams | {"活动", "宣传", "培训", "讲座", "走访", "服务", "巡逻", "演练"})


def _background(plan: Plan) -> str:
    """The community's own figures (户数, 人口, 面积, 队伍), as typed, before the opening's usual words."""
    if not plan.background:
        return ""
    who = plan.notes.community
    parts = [clause(f) for f in plan.background]
    first = parts[0]
    if who and not first.startswith((who, "本社区", "本村", "全村", "我社区", "我村")):
        first = who + ("" if first.startswith(("辖区", "现有", "共有", "下辖", "有", "总")) else "") + first
    return "，".join([first, *parts[1:]]) + "。"


def compose_opening(plan: Plan) -> str:
    notes = plan.notes
    who = notes.community or "社区"
    when = f"{notes.period}，" if notes.period else "一年来，"
    guideline = notes.guideline.strip("。，, ") if notes.guideline else "坚持以习近平新时代中国特色社会主义思想为指导"
    work = f"{_kind_topic(notes)}各项工作"
    areas = "、".join(_area_names(plan)) or "各项重点任务"
    honours = "".join(f"{clause(f)}，" for f in plan.highlights)  # 社区荣获…称号, told as the year's result
    return _background(plan) + (
        f"{when}{who}在上级党委、政府的正确领导下，{guideline}，紧紧围绕中心、服务大局，"
        f"扎实推进{work}，在{areas}等方面取得了积极成效，{honours}" .rstrip("，") + "。现将有关情况总结如下："
    )


def _area_names(plan: Plan) -> list[str]:
    """The work each section names: the user's plain heading, else the object of the genre heading."""
    names: list[str] = []
    for section in plan.body:
        name = bare_title(section.title)
        if not name or "，" in name or any(ch.isdigit() for ch in name) or len(name) > 8:
            topic = bank().get(section.theme)  # the topic's general work name: 平安建设, 养老服务
            half = topic.firsts[0] if topic and section.theme != "其他" else section.heading.split("，")[0]
            name = half[2:] if len(half) == 6 else ""
        if name and name not in names and not any(ch.isdigit() for ch in name):
            names.append(name)
    return names[:4]


_PLAN_PREFIX = re.compile(r"^(下一步|下步|今后|明年)[，,]?(我们)?(将|要)?")
_SHORT_LEADS = ("在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些不足：", "回顾一年来的工作，我们也看到还存在一些差距和不足：")


class Composer:
    """Writes one draft's sections in order; the framer remembers every framing sentence already used."""

    def __init__(self, plan: Plan, *, avoid: set[str] | None = None) -> None:
        self.plan = plan
        community = plan.notes.community
        self.framer = Framer(plan.seed, unit=_unit(plan.notes), localise=lambda s: localise(s, community), avoid=avoid)

    def section(self, section: PlannedSection, style: Style = Style()) -> str:
        if section.closing:
            return self._closing(section, style)
        facts = section.facts
        salt = section.number * 3
        if self_enumerated(facts):
            paragraphs = ["".join(clause(f, own_ordinal=True) + "。" for f in facts if clause(f))]
        else:
            items = group_facts(facts, _topical(), join=style.join, first=style.focus)
            # An odd variant (a rewrite) tells three or four items as plain sentences instead of 一是…二是….
            plain = style.variant % 2 == 1 and len(items) <= 4 and style.enumerate_from > 2
            paragraphs = layout(items, joiners(), self.plan.seed // 17 + salt + style.variant,
                                enumerate_from=0 if plain else style.enumerate_from)
        if not style.framing:
            return "\n\n".join(paragraphs)
        theme = section.theme or "其他"
        leads, closes = example_framing(section.example_texts, theme)
        lead = self.framer.lead(theme, salt, examples=leads, variant=style.variant)
        close = self.framer.close(theme, salt, examples=closes, variant=style.variant)
        paragraphs[0] = lead + paragraphs[0]
        paragraphs[-1] = paragraphs[-1] + close
        return "\n\n".join(paragraphs)

    def _closing(self, section: PlannedSection, style: Style) -> str:
        plan = self.plan
        topic = _kind_topic(plan.notes)
        v = style.variant
        if section.closing == "shortcomings":
            facts = [f for f in section.facts if clause(f)]
            items = group_facts(facts, _topical(), join=False)
            paragraphs = layout(items, ("同时，", "此外，"), v, enumerate_from=2)
            if len(facts) <= 1:
                body = paragraphs[0] or "工作的创新性还有待提升。"
                lead = ("在肯定成绩的同时，我们也清醒地认识到，工作中还存在不足，主要是", "回顾工作，我们也看到还存在差距，主要是")[v % 2]
                return lead + body
            return "\n\n".join([_SHORT_LEADS[v % 2] + paragraphs[0], *paragraphs[1:]])
        if section.closing == "plans":
            facts = [Fact(f.id, _PLAN_PREFIX.sub("", f.text), f.section, f.line) for f in section.facts]
            facts = [f for f in facts if clause(f)]
            items = group_facts(facts, _topical(), join=False)
            paragraphs = layout(items, ("同时，", "此外，"), v, enumerate_from=2)
            if len(facts) <= 1:
                lead = ("下一步，我们将坚持问题导向，", "下一步，我们将聚焦短板、持续用力，")[v % 2] + ("" if facts else "持续改进工作。")
            else:
                lead = ("下一步，我们将坚持问题导向，重点抓好以下工作：", "下一步，我们将对标上级要求和居民期盼，重点做好以下工作：")[v % 2]
            if not style.framing:
                return "\n\n".join([lead + paragraphs[0], *paragraphs[1:]])
            ending = localise(f"我们将扬长避短、真抓实干，力争把{topic}工作做得更加出色。", plan.notes.community)
            return "\n\n".join([lead + paragraphs[0], *paragraphs[1:], ending])
        return localise(
            "回顾过去的工作，我们虽然取得了较好成绩，但对照上级要求和居民期盼仍有差距，"
            "工作的创新性、居民参与的广泛性还有待进一步提升。\n\n"
            f"下一步，我们将认真总结经验、查找不足，扬长避短、攻坚克难，力争把{topic}工作做得更加出色。",
            plan.notes.community,
        )


def compose_all(plan: Plan) -> list[str]:
    """Every section's body, in order, with no framing sentence twice."""
    composer = Composer(plan)
    return [composer.section(s) for s in plan.sections]


def compose_section(section: PlannedSection, plan: Plan, style: Style = Style(), *, avoid: set[str] | None = None) -> str:
    """The body of one section (no heading line): paragraphs separated by blank lines.

    Alone (a rewrite), framing sentences in `avoid` (the rest of the draft's) are not used."""
    if avoid is None and style == Style():
        return compose_all(plan)[plan.sections.index(section)] if section in plan.sections else Composer(plan).section(section)
    return Composer(plan, avoid=avoid).section(section, style)

