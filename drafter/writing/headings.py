"""Section headings in the genre's parallel form: 动宾 + 目标, two six-character halves (深化平安建设，守护居民安宁).

A draft's headings are chosen together: each names its own work (the user's four-character work name with a
verb when there is one, else the first half of its topic that its facts speak of most), its second half is the
topic's aim that fits the facts best, and no two headings share a half (nor a work name, nor, where there are
others left, a verb).
"""

from __future__ import annotations

import re

from .lexicon import OTHER_TOPIC, Topic, bank, topic_scores

__all__ = ["HeadingChooser", "split_heading"]

_CJK4 = re.compile(r"^[\u4e00-\u9fff]{4}$")
_CJK6 = re.compile(r"^[\u4e00-\u9fff]{6}$")
_VERB_FIRST = re.compile(
    r"^(加强|强化|深化|推进|推动|抓实|抓好|抓牢|狠抓|做好|做实|做优|做细|提升|坚持|创新|丰富|完善|健全|突出|聚焦|注重|打造|筑牢|夯实|凝聚|"
    r"落实|扎实|全面|持续|积极|大力|着力|发展|壮大|繁荣|优化|拓展|深入|严格|规范|压实|守护|织密|擦亮|活跃|做强|建好|建强|办好|改善|促进|兜牢|服务|助力|培育)"
)
# Verbs that fit any work name, in the order they are tried.
# A four-character notes heading names work when it ends like work does (组织建设, 环境整治, 党员教育); 未成年人,
# 和谐社区 or 意识形态 name a subject, and get their topic's work name instead.
_WORK_NAME = re.compile(
    r"(建设|工作|服务|治理|管理|整治|教育|学习|宣传|宣讲|活动|创建|实践|帮扶|救助|保障|发展|防控|调解|领导|引领|机制|阵地|关爱|培训|"
    r"就业|养老|武装|监督|自治|议事|评选|报道|排查|巡逻|导向|发动|卫生|演练|值守|准备|防范|安全|助餐|选树|优抚|慰问|征兵)$"
)
_GENERAL_VERBS = ("加强", "推进", "深化", "抓实", "做实", "强化", "完善", "做好", "优化", "抓好")


def split_heading(heading: str) -> tuple[str, ...]:
    return tuple(h for h in re.split(r"[，,]", heading) if h)


def _overlap(phrase: str, text: str) -> int:
    """How much of a phrase's words the facts say: two-character pieces of the phrase found in the text."""
    return sum(1 for i in range(0, len(phrase) - 1, 2) if phrase[i : i + 2] in text)


class HeadingChooser:
    """Hands out headings for one draft; remembers the halves, work names and verbs already used."""

    def __init__(self, seed: int, *, localise=lambda s: s) -> None:
        self.seed = seed
        self.used_halves: set[str] = set()
        self.used_objects: set[str] = set()
        self.used_verbs: set[str] = set()
        self.localise = localise

    def reserve(self, heading: str) -> None:
        for half in split_heading(heading):
            self.used_halves.add(half)
            if _VERB_FIRST.match(half):
                self.used_verbs.add(half[:2])
                self.used_objects.add(half[2:])

    def heading(self, title: str, topic_name: str, text: str, *, salt: int = 0) -> str:
        """The heading for a section titled `title` (bare, may be "") on `topic_name`, its facts' text `text`."""
        topics = bank()
        topic = topics.get(topic_name, topics[OTHER_TOPIC])
        first = self._first_half(title, topic, text, salt)
        self.reserve(first)
        tail = self._tail(topic, text, salt, first[:2])
        heading = f"{first}，{tail}"
        self.reserve(heading)
        return heading

    def _first_half(self, title: str, topic: Topic, text: str, salt: int) -> str:
        if _CJK6.match(title) and _VERB_FIRST.match(title) and title not in self.used_halves:
            return title  # the user's own 动宾 half: 加强阵地建设
        if _CJK4.match(title) and _WORK_NAME.search(title) and not _VERB_FIRST.match(title) and title not in self.used_objects:
            own = topic.verbs if topic_scores(title).get(topic.name) else ()
            verbs = [v for v in own + _GENERAL_VERBS if not set(v) & set(title)]
            verb = next((v for v in verbs if v not in self.used_verbs), verbs[0])
            return verb + title  # the user's own work name: 加强组织建设
        return self._best(self._firsts(topic, text), text, salt, facts_needed=True)

    def _firsts(self, topic: Topic, text: str) -> list[str]:
        options = [self.localise(f) for f in topic.firsts]
        options = [f for f in options if f not in self.used_halves and f[2:] not in self.used_objects]
        if options:
            return options
        others = [t for t in sorted(topic_scores(text), key=lambda t: -topic_scores(text)[t]) if t != topic.name] + [OTHER_TOPIC]
        return [self.localise(f) for name in others for f in bank()[name].firsts
                if self.localise(f) not in self.used_halves and f[2:] not in self.used_objects] or ["统筹推进工作"]

    def _best(self, options: list[str], text: str, salt: int, *, facts_needed: bool = False, said_of=None) -> str:
        """The option whose words the facts say most; with none said, the first (a first half: the general
        work name) or a seeded one (an aim)."""
        parts = [p for p in text.split(" ")[1:] if p] or [text]  # the facts (the title comes first)

        def covers(o: str) -> int:
            """How many facts speak of a work name's words."""
            pieces = [o[i : i + 2] for i in range(2, len(o) - 1, 2)]
            return sum(1 for p in parts if any(x in p for x in pieces))

        named = {h[i : i + 2] for h in self.used_halves for i in range(2, len(h) - 1, 2)}

        def said(o: str) -> int:
            if facts_needed:
                return _overlap(o[2:], text)
            # an aim's noun, in words the headings have not said yet
            noun = o[2:]
            return sum(1 for i in range(0, len(noun) - 1, 2) if noun[i : i + 2] in text and noun[i : i + 2] not in named)

        fresh = [o for o in options if o[:2] not in self.used_verbs] or options
        top = sorted(options, key=lambda o: (-said(o), o not in fresh))[0]
        if facts_needed:
            best = max(options, key=lambda o: (covers(o), o in fresh))
            return best if covers(best) * 3 >= len(parts) * 2 else fresh[0]
        return top if said(top) > 0 else options[0]

    def _tail(self, topic: Topic, text: str, salt: int, verb: str = "") -> str:
        tails = [t for t in (self.localise(t) for t in topic.tails) if t not in self.used_halves and t[:2] != verb]
        if not tails:  # the topic's aims are all taken: a related topic's, then the general ones
            others = [t for t in topic_scores(text) if t != topic.name] + [OTHER_TOPIC]
            tails = [t for name in others for t in (self.localise(x) for x in bank()[name].tails) if t not in self.used_halves and t[:2] != verb]
        tail_verbs = {h[:2] for h in self.used_halves}  # 凝聚…力量 after 凝聚…合力 reads as a repeat
        tails = [t for t in tails if t[:2] not in tail_verbs] or tails
        if not tails:
            tails = [t for t in ("推动落地见效", "展现担当作为", "取得积极成效") if t not in self.used_halves] or ["提升工作实效"]
        return self._best(tails, text, salt, said_of=lambda t: t[2:])
