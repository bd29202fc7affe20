"""The offline writer: composes a draft from the facts alone, in the genre's voice, with no model.

Correct by construction: every quantity in its output is a fact's text as the user wrote it, or the
period from the notes' front matter. Its own phrases carry no numbers (only set phrases like 一是).
"""

from __future__ import annotations

import re

from drafter.corpus import OTHER
from drafter.notes import Fact, Notes

from .plan import Plan, PlannedSection, bare_title, localise, section_number

__all__ = ["compose_opening", "compose_section", "ORDINALS"]

# 一是 … 十是, then 第十一, … (the genre rarely goes past ten).
ORDINALS = [f"{section_number(i)}是" for i in range(1, 11)]

# Lead and closing sentences per topic, two variants each ({unit} is 社区 or 村). None carries a number.
_LEADS: dict[str, tuple[str, ...]] = {
    "理论学习": ("坚持把理论学习作为首要政治任务，以学促知、以学促行，不断提升党员干部和居民群众的理论素养。",
             "坚持学用结合、知行合一，推动党的创新理论走进{unit}、深入人心。"),
    "党建引领": ("坚持以党建引领各项工作，充分发挥党组织战斗堡垒作用和党员先锋模范作用。",
             "坚持抓党建、促发展，持续加强党员队伍建设，不断提升党组织的组织力。"),
    "宣传报道": ("坚持正确舆论导向，围绕中心、服务大局，持续加强宣传信息工作，讲好{unit}故事。",
             "坚持内宣外宣并重，创新宣传方式，不断扩大{unit}工作的影响力。"),
    "志愿服务": ("坚持把志愿服务作为服务居民的重要抓手，不断壮大队伍、丰富载体、完善机制。",
             "坚持以志愿服务传递温暖、弘扬新风，推动志愿服务常态化、制度化。"),
    "文化活动": ("坚持以文化人、以文育人，广泛开展群众喜闻乐见的文化活动，丰富居民精神文化生活。",
             "坚持文化惠民，搭建居民展示才艺、交流情感的平台，营造积极向上的文化氛围。"),
    "文明创建": ("坚持把文明创建作为提升居民素质和{unit}品位的重要载体，持续深化群众性精神文明创建活动。",
             "坚持教育引导与实践养成相结合，持续培育文明风尚，推动文明理念融入居民日常生活。"),
    "环境整治": ("坚持常态治理与集中整治相结合，持续改善辖区环境面貌，努力打造整洁有序的居住环境。",
             "坚持问题导向，聚焦环境卫生难点，推动辖区环境持续向好。"),
    "平安建设": ("坚持安全发展理念，扎实做好安全防范和矛盾化解工作，切实维护{unit}和谐稳定。",
             "坚持群防群治，织密安全防护网，不断提升居民的安全感。"),
    "民生帮扶": ("坚持以人民为中心的发展思想，聚焦困难群体和居民急难愁盼，扎实做好民生保障工作。",
             "坚持把群众冷暖放在心上，用心用情解决居民身边的难事、急事。"),
    "社区治理": ("坚持共建共治共享，不断创新治理方式，推动服务力量下沉、治理效能提升。",
             "坚持把服务做在前面，完善工作机制，提升精细化治理水平。"),
    OTHER: ("坚持统筹兼顾、突出重点，扎实推进各项工作落地落实。",
            "坚持目标导向，细化工作措施，确保各项任务按期完成。"),
}
_ENDINGS: dict[str, tuple[str, ...]] = {
    "理论学习": ("通过系统学习，党员干部的政治素质和履职能力得到进一步提升。", "理论学习的覆盖面和实效性不断增强。"),
    "党建引领": ("{unit}党组织的凝聚力、战斗力和号召力得到进一步增强。", "党员队伍的先锋模范作用得到充分发挥。"),
    "宣传报道": ("{unit}的知名度和影响力不断提升，为各项工作营造了良好的舆论氛围。", "正面宣传的声音更加响亮。"),
    "志愿服务": ("志愿服务已成为{unit}的一张亮丽名片，得到居民群众的广泛好评。", "志愿服务的覆盖面和影响力持续扩大。"),
    "文化活动": ("{unit}文化氛围日益浓厚，居民的获得感和幸福感不断增强。", "居民的精神文化生活更加丰富多彩。"),
    "文明创建": ("{unit}文明程度和居民文明素养得到明显提升。", "崇德向善、文明和谐的良好风尚正在形成。"),
    "环境整治": ("辖区环境面貌明显改善，居民满意度不断提高。", "居民的居住环境更加整洁有序。"),
    "平安建设": ("辖区治安形势总体平稳，居民安全感持续增强。", "{unit}和谐稳定的局面得到巩固。"),
    "民生帮扶": ("党和政府的温暖切实送到了居民群众的心坎上。", "居民群众的获得感、幸福感不断增强。"),
    "社区治理": ("{unit}治理和服务水平得到有效提升。", "居民群众的满意度不断提高。"),
    OTHER: ("各项工作取得了积极成效。", "各项任务得到有效落实。"),
}
_TRAILING_PUNCT = re.compile(r"[。；;，,、！!？?…\s]+$")


def _kind_topic(notes: Notes) -> str:
    """'宣传思想文化' from '宣传思想文化工作总结', for phrases like 把宣传思想文化工作做得更加出色."""
    kind = re.sub(r"(上半年|下半年|年度|半年|全年)?(工作)?(总结|报告)$", "", notes.kind or "").strip()
    kind = re.sub(r"^(19|20)\d{2}年", "", kind)
    return kind or ("全村" if _unit(notes) == "村" else "社区")


def compose_opening(plan: Plan) -> str:
    notes = plan.notes
    who = notes.community or "社区"
    when = f"{notes.period}，" if notes.period else "一年来，"
    guideline = notes.guideline.strip("。，, ") if notes.guideline else "坚持以习近平新时代中国特色社会主义思想为指导"
    topic = _kind_topic(notes)
    work = f"{topic}各项工作"
    areas = "、".join(_area_names(plan)) or "各项重点任务"
    return (
        f"{when}{who}在上级党委、政府的正确领导下，{guideline}，紧紧围绕中心、服务大局，"
        f"扎实推进{work}，在{areas}等方面取得了积极成效。现将有关情况总结如下："
    )


def _unit(notes: Notes) -> str:
    return "村" if notes.community.endswith("村") else "社区"


def _variant(table: dict[str, tuple[str, ...]], section: PlannedSection, plan: Plan) -> str:
    """The lead or ending for a section; a topic's second section gets the second variant."""
    options = table.get(section.topic, table[OTHER])
    seen = sum(1 for s in plan.body if s.topic == section.topic and s.number < section.number)
    return localise(options[seen % len(options)].format(unit=_unit(plan.notes)), plan.notes.community)


def _area_names(plan: Plan) -> list[str]:
    """The user's headings for the opening's 在…等方面, when they are plain names: a heading with a
    number in it (10件民生实事) stays in its own section, and grouped notes' 其他工作 says nothing."""
    from drafter.numbers import find_quantities

    names = []
    for section in plan.body:
        name = bare_title(section.title)
        if name and name not in ("其他", "其他工作") and not find_quantities(name) and not any(ch.isdigit() for ch in name):
            names.append(name)
    return names[:4]


# A fact the user already numbered (一是…, 1.…) must not get a second ordinal.
_OWN_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|最后|[（(][一二三四五六七八九十\d]+[)）])[，,、：:]?")


def _clause(fact: Fact, *, own_ordinal: bool = False) -> str:
    """The fact as a clause: trailing punctuation off, and its own leading ordinal off unless kept."""
    text = fact.text.strip() if own_ordinal else _OWN_ORDINAL.sub("", fact.text.strip())
    return _TRAILING_PUNCT.sub("", text)


def _self_enumerated(facts: list[Fact]) -> bool:
    """True when a fact carries its own 一是…二是… list: ordinals around it would nest."""
    return any(re.search(r"[一二三四五六七八九十]是", f.text[1:]) for f in facts)


def _enumerate(facts: list[Fact], per_paragraph: int = 4) -> list[str]:
    """Facts as 一是…；二是…。 sentences, at most per_paragraph items to a paragraph."""
    facts = [f for f in facts if _clause(f)]  # a bare "下一步" left nothing to say
    if not facts:
        return [""]
    if len(facts) == 1:
        return [_clause(facts[0]) + "。"]
    if _self_enumerated(facts):
        chunks = [facts[start : start + per_paragraph] for start in range(0, len(facts), per_paragraph)]
        return ["".join(_clause(f, own_ordinal=True) + "。" for f in chunk) for chunk in chunks]
    paragraphs = []
    for start in range(0, len(facts), per_paragraph):
        chunk = facts[start : start + per_paragraph]
        items = []
        for i, fact in enumerate(chunk, start):
            # Past ten the genre switches to connectives; an ordinal like 第十一 would be a quantity.
            label = ORDINALS[i] if i < len(ORDINALS) else "此外，"
            items.append(f"{label}{_clause(fact)}")
        paragraphs.append("；".join(items) + "。")
    return paragraphs


_PLAN_PREFIX = re.compile(r"^(下一步|下步|今后|明年)[，,]?(我们)?(将|要)?")


def compose_section(section: PlannedSection, plan: Plan) -> str:
    """The body of one section (no heading line): paragraphs separated by blank lines."""
    topic = _kind_topic(plan.notes)
    if section.closing == "shortcomings":
        facts = [f for f in section.facts if _clause(f)]
        paragraphs = _enumerate(facts)
        if len(facts) <= 1:
            return f"在肯定成绩的同时，我们也清醒地认识到，工作中还存在不足，主要是{paragraphs[0] or '工作的创新性还有待提升。'}"
        lead = "在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些不足："
        return "\n\n".join([lead + paragraphs[0], *paragraphs[1:]])
    if section.closing == "plans":
        facts = [Fact(f.id, _PLAN_PREFIX.sub("", f.text), f.section, f.line) for f in section.facts]
        facts = [f for f in facts if _clause(f)]
        paragraphs = _enumerate(facts)
        if len(facts) <= 1:
            lead = "下一步，我们将坚持问题导向，" + ("" if facts else "持续改进工作。")
        else:
            lead = "下一步，我们将坚持问题导向，重点抓好以下工作："
        ending = f"我们将扬长避短、真抓实干，力争把{topic}工作做得更加出色。"
        return "\n\n".join([lead + paragraphs[0], *paragraphs[1:], ending])
    if section.closing == "both":
        return localise(
            "回顾过去的工作，我们虽然取得了较好成绩，但对照上级要求和居民期盼仍有差距，"
            "工作的创新性、居民参与的广泛性还有待进一步提升。\n\n"
            f"下一步，我们将认真总结经验、查找不足，扬长避短、攻坚克难，力争把{topic}工作做得更加出色。",
            plan.notes.community,
        )
    paragraphs = _enumerate(section.facts)
    paragraphs[0] = _variant(_LEADS, section, plan) + paragraphs[0]
    paragraphs[-1] = paragraphs[-1] + _variant(_ENDINGS, section, plan)
    return "\n\n".join(paragraphs)
