"""Notes sections that are not work areas (基本情况, 工作成效, 主要做法, 其他 …) do not become work sections.

Background facts (辖区户数, 人口, 面积, 队伍规模) go to the opening; the rest go to the work section on
their topic, or form sections of their own by topic when no work section speaks of it.
"""

from __future__ import annotations

import re

from drafter.notes import Fact, FactSection

from .lexicon import OTHER_TOPIC, is_background_title, is_meta_title, topic_for, topic_scores

__all__ = ["regroup", "is_background_fact", "AFFINITY"]

# Related work areas: a topic with a single flat fact joins its partner's section when there is one.
LIVELIHOOD = ("养老", "民政", "就业", "卫生健康", "便民服务", "退役军人", "妇女儿童", "教育")
AFFINITY: dict[str, tuple[str, ...]] = {
    **{t: tuple(o for o in LIVELIHOOD if o != t) + ("志愿服务",) for t in LIVELIHOOD},
    "网格治理": ("平安", "便民服务", "党建"),
    "平安": ("网格治理", "防汛应急"),
    "防汛应急": ("平安", "网格治理"),
    "党建": ("理论学习", "组织保障"),
    "组织保障": ("党建",),
    "理论学习": ("党建", "宣传"),
    "宣传": ("理论学习", "文化", "文明实践"),
    "文化": ("文明实践", "宣传"),
    "文明实践": ("文化", "志愿服务", "环境"),
    "环境": ("文明实践", "网格治理"),
    "志愿服务": ("文明实践", "民政", "养老"),
    "乡村振兴": ("就业", "党建"),
}


# Facts that describe the community rather than report work.
_BACKGROUND = re.compile(
    r"面积(约|达|为)?\d|平方公里|户籍人口|常住人口|流动人口|总人口|人口\d|现有(居民|住户|人口|户籍)|共有(居民|住户|人口)|"
    r"下辖|辖\d|居民小组\d|村民小组\d|自然村\d|(居民|住户|农户)\d+(余|多)?户|\d+(余|多)?户[、，,]?\d*(余|多)?(人|口)"
)
_WORK_VERB = re.compile(r"开展|组织|举办|召开|完成|新建|新增|建成|荣获|获评|评为|发放|走访|慰问|化解|调解|排查|整治|清理|帮助|推荐|签订|开办|实施|落实|累计|全年")
_BACKGROUND_LIKE = re.compile(r"^(现有|共有|有|辖区|下辖|社区|本社区|全村|本村|村)|工作人员|社工|网格员|党员\d|在册|队伍")


def is_background_fact(fact: Fact, *, in_background_section: bool = False) -> bool:
    text = fact.text
    if _BACKGROUND.search(text) and not _WORK_VERB.search(text):
        return True
    return in_background_section and bool(_BACKGROUND_LIKE.search(text)) and not _WORK_VERB.search(text)


_HONOUR = re.compile(r"荣获|获评|被评为|被授予|评为|称号|表彰")


def _community_honour(fact: Fact, community: str) -> bool:
    """社区荣获“省级文明社区”称号: an honour of the whole community, told in the opening."""
    subject = ("社区", "本社区", "我社区", "村", "本村", "我村", "全村") + ((community,) if community else ())
    return fact.text.startswith(subject) and bool(_HONOUR.search(fact.text))


def regroup(body: list[FactSection], *, flat: bool = False, community: str = "") -> tuple[list[FactSection], list[Fact], list[Fact]]:
    """(work sections, background facts, the community's honours): meta sections dissolved into the opening,
    the work sections on their topics (or a related one), or new sections by topic."""
    background: list[Fact] = []
    highlights: list[Fact] = []
    work: list[FactSection] = []
    loose: list[Fact] = []
    for section in body:
        if is_meta_title(section.title):
            in_bg = is_background_title(section.title)
            for fact in section.facts:
                if is_background_fact(fact, in_background_section=in_bg):
                    background.append(fact)
                elif _community_honour(fact, community):
                    highlights.append(fact)
                else:
                    loose.append(fact)
        elif flat:
            kept = [f for f in section.facts if not is_background_fact(f)]
            background += [f for f in section.facts if f not in kept]
            if kept:
                work.append(FactSection(title=section.title, facts=kept, closing=section.closing))
        else:
            work.append(FactSection(title=section.title, facts=list(section.facts), closing=section.closing))
    if not loose:
        return work, background, highlights
    topics = [topic_for(" ".join(f.text for f in s.facts), s.title) for s in work]
    extra: dict[str, list[Fact]] = {}
    for fact in loose:
        scores = topic_scores(fact.text)
        present = [t for t in topics if scores.get(t)]  # a section already on one of its topics takes it
        topic = max(present, key=lambda t: scores[t]) if present else topic_for(fact.text)
        if topic != OTHER_TOPIC and topic in topics:
            work[topics.index(topic)].facts.append(fact)
        else:
            extra.setdefault(topic, []).append(fact)
    others = extra.pop(OTHER_TOPIC, [])
    for topic, facts in extra.items():
        related = next((t for t in AFFINITY.get(topic, ()) if t in topics), None)
        if len(facts) == 1 and related:  # one result alone is no section: it goes to the related work
            work[topics.index(related)].facts.extend(facts)
        else:
            work.append(FactSection(title="", facts=facts))
    if others:
        if work and len(others) == 1:
            work[-1].facts.extend(others)
        else:
            work.append(FactSection(title="", facts=others))
    return work, background, highlights
