"""Facts into prose: facts about one activity joined into one sentence, typed shorthand given its verb,
weighty facts (honours, totals, firsts) first, 一是/二是 only for three or more items.

Every fact's own words stay as typed (numbers, names, honours, 全年/共): the check proves them as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.notes import Fact

__all__ = ["continues", "clause", "Item", "group_facts", "weight", "layout", "self_enumerated", "ORDINALS"]

_CN = "一二三四五六七八九十"
ORDINALS = [f"{_CN[i]}是" for i in range(10)]
_TRAILING_PUNCT = re.compile(r"[。；;，,、！!？?…\s]+$")
_OWN_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|最后|[（(][一二三四五六七八九十\d]+[)）]|[①-⑳])[，,、：:]?")

# A fact that opens with one of these already says what was done.
_VERBS = (
    r"(?:全年|今年|上半年|下半年|年内|共|累计|先后|持续|积极|主动|认真|扎实|广泛|深入|成功|首次|新|再|又|还|均|已|"
    r"开展|组织|举办|召开|举行|发放|走访|慰问|建立|成立|组建|完成|化解|调解|排查|清理|帮助|推荐|评选|签订|开办|办理|"
    r"为|对|与|向|在|通过|围绕|依托|结合|联合|协助|配合|推动|推进|实施|落实|打造|培育|引导|动员|邀请|发动|征集|收集|"
    r"更新|修订|制定|编印|印发|张贴|悬挂|播放|设置|设立|安装|配备|改造|整治|维修|修缮|粉刷|硬化|种植|栽种|提供|服务|"
    r"接待|受理|解决|处理|回访|入户|上门|参与|参加|荣获|获评|获得|被评为|被授予|争创|创建|建成|投入|筹集|募集|争取|"
    r"吸纳|发展|培训|宣讲|讲授|上报|报送|刊发|发布|上稿|录用|录制|拍摄|制作|设计|编排|排演|演出|展演|展出|接收|指导|"
    r"督促|检查|巡查|巡逻|劝导|劝阻|清运|拆除|签约|接种|体检|义诊|筛查|救助|资助|帮扶|救治|安置|转介|认定|审核|核查)"
)
_VERB_START = re.compile("^" + _VERBS)
_HAS_VERB = re.compile(_VERBS.replace("全年|今年|上半年|下半年|年内|共|累计|先后|持续|积极|主动|认真|扎实|广泛|深入|成功|首次|新|再|又|还|均|已|", "")
                       .replace("|为|对|与|向|在|", "|").replace("|服务|", "|").replace("|培训|", "|").replace("|宣讲|", "|")
                       .replace("|体检|", "|").replace("|义诊|", "|").replace("|演出|", "|"))
# A bare noun phrase gets its verb from what it names (活动12场 → 开展…).
_NOUN_VERB = (
    (re.compile(r"(活动|讲座|宣讲|培训|演练|比赛|义诊|沙龙|课堂|讲堂|观影|演出)[^，,；;]{0,4}\d"), "开展"),
    (re.compile(r"(会议|大会|座谈会|议事会|协调会|恳谈会)[^，,；;]{0,4}\d"), "召开"),
    (re.compile(r"(资料|倡议书|手册|宣传单|慰问金|慰问品|物资|补贴|米|油)[^，,；;]{0,4}\d"), "发放"),
    (re.compile(r"(队伍|服务队|志愿队|小组|专班)[^，,；;]{0,4}\d"), "组建"),
    (re.compile(r"(隐患)[^，,；;]{0,4}\d"), "排查"),
    (re.compile(r"(纠纷|矛盾)[^，,；;]{0,4}\d"), "化解"),
    (re.compile(r"(稿件|信息|简报|新闻)[^，,；;]{0,4}\d"), "报送"),
)
_NEEDS_NO_VERB = re.compile(r"[是有达为从到至增降超]|壮大|突破|开展|组织|举办|完成|实现|提高|提升|下降|增长|增加|减少|覆盖|参与|受益|惠及|同比|率")

_HONOUR = re.compile(r"荣获|获评|获得.{0,12}(称号|荣誉|奖)|被评为|被授予|评为.{0,12}(单位|集体|社区|村|先进|示范|模范)|表彰|一等奖|二等奖|三等奖|金奖|示范(社区|村|点|单位)")
_TOTAL = re.compile(r"^(全年|今年|上半年|年内)?(共|累计|合计|总计)|总数|全覆盖|首次|首个|首家|第一个|率先|实现.{0,6}零")
# A fact that continues the one before it (参与…人次, 覆盖…户, 其中…).
_CONTINUES = re.compile(r"^(参与|参加|覆盖|受益|惠及|服务|其中|涉及|合计|累计|同比|较上年|比上年|总数|人数|发放|收到|吸引|带动)")
_STOP = frozenset("的了和与及等在为对向把被将是有个名次场人户件")


def continues(text: str) -> bool:
    """True when a fact continues the one before it (参与…人次, 覆盖…户, 其中…)."""
    return bool(_CONTINUES.match(text.strip()))


def clause(fact: Fact, *, own_ordinal: bool = False) -> str:
    """The fact as a clause: trailing punctuation off, its own leading ordinal off unless kept, and a bare
    noun phrase given its verb (志愿服务活动9场 → 开展志愿服务活动9场)."""
    text = fact.text.strip() if own_ordinal else _OWN_ORDINAL.sub("", fact.text.strip())
    text = _TRAILING_PUNCT.sub("", text)
    return smooth(text)


def smooth(text: str) -> str:
    if not text or _VERB_START.match(text):
        return text
    head = re.split(r"[，,；;]", text, maxsplit=1)[0]
    if _NEEDS_NO_VERB.search(head) or _HAS_VERB.search(head) or not re.search(r"\d|[一二三四五六七八九十两百千万]+[个次场名人户件期批支处]", head):
        return text
    for pattern, verb in _NOUN_VERB:
        if pattern.search(head) and not head.startswith(verb):
            return verb + text
    return text


def weight(fact: Fact) -> int:
    """0 for honours, 1 for totals and firsts, 2 for the rest: the order a section tells them in."""
    if _HONOUR.search(fact.text):
        return 0
    if _TOTAL.search(fact.text):
        return 1
    return 2


def self_enumerated(facts: list[Fact]) -> bool:
    """True when a fact carries its own 一是…二是… list: ordinals around it would nest."""
    return any(re.search(r"[一二三四五六七八九十]是", f.text[1:]) for f in facts)


@dataclass
class Item:
    facts: list[Fact]
    text: str  # the clauses joined, no final punctuation


def _keywords(text: str) -> set[str]:
    grams = {text[i : i + 2] for i in range(len(text) - 1)}
    return {g for g in grams if re.fullmatch(r"[\u4e00-\u9fff]{2}", g) and not (set(g) & _STOP)}


def _same_activity(a: Fact, b: Fact, topical: set[str]) -> bool:
    if _CONTINUES.match(clause(b)):
        return True
    if len(a.text) > 34 or len(b.text) > 34:
        return False
    return bool(_keywords(a.text) & _keywords(b.text) & topical)


def group_facts(facts: list[Fact], topical: set[str], *, join: bool = True, first: str = "") -> list[Item]:
    """Facts as items: neighbours about one activity joined (at most three to an item), weighty items first.

    topical: two-character words that name an activity (the lexicon's keywords); first: a word whose facts
    go before all others (突出…)."""
    facts = [f for f in facts if clause(f)]
    groups: list[list[Fact]] = []
    for fact in facts:
        size = sum(len(f.text) for f in groups[-1]) + len(fact.text) if groups else 0
        if join and groups and _same_activity(groups[-1][-1], fact, topical) and (
                continues(fact.text) and len(groups[-1]) < 3 or len(groups[-1]) < 2 and size <= 48):
            groups[-1].append(fact)
        else:
            groups.append([fact])

    def rank(group: list[Fact]) -> tuple[int, int]:
        focus = 0 if first and any(first in f.text for f in group) else 1
        return (focus, min(weight(f) for f in group))

    groups.sort(key=rank)  # stable: the notes' order within a rank
    items = []
    for group in groups:
        parts = [clause(f) for f in group]
        sep = "；" if sum(map(len, parts)) > 70 else "，"
        items.append(Item(group, sep.join(parts)))
    return items


def layout(items: list[Item], joiner_words: tuple[str, ...], salt: int, *, per_paragraph: int = 6,
           enumerate_from: int = 3) -> list[str]:
    """Items as paragraphs: 一是…；二是…。 for enumerate_from items or more, else plain sentences."""
    if not items:
        return [""]
    if len(items) >= enumerate_from > 0:
        paragraphs = []
        size = -(-len(items) // -(-len(items) // per_paragraph))  # paragraphs of even length
        for start in range(0, len(items), size):
            chunk = items[start : start + size]
            labels = [ORDINALS[i] if i < len(ORDINALS) else "此外，" for i in range(start, start + len(chunk))]
            paragraphs.append("；".join(label + item.text for label, item in zip(labels, chunk)) + "。")
        return paragraphs
    sentences = [items[0].text + "。"]
    for i, item in enumerate(items[1:]):
        sentences.append(joiner_words[(salt + i) % len(joiner_words)] + item.text + "。")
    return ["".join(sentences)]
