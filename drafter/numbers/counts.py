"""Counts of named units (两村一社, 三站一中心, 一院两所): a name that counts what the notes name one by one.

A draft may sum up 东湖村、西湖村和湖滨社区 as “两村一社”. Such a name is not in the notes, but each of its
counts is: two distinct names ending in 村 and one ending in 社区. It is supported when every numeral of the
name equals the number of distinct names of its unit in the notes; a name whose counts differ stays unsupported.
"""

from __future__ import annotations

import re

from .numerals import cn_to_number

__all__ = ["counted_units"]

# a numeral and the unit it counts: 两村, 一社, 三站, 一中心, 两所
_PAIR = re.compile(r"([一二两三四五六七八九十])([\u4e00-\u9fff]{1,2}?)(?=[一二两三四五六七八九十]|$)")
# the unit's usual full word in a name: 社 → 社区, 站 → 站, 中心 → 中心
_SEPARATORS = re.compile(r"[、，,。；;和与及\s（）()：:“”\"]")
_FULL = {"社": "社区", "居": "社区", "委": "委员会", "企": "企业", "校": "学校", "园": "园区", "区": "小区"}


def counted_units(name: str, notes_text: str) -> bool:
    pairs = _PAIR.findall(name)
    if len(pairs) < 2 or "".join(n + u for n, u in pairs) != name:
        return False
    for numeral, unit in pairs:
        value = cn_to_number(numeral)
        word = _FULL.get(unit, unit)
        names = set()
        for seg in _SEPARATORS.split(notes_text):
            at = seg.find(word)
            while at >= 2:
                key = seg[at - 2 : at]  # the two characters before the unit tell the units apart: 东湖村, 西湖村
                if not re.search(r"[0-9一二两三四五六七八九十各全本该个每]", key):
                    names.add(key)
                at = seg.find(word, at + len(word))
        if value is None or len(names) != int(value):
            return False
    return True
