"""Section headings in the genre's parallel form: 动宾 + 目标, two six-character halves (深化平安建设，守护居民安宁).

A draft's headings are chosen together: each names its own work (the user's four-character work name when
there is one, else the object of its topic that its facts speak of most), and no two share a half.
"""

from __future__ import annotations

import re

from .lexicon import OTHER_TOPIC, Topic, bank, topic_scores

__all__ = ["HeadingChooser", "split_heading"]

_CJK4 = re.compile(r"^[\u4e00-\u9fff]{4}$")
_CJK6 = re.compile(r"^[\u4e00-\u9fff]{6}$")
_VERB_FIRST = re.compile(
    r"^(加强|强化|深化|推进|推动|抓实|抓好|狠抓|做好|做实|做优|做细|提升|坚持|创新|丰富|完善|健全|突出|聚焦|注重|打造|筑牢|夯实|凝聚|"
    r"落实|扎实|全面|持续|积极|大力|着力|发展|壮大|繁荣|优化|拓展|深入|严格|规范|压实|守护|织密|擦亮|活跃|做强)"
)
_ALL_VERBS = ("加强", "强化", "深化", "抓实", "做实", "推进", "完善", "优化", "拓展", "做好", "狠抓", "创新")


def split_heading(heading: str) -> tuple[str, ...]:
    return tuple(h for h in re.split(r"[，,]", heading) if h)


class HeadingChooser:
    """Hands out headings for one draft; remembers the halves, objects and verbs already used."""

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

    def _pick(self, options, salt: int, avoid) -> str | None:
        fresh = [o for o in options if o not in avoid]
        if not fresh:
            return None
        return fresh[(self.seed // 7 + salt) % len(fresh)]

    def heading(self, title: str, topic_name: str, text: str, *, salt: int = 0) -> str:
        """The heading for a section titled `title` (bare, may be "") on `topic_name`, its facts' text `text`."""
        topics = bank()
        topic = topics.get(topic_name, topics[OTHER_TOPIC])
        first = self._first_half(title, topic, text, salt)
        tail = self._tail(topic, text, salt)
        heading = f"{first}，{tail}"
        self.reserve(heading)
        return heading

    def _first_half(self, title: str, topic: Topic, text: str, salt: int) -> str:
        if _CJK6.match(title) and _VERB_FIRST.match(title) and title not in self.used_halves:
            return title  # the user's own 动宾 half: 加强阵地建设
        if _CJK4.match(title) and not _VERB_FIRST.match(title) and title not in self.used_objects:
            obj = title  # the user's own work name: 组织建设
        else:
            obj = self._object(topic, text, salt)
        verbs = [v for v in topic.verbs + _ALL_VERBS if not (set(v) & set(obj))]
        own = [v for v in topic.verbs if v in verbs]
        taken = self.used_verbs | {h[:2] for h in self.used_halves if h[2:] == obj}
        verb = self._pick(own, salt, taken) or self._pick(verbs, salt, taken) or verbs[salt % len(verbs)]
        half = verb + obj
        if half in self.used_halves:  # the same verb and object again: another verb
            verb = next(v for v in verbs if v + obj not in self.used_halves)
            half = verb + obj
        return half

    def _object(self, topic: Topic, text: str, salt: int) -> str:
        """The topic's work name its facts speak of most (矛盾调解 for notes about 纠纷 and 调解)."""
        options = [o for o in topic.objects if o not in self.used_objects]
        if not options:
            others = [t for t in topic_scores(text) if t != topic.name] + [OTHER_TOPIC]
            options = [o for name in others for o in bank()[name].objects if o not in self.used_objects] or list(topic.objects)

        def score(obj: str) -> int:
            return sum(text.count(obj[i : i + 2]) for i in (0, 2))

        # A specific work name when every fact speaks of it, else the topic's general one (listed first).
        facts = max(1, text.count(" "))
        best = max(options, key=score)
        return best if score(best) >= facts else options[0]

    def _tail(self, topic: Topic, text: str, salt: int) -> str:
        tails = [self.localise(t) for t in topic.tails]
        tail = self._pick(tails, salt, self.used_halves)
        if tail is None:  # the topic's tails are all taken: a related topic's, then the general ones
            others = [t for t in topic_scores(text) if t != topic.name] + [OTHER_TOPIC]
            pool = [self.localise(t) for name in others for t in bank()[name].tails]
            tail = self._pick(pool, salt, self.used_halves) or self._pick(
                [self.localise(t) for t in bank()[OTHER_TOPIC].tails + ("推动落地见效", "展现担当作为", "取得积极成效")], salt, set()
            )
        return tail or "提升工作实效"
