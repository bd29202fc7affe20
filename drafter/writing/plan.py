"""Planning a draft: notes in, an ordered list of sections with their facts and genre headings out.

No model and no index are needed here; style examples are attached later by drafter.draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafter.corpus import OTHER, topic_of
from drafter.notes import Fact, FactSection, Notes, closing_of_fact

__all__ = ["PlannedSection", "Plan", "plan_draft", "CN_NUMERALS", "section_number", "genre_heading", "draft_title"]

CN_NUMERALS = "一二三四五六七八九十"


def section_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (first-level heading numbering)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_NUMERALS[tens - 1] + "十"
    return head + (CN_NUMERALS[ones - 1] if ones else "")


@dataclass
class PlannedSection:
    number: int  # 1-based position in the draft
    title: str  # the user's heading (or the topic label for grouped flat notes)
    heading: str  # the genre heading without numbering, e.g. 强化理论学习，筑牢思想根基
    topic: str
    facts: list[Fact]
    closing: str | None = None  # "shortcomings", "plans", "both" (generic, no facts) or None
    examples: list[str] = field(default_factory=list)  # ids of the style examples used
    theme: str = ""  # the offline writer's finer topic (drafter.writing.lexicon): 养老, 就业, 防汛应急 …
    example_texts: list[str] = field(default_factory=list)  # the style examples' texts (framing only, never facts)

    @property
    def numbered_heading(self) -> str:
        return f"{section_number(self.number)}、{self.heading}"


@dataclass
class Plan:
    title: str
    notes: Notes
    sections: list[PlannedSection]
    background: list[Fact] = field(default_factory=list)  # facts about the community itself, for the opening
    highlights: list[Fact] = field(default_factory=list)  # the community's honours from 工作成效 and the like, for the opening
    seed: int = 0  # from the notes' content: the same notes give the same draft

    @property
    def body(self) -> list[PlannedSection]:
        return [s for s in self.sections if s.closing is None]

    @property
    def closing(self) -> list[PlannedSection]:
        return [s for s in self.sections if s.closing is not None]


# Short parallel headings per topic: verbs to put before the user's words and second clauses.
# When a topic comes back in a later section the next variant is used, so headings stay parallel, not repeated.
_VERBS: dict[str, tuple[str, ...]] = {
    "理论学习": ("强化", "深化"),
    "党建引领": ("加强", "抓实", "深化"),
    "宣传报道": ("加强", "做好"),
    "志愿服务": ("深化", "拓展"),
    "文化活动": ("丰富", "繁荣"),
    "文明创建": ("深化", "推进", "加强"),
    "环境整治": ("狠抓", "推进"),
    "平安建设": ("深化", "推进"),
    "民生帮扶": ("做实", "做细"),
    "社区治理": ("创新", "完善"),
    OTHER: ("扎实推进", "统筹推进"),
}
_TAILS: dict[str, tuple[str, ...]] = {
    "理论学习": ("筑牢思想根基", "提升理论素养"),
    "党建引领": ("夯实战斗堡垒", "激发队伍活力", "强化先锋作用"),
    "宣传报道": ("唱响主旋律", "凝聚正能量"),
    "志愿服务": ("凝聚为民合力", "传递文明新风"),
    "文化活动": ("繁荣群众文化", "丰富精神生活"),
    "文明创建": ("提升文明素养", "培育文明新风", "涵养社会风尚"),
    "环境整治": ("美化人居环境", "提升环境品质"),
    "平安建设": ("守护居民安宁", "维护和谐稳定"),
    "民生帮扶": ("增进居民福祉", "温暖困难群众"),
    "社区治理": ("提升治理效能", "增强服务能力"),
    OTHER: ("推动工作落地见效", "提升工作实效"),
}
# A heading for a group of flat notes, named by its topic alone.
_TOPIC_HEADINGS: dict[str, str] = {
    "理论学习": "强化理论学习，筑牢思想根基",
    "党建引领": "坚持党建引领，夯实战斗堡垒",
    "宣传报道": "加强宣传报道，唱响主旋律",
    "志愿服务": "深化志愿服务，凝聚为民合力",
    "文化活动": "丰富文化活动，繁荣群众文化",
    "文明创建": "深化文明创建，提升文明素养",
    "环境整治": "狠抓环境整治，美化人居环境",
    "平安建设": "深化平安建设，守护居民安宁",
    "民生帮扶": "做实民生帮扶，增进居民福祉",
    "社区治理": "创新社区治理，提升治理效能",
    OTHER: "统筹推进其他工作，提升工作实效",
}
_STARTS_WITH_VERB = re.compile(
    r"^(加强|强化|深化|推进|推动|开展|抓|狠抓|抓实|抓好|做好|做实|做优|提升|提高|坚持|创新|丰富|完善|健全|突出|聚焦|注重|打造|筑牢|夯实|凝聚|落实|深入|扎实|全面|持续|积极|大力|广泛|着力|发展|壮大|服务)"
)
_CLOSING_HEADINGS = {"shortcomings": "存在的不足", "plans": "下一步工作打算", "both": "存在的不足和下一步打算"}
# Numbering the user put before a heading: 一、 / 1. / 1、 / （一） / (1) / ⑴ / 第一部分
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d{1,2}(?:[、．]|\.(?!\d))|[（(][一二三四五六七八九十\d]{1,3}[)）]|[⑴-⒇]|第[一二三四五六七八九十]+(?:部分|章|节)[、：:]?)\s*")


def bare_title(title: str) -> str:
    """The user's heading without its numbering and trailing punctuation."""
    return _NUMBERING.sub("", title.strip()).strip("：:。 ")


def localise(phrase: str, community: str) -> str:
    """drafter's own phrases speak of 居民 and 社区; a village's summary speaks of 村民 and 村.

    Only for drafter's phrases: the user's words are never changed.
    """
    if community.endswith("村"):
        return phrase.replace("居民", "村民").replace("社区", "村")
    return phrase


def genre_heading(title: str, topic: str, variant: int = 0, community: str = "") -> str:
    """A short parallel heading ('强化理论学习，筑牢思想根基') from the user's heading and its topic.

    A heading the user already wrote in the genre's form (a verb first, or two clauses) is kept.
    """
    title = bare_title(title)
    if not title or title == topic:
        return localise(_TOPIC_HEADINGS.get(topic, _TOPIC_HEADINGS[OTHER]), community)
    if "，" in title or "," in title or len(title) > 14 or _STARTS_WITH_VERB.match(title):
        return title
    verbs = _VERBS.get(topic, _VERBS[OTHER])
    tails = _TAILS.get(topic, _TAILS[OTHER])
    verb = next((v for v in verbs[variant % len(verbs) :] + verbs if v not in title), verbs[0])
    return f"{verb}{title}，{localise(tails[variant % len(tails)], community)}"


def draft_title(notes: Notes) -> str:
    if notes.title:
        return notes.title
    kind = notes.kind or "工作总结"
    if "总结" not in kind and "报告" not in kind:
        kind += "工作总结"
    if notes.community and kind.startswith(notes.community):
        return kind
    period = notes.period
    # The kind often repeats the end of the period: 2024年 + 2024年工作总结, 2024年上半年 + 半年工作总结,
    # 2024年 + 年度工作总结 (→ 2024年度工作总结). Keep the overlap once.
    for k in range(min(len(kind), len(period)), 0, -1):
        if period.endswith(kind[:k]):
            kind = kind[k:]
            break
    return notes.community + period + kind


def _closing_of_fact(fact: Fact) -> str | None:
    return closing_of_fact(fact.text)  # drafter.notes: the rule the structure check judges by


from .regroup import AFFINITY as _AFFINITY  # noqa: E402  (related work areas, shared with regroup)


def group_flat_facts(facts: list[Fact]) -> list[FactSection]:
    """Flat bullets into sections by topic, in the order topics first appear; closing facts apart.

    A fact with no topic words follows the fact before it; a topic with one fact joins a related topic.
    """
    from .lexicon import OTHER_TOPIC, topic_for

    labels: list[str] = []
    closing: dict[str, list[Fact]] = {"shortcomings": [], "plans": []}
    body: list[Fact] = []
    for fact in facts:
        kind = _closing_of_fact(fact)
        if kind:
            closing[kind].append(fact)
        else:
            body.append(fact)
            labels.append(topic_for(fact.text))
    from .prose import continues

    for i in range(1, len(labels)):
        if continues(body[i].text):  # 参与…人次 goes with the activity before it
            labels[i] = labels[i - 1]
    for i, label in enumerate(labels):
        if label == OTHER_TOPIC:
            labels[i] = next((lb for lb in reversed(labels[:i]) if lb != OTHER_TOPIC), None) or next(
                (lb for lb in labels[i:] if lb != OTHER_TOPIC), OTHER_TOPIC)
    groups: dict[str, list[Fact]] = {}
    for fact, label in zip(body, labels):
        groups.setdefault(label, []).append(fact)
    for label in list(groups):
        partner = next((p for p in _AFFINITY.get(label, ()) if p in groups and p != label), None)
        if len(groups[label]) == 1 and partner and len(groups) > 1:
            groups[partner].extend(groups.pop(label))
    order = {f.id: i for i, f in enumerate(facts)}
    sections = [FactSection(title="", facts=sorted(fs, key=lambda f: order[f.id])) for fs in groups.values()]
    sections += [FactSection(title=_CLOSING_HEADINGS[k], facts=fs, closing=k) for k, fs in closing.items() if fs]
    return sections


def notes_seed(notes: Notes) -> int:
    """The seed of a draft's choices: the notes' words (not the file's bytes, so a Word twin drafts the same)."""
    from .lexicon import seed_of

    parts = [notes.community, notes.period, notes.kind]
    for s in notes.sections:
        parts.append(s.title)
        parts.extend(f.text for f in s.facts)
    return seed_of(*parts)


def plan_draft(notes: Notes, *, for_model: bool = False) -> Plan:
    """The plan of a draft. for_model: the opening's facts (background, the community's honours) go to the first
    work section instead, for a model writes an opening without numbers."""
    from .headings import HeadingChooser, split_heading
    from .lexicon import topic_for
    from .regroup import regroup

    body = notes.body_sections
    closing = notes.closing_sections
    if notes.is_flat:
        grouped = group_flat_facts([f for s in body for f in s.facts])
        body = [s for s in grouped if s.closing is None]
        closing = closing + [s for s in grouped if s.closing is not None]
    body, background, highlights = regroup(body, flat=notes.is_flat, community=notes.community)
    if for_model and (background or highlights):
        if body:
            body[0] = FactSection(title=body[0].title, facts=[*background, *highlights, *body[0].facts], closing=body[0].closing)
        else:
            body = [FactSection(title="", facts=[*background, *highlights])]
        background, highlights = [], []
    seed = notes_seed(notes)
    chooser = HeadingChooser(seed, localise=lambda p: localise(p, notes.community))
    titles = [bare_title(s.title) for s in body]
    kept = [len(split_heading(t)) == 2 for t in titles]  # the user wrote the genre's form: kept as written
    for title, keep in zip(titles, kept):
        if keep:
            chooser.reserve(title)
    planned: list[PlannedSection] = []
    for s, title, keep in zip(body, titles, kept):
        text = " ".join(f.text for f in s.facts)
        topic = topic_of(text, s.title)
        theme = topic_for(text, title)
        heading = title if keep else chooser.heading(title, theme, title + " " + text, salt=len(planned))
        planned.append(PlannedSection(0, s.title, heading, topic, list(s.facts), theme=theme))
    planned += _plan_closing(closing)
    for i, section in enumerate(planned, 1):
        section.number = i
    return Plan(title=draft_title(notes), notes=notes, sections=planned, background=background, highlights=highlights, seed=seed)
def _plan_closing(closing: list[FactSection]) -> list[PlannedSection]:
    shortcomings = [f for s in closing if s.closing == "shortcomings" for f in s.facts]
    plans = [f for s in closing if s.closing in ("plans", "next") for f in s.facts]
    if not closing:
        return [PlannedSection(0, "", _CLOSING_HEADINGS["both"], "结尾", [], closing="both")]
    out = []
    if shortcomings:
        out.append(PlannedSection(0, "", _CLOSING_HEADINGS["shortcomings"], "结尾", shortcomings, closing="shortcomings"))
    if plans:
        out.append(PlannedSection(0, "", _CLOSING_HEADINGS["plans"], "结尾", plans, closing="plans"))
    return out
