"""Notes sections that are not work areas (基本情况, 工作成效, 主要做法, 其他 …) do not become work sections.

Background facts (辖区户数, 人口, 面积, 队伍规模) go to the opening; the rest go to the work section on
their topic, or form sections of their own by topic when no work section speaks of it.
"""

from __future__ import annotations

import re

from drafter.notes import Fact, FactSection

from .lexicon import OTHER_TOPIC, is_background_title, is_meta_title, topic_for, topic_scores

__all__ = ["regroup", "is_background_fact"]

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


def regroup(body: list[FactSection], *, flat: bool = False) -> tuple[list[FactSection], list[Fact]]:
    """(work sections, background facts): meta sections dissolved into work sections or new ones by topic."""
    background: list[Fact] = []
    work: list[FactSection] = []
    loose: list[Fact] = []
    for section in body:
        if is_meta_title(section.title):
            in_bg = is_background_title(section.title)
            for fact in section.facts:
                (background if is_background_fact(fact, in_background_section=in_bg) else loose).append(fact)
        elif flat:
            kept = [f for f in section.facts if not is_background_fact(f)]
            background += [f for f in section.facts if f not in kept]
            if kept:
                work.append(FactSection(title=section.title, facts=kept, closing=section.closing))
        else:
            work.append(FactSection(title=section.title, facts=list(section.facts), closing=section.closing))
    if not loose:
        return work, background
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
    for facts in extra.values():
        work.append(FactSection(title="", facts=facts))
    if others:
        if work and len(others) == 1:
            work[-1].facts.extend(others)
        else:
            work.append(FactSection(title="", facts=others))
    return work, background
