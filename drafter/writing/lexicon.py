"""The offline writer's topic lexicon and phrase bank (data/phrasebank.json, written for this project).

Finer than the corpus topics: 养老, 就业, 民政, 退役军人, 妇女儿童, 防汛应急, 教育, 卫生健康, 便民服务 … each with
keywords (what its facts say), heading parts and framing sentences. None of the bank's phrases carries a
number, a name or a place.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Topic", "OTHER_TOPIC", "bank", "topic_for", "topic_scores", "seed_of", "META_TITLE", "is_meta_title", "is_background_title", "joiners"]

OTHER_TOPIC = "其他"


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: tuple[str, ...]
    firsts: tuple[str, ...]  # six-character 动宾 first halves: 深化平安建设
    verbs: tuple[str, ...]  # two-character verbs: 深化
    tails: tuple[str, ...]  # six-character second halves: 守护居民安宁
    leads: tuple[str, ...]
    closes: tuple[str, ...]


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("drafter.writing").joinpath("data/phrasebank.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def bank() -> dict[str, Topic]:
    out = {}
    for name, v in _data()["topics"].items():
        out[name] = Topic(name, tuple(v["keywords"]), tuple(v["firsts"]), tuple(v["verbs"]), tuple(v["tails"]),
                          tuple(v["leads"]), tuple(v["closes"]))
    return out


def joiners() -> tuple[str, ...]:
    return tuple(_data()["joiners"])


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    out = []
    for name, topic in bank().items():
        if topic.keywords:
            words = sorted(topic.keywords, key=len, reverse=True)
            out.append((name, re.compile("|".join(map(re.escape, words)))))
    return tuple(out)


# Words found in nearly every kind of work count less than a specific one.
_WEAK = frozenset({"学习", "宣传", "信息", "文化", "创建", "服务中心", "领导", "责任", "制度", "机制", "方案", "公益", "爱心", "事项", "办理", "帮扶", "培训班"})


def topic_scores(text: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name, pattern in _patterns():
        hits = pattern.findall(text)
        if hits:
            scores[name] = sum(0.4 if h in _WEAK else 1.0 for h in hits)
    return scores


def topic_for(text: str, heading: str = "") -> str:
    """The topic of a section's facts; the heading's words weigh three times a fact's."""
    scores = topic_scores(text)
    for name, n in topic_scores(heading).items():
        scores[name] = scores.get(name, 0.0) + 3 * n
    if not scores:
        return OTHER_TOPIC
    best = max(scores.values())
    order = list(bank())
    return min((name for name, s in scores.items() if s == best), key=order.index)


def seed_of(*parts: str) -> int:
    """A stable seed from text (the notes' content, not a file's bytes: a Word twin drafts the same)."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:8], "big")


# Notes headings that are not work areas: their facts go to the opening (background) or to the work they prove.
META_TITLE = re.compile(
    r"^(?:社区|村|本社区|本村|辖区)?(?:基本情况|基本概况|概况|简介|总体情况|工作成效|主要成效|取得成效|取得的成效|工作成绩|主要成绩|"
    r"成绩|主要做法|工作做法|具体做法|其他|其它|其他工作|其它工作|主要工作|工作情况|工作开展情况|开展情况|工作亮点|亮点工作|特色亮点|亮点)$"
)
_BACKGROUND_TITLE = re.compile(r"基本情况|基本概况|概况|简介|总体情况")


def is_meta_title(title: str) -> bool:
    return bool(META_TITLE.match(title.strip()))


def is_background_title(title: str) -> bool:
    return bool(_BACKGROUND_TITLE.search(title))
