"""Topic labels for sections and facts: a fixed list of the genre's work areas, found by keywords.

The labels are what the retrieval benchmark calls "the same topic", what the index stores as
metadata, and what groups flat notes into sections. The first topic with the most keyword hits wins.
"""

from __future__ import annotations

import re

__all__ = ["TOPICS", "topic_of", "topic_scores", "OTHER"]

OTHER = "其他"

# (label, keywords). Order breaks ties: the more specific work areas come first.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("志愿服务", ("志愿", "义工", "义务服务", "学雷锋")),
    ("理论学习", ("理论", "学习", "中心组", "宣讲", "党课", "讲座", "读书", "培训")),
    ("党建引领", ("党建", "党员", "党组织", "支部", "党委", "党总支", "组织生活", "组织建设", "领导小组", "领导", "两委", "先锋", "红色")),
    ("宣传报道", ("宣传", "报道", "上稿", "简讯", "信息", "舆情", "媒体", "网站", "博客", "微信", "公众号", "稿件", "舆论")),
    ("文化活动", ("文化", "文艺", "演出", "文体", "书画", "图书", "阅读", "节日", "晚会", "歌舞", "广场舞", "电影")),
    ("文明创建", ("文明", "创建", "道德", "美德", "榜样", "好人", "评选", "移风易俗", "家风", "核心价值")),
    ("环境整治", ("卫生", "保洁", "垃圾", "环境", "绿化", "整治", "清理", "死角", "小广告", "市容", "楼道")),
    ("平安建设", ("安全", "治安", "消防", "禁毒", "平安", "防范", "稳定", "反诈", "诈骗", "隐患", "巡逻", "普法", "法治", "案件")),
    ("民生帮扶", ("困难", "帮扶", "慰问", "救助", "低保", "残疾", "老年", "老人", "养老", "助餐", "体检", "就业", "医疗", "健康", "关爱", "留守")),
    ("社区治理", ("网格", "矛盾", "调解", "走访", "治理", "物业", "议事", "协商", "共建", "驻区", "居民公约", "服务中心")),
)

# Words that appear in almost every kind of work ("反诈宣传", "志愿服务活动") count less than a specific one.
WEAK_WORDS = frozenset({"宣传", "学习", "文化", "创建", "信息", "服务中心", "培训", "领导"})
_WEAK = 0.4

_PATTERNS = tuple((label, re.compile("|".join(map(re.escape, words)))) for label, words in TOPICS)


def topic_scores(text: str) -> dict[str, float]:
    return {
        label: sum(_WEAK if m in WEAK_WORDS else 1.0 for m in pattern.findall(text)) for label, pattern in _PATTERNS
    }


def topic_of(text: str, heading: str = "") -> str:
    """The topic label of a text; a heading's keywords weigh three times a body's."""
    scores = topic_scores(text)
    if heading:
        for label, n in topic_scores(heading).items():
            scores[label] += 3 * n
    best = max(scores.values(), default=0)
    if best == 0:
        return OTHER
    return next(label for label, _ in TOPICS if scores[label] == best)
