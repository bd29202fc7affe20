"""Framing sentences (a section's lead and close): by topic, never twice in one draft, the same for the same notes.

Candidates come from the style examples the index returned for the section (their sentences without numbers,
names or places, adapted) and from the project's phrase bank (drafter.writing.lexicon). The examples' facts
never come in: a sentence with a digit, a Chinese count, a quote, a title or a place is not taken.
"""

from __future__ import annotations

import re

from .lexicon import OTHER_TOPIC, bank, topic_for

__all__ = ["Framer", "example_framing"]

_LEAD_START = re.compile(r"^(坚持|始终|紧紧围绕|围绕|紧扣|立足|聚焦)")
# A sentence that tells of something done (了, 成立, 添置 …) is the example's fact, not framing.
_DONE = re.compile(r"了|成立|添置|建成|新建|编排|举办|召开|评选|获得.{0,8}(奖|称号|荣誉)|荣获|被评|今年|去年|本月|期间")
_CLOSE_SHAPE = re.compile(r"(得到|不断|进一步|明显|持续|日益|有效|更加)(提升|增强|提高|改善|巩固|浓厚|扩大|彰显|健全|完善|丰富|和谐)")
_NUMBERISH = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾%％]")
_NAMEISH = re.compile(r"[“”\"《》「」『』()（）【】:：]|同志|书记|主任|老师|先生|女士|主席|局长|镇长|区长|市长")
_PLACEISH = re.compile(r"[省市县镇乡街路巷]|(?<![社辖小园])区|(?<!社)区")
_UNIT = re.compile(r"(我|本|全)(社区|村)")


def _sentences(text: str) -> list[str]:
    out = []
    for para in text.splitlines():
        para = re.sub(r"^\s*(?:[#>*\-]+\s*)?(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])?", "", para)
        out += [s.strip() + "。" for s in re.split(r"[。！？!?]", para) if s.strip()]
    return out


def example_framing(texts: list[str], topic: str) -> tuple[list[str], list[str]]:
    """(leads, closes) from style examples' texts: number-free, name-free, place-free sentences on the topic."""
    leads, closes = [], []
    for text in texts:
        for s in _sentences(text):
            if not 12 <= len(s) <= 50 or _DONE.search(s) or _NUMBERISH.search(s.replace("进一步", "")) or _NAMEISH.search(s):
                continue
            if _PLACEISH.search(s.replace("社区", "").replace("辖区", "").replace("小区", "")):
                continue
            if "是" in s[:4] or "；" in s or "我们" in s:
                continue
            about = topic_for(s)
            if about not in (topic, OTHER_TOPIC):
                continue
            s = _UNIT.sub(lambda m: "{unit}" if m.group(1) != "全" else "全{unit}", s)
            if _LEAD_START.match(s) and s not in leads:
                leads.append(s)
            elif _CLOSE_SHAPE.search(s[-12:]) and not _LEAD_START.match(s) and s not in closes:
                closes.append(s)
    return leads[:3], closes[:3]


class Framer:
    """Hands out leads and closes for one draft; a sentence is never given twice."""

    def __init__(self, seed: int, *, unit: str, localise=lambda s: s, avoid: set[str] | None = None) -> None:
        self.seed = seed
        self.unit = unit
        self.localise = localise
        self.used: set[str] = set(avoid or ())

    def _fill(self, sentence: str) -> str:
        return self.localise(sentence.replace("{unit}", self.unit))

    def _pick(self, examples: list[str], banked: tuple[str, ...], fallback: tuple[str, ...], salt: int, variant: int) -> str:
        from_examples = [s for s in (self._fill(e) for e in examples) if s not in self.used]
        fresh = [s for s in (self._fill(b) for b in banked) if s not in self.used]
        if variant == 0 and from_examples:
            choice = from_examples[0]  # the style examples supply the framing where they fit
        else:
            pool = from_examples + fresh or [s for s in (self._fill(b) for b in fallback) if s not in self.used]
            if variant and len(pool) < 2:  # a rewrite wants a choice: the general sentences too
                pool += [s for s in (self._fill(b) for b in fallback) if s not in self.used and s not in pool]
            if not pool:
                return ""
            choice = pool[(self.seed // 13 + salt + variant) % len(pool)]
        self.used.add(choice)
        return choice

    def lead(self, topic: str, salt: int, *, examples: list[str] = (), variant: int = 0) -> str:
        t = bank().get(topic, bank()[OTHER_TOPIC])
        return self._pick(list(examples), t.leads, bank()[OTHER_TOPIC].leads, salt, variant)

    def close(self, topic: str, salt: int, *, examples: list[str] = (), variant: int = 0) -> str:
        t = bank().get(topic, bank()[OTHER_TOPIC])
        return self._pick(list(examples), t.closes, bank()[OTHER_TOPIC].closes, salt, variant)
