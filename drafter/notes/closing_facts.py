"""Which flat fact belongs to the closing part, by its words: the one rule that the offline writer (which
places a flat fact) and the structure check (which judges where it was placed) share, so that neither
blames the other.

"解决问题120件" and "将辖区划分为8个网格" are work done, so bare 问题 and a leading 将 do not count.
"""

from __future__ import annotations

import re

__all__ = ["closing_of_fact"]

_SHORTCOMING_FACT = re.compile(r"不足|短板|薄弱|有待|欠缺|不够|滞后|差距|尚未|仍(然)?存在|存在(的)?问题|偏小|偏少|偏低|偏弱|较弱|不高|不强|不健全|不完善")
_PLAN_FACT = re.compile(r"^(下一步|下步|明年|今后|下半年|来年|力争|拟)|下一步|明年|今后")


def closing_of_fact(text: str) -> str | None:
    """'plans', 'shortcomings', or None for work done."""
    if _PLAN_FACT.search(text):
        return "plans"
    if _SHORTCOMING_FACT.search(text):
        return "shortcomings"
    return None
