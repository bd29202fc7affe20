#!/usr/bin/env python3
"""Builds eval/binding_cases/cases.jsonl: the cases of eval/bench_binding.py, as reviewable data.

From each notes file (eval/cases/*/notes.md, examples/, eval/binding_cases/notes/*.md) it writes drafts
the way a chat model writes them (no model here: seeded rewriting rules):
- faithful: every fact stated, paraphrased (支委成员→支部委员, 举办→举行, 志愿者→志愿服务人员), facts
  merged into one sentence or one fact split over two, sentences reordered within a section, the
  number moved before its noun (举办广场舞比赛12场 → 举办12场广场舞比赛), equivalent number forms
  (2次→两次, 1200→1,200, 85%→百分之八十五), connectives added (同时，/ 此外，);
- one-error variants of a faithful draft, typed: swap (two same-unit numbers exchanged), shift (a
  number moved onto its neighbour's thing), round, qualifier, unit, invent, sum, drop, date, year.

Each line: {"id", "type", "notes", "draft", "change", "base"} where notes is a path relative to the
repository and base the faithful draft's id a variant was made from.

Run: .venv/bin/python eval/make_binding_cases.py   (deterministic: same files, same cases)
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.notes import load_notes  # noqa: E402
from drafter.numbers.quantities import Quantity, find_quantities  # noqa: E402

OUT = ROOT / "eval" / "binding_cases" / "cases.jsonl"
FAITHFUL_PER_NOTES = 3

# Paraphrases a chat model uses; none touches a numeral.
SYNONYMS = [
    ("支委成员", "支部委员"), ("志愿者", "志愿服务人员"), ("举办", "举行"), ("开展", "组织开展"), ("组织", "组织开展"),
    ("参与", "参加"), ("发放", "分发"), ("走访慰问", "上门慰问"), ("居民", "辖区居民"), ("群众", "居民群众"),
    ("累计", "共计"), ("达", "达到"), ("其中", "其中有"), ("配备", "配齐"), ("新增", "新添"), ("召开", "组织召开"),
    ("培训", "培训学习"), ("宣传资料", "宣传材料"), ("活动", "系列活动"), ("帮助", "协助"), ("排查", "摸排"),
    ("举办", "先后举办"), ("组织", "积极组织"), ("网格员", "网格工作人员"), ("满意率", "满意度"), ("专职", "全职"),
]
PERIOD_SWAP = {"上半年": "下半年", "下半年": "上半年", "每月": "每周", "每周": "每月", "每季度": "每月", "去年": "前年", "今年": "明年"}
CONNECTIVES = ["同时，", "此外，", "一年来，", "社区", "积极", "扎实", "持续", ""]
CN = "零一二三四五六七八九"
MEASURE = "次场名个户期支篇件项处份人"
VERB_NOUN_NUM = re.compile(
    r"(开展|举办|组织|召开|发放|慰问|走访|新建|建成|组建|发展|选派|配备|划分|设置|安装|清理|拆除|评选|张贴)"
    r"((?!开展|举办|组织|召开|发放|慰问|走访)[\u4e00-\u9fff“”]{2,8}?)([0-9]+|[两二三四五六七八九十]+)([次场名个户期支篇件项处份])(?=[，。；]|$)"
)
UNIT_SWAP = {"人": "户", "名": "户", "位": "户", "人次": "人", "户": "人", "次": "场", "场": "次", "篇": "条", "个": "项",
             "项": "个", "支": "个", "期": "次", "份": "张", "%": "个百分点", "件": "个", "起": "个", "处": "个", "节": "次",
             "元": "人", "万元": "万人", "吨": "车", "棵": "株", "平方米": "亩", "小时": "天", "课时": "次", "岁": "年"}  # fmt: skip


def notes_files() -> list[Path]:
    files = sorted((ROOT / "eval" / "cases").glob("*/notes.md"))
    files += sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".md", ".yaml"))
    files += sorted((ROOT / "eval" / "binding_cases" / "notes").glob("*.md"))
    return files


def _cn_small(n: int, measure: bool) -> str:
    if n == 2 and measure:
        return "两"
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    return str(n)


def number_forms(text: str, rng: random.Random) -> str:
    """Equivalent forms of some numbers: 2次→两次, 12场→十二场, 1200→1,200, 85%→百分之八十五."""
    out = text
    for q in reversed(find_quantities(text)):
        if rng.random() > 0.4 or q.kind in ("year", "date", "ordinal", "range", "time") or q.low != q.high:
            continue
        num = text[q.num_start : q.num_end]
        if not num.isdigit():
            continue
        n = int(num)
        if q.unit == "%" and text[q.num_end : q.num_end + 1] == "%" and 10 <= n < 100 and not q.qualifier:
            out = out[: q.num_start] + "百分之" + _cn_small(n, False) + out[q.num_end + 1 :]
        elif q.unit_text and q.unit_text[0] in MEASURE and 2 <= n <= 99 and not q.qualifier_text:
            out = out[: q.num_start] + _cn_small(n, True) + out[q.num_end :]
        elif n >= 1000 and "," not in num:
            out = out[: q.num_start] + f"{n:,}" + out[q.num_end :]
    return out


def paraphrase(text: str, rng: random.Random) -> str:
    for a, b in SYNONYMS:
        if a in text and b not in text and rng.random() < 0.5:
            text = text.replace(a, b, 1)
    text = reorder_items(text, rng)
    if rng.random() < 0.5:
        # only at a clause's start: 召开支部党员大会4次、支委会12次 keeps its list intact
        text = re.sub(r"(^|[，；])" + VERB_NOUN_NUM.pattern, lambda m: m.group(1) + m.group(2) + m.group(4) + m.group(5) + m.group(3), text, count=1)
    return text


_ITEM = re.compile(r"^[\u4e00-\u9fff“”]{2,10}?([0-9]+|[两二三四五六七八九十]+)[\u4e00-\u9fff%]{1,2}$")


def reorder_items(text: str, rng: random.Random) -> str:
    """主题党日活动6次、党课2次、… → the later items in another order, as models reorder lists."""
    clauses = text.split("，")
    for k, clause in enumerate(clauses):
        items = clause.split("、")
        if len(items) >= 3 and all(_ITEM.match(i) for i in items[1:]) and rng.random() < 0.5:
            rest = items[1:]
            rng.shuffle(rest)
            clauses[k] = "、".join([items[0], *rest])
    return "，".join(clauses)


def faithful_draft(notes, rng: random.Random) -> str:
    title = f"{notes.community or ''}{notes.period or ''}{notes.kind or '工作总结'}"
    lines = [f"# {title}", "", "现将有关情况总结如下：", ""]
    for number, section in enumerate(notes.sections, 1):
        facts = [f.text.rstrip("。；; ") for f in section.facts]
        if not facts:
            continue
        if rng.random() < 0.5:
            rng.shuffle(facts)
        sentences: list[str] = []
        for text in facts:
            text = number_forms(paraphrase(text, rng), rng)
            if "，" in text and rng.random() < 0.25:
                head, _, tail = text.partition("，")  # one fact split over two sentences
                text = head + "。" + tail
            if sentences and rng.random() < 0.3:
                sentences[-1] += "，" + text  # two facts merged into one sentence
            else:
                sentences.append(rng.choice(CONNECTIVES) + text)
        lines += [f"## {_cn_small(number, False)}、{section.title or '主要工作'}", "", "。".join(sentences) + "。", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- one-error variants


def _body_quantities(draft: str) -> list[Quantity]:
    body = draft.index("\n## ") if "\n## " in draft else 0
    return [q for q in find_quantities(draft) if q.start > body and not q.weak]


def _replace(draft: str, q: Quantity, new: str) -> str:
    return draft[: q.start] + new + draft[q.end :]


def _num_text(q: Quantity, value: float) -> str:
    v = int(value) if float(value).is_integer() else round(value, 2)
    return f"{v}{q.unit_text}" if q.unit != "%" else f"{v}%"


def _pairs(qs: list[Quantity], draft: str) -> list[tuple[Quantity, Quantity]]:
    """Same unit and kind, exact, different values, within one paragraph: what a model confuses."""
    out = []
    for i, a in enumerate(qs):
        for b in qs[i + 1 :]:
            if b.start - a.end > 120 or "\n" in draft[a.end : b.start]:
                break
            if a.unit and a.unit == b.unit and a.kind == b.kind and a.exact and b.exact and a.low != b.low and a.kind not in ("year", "date", "range"):
                out.append((a, b))
    return out


def variants(draft: str, rng: random.Random) -> list[tuple[str, str, str]]:
    """(type, draft, what changed) for each error type that this draft allows."""
    qs = _body_quantities(draft)
    out: list[tuple[str, str, str]] = []
    pairs = _pairs(qs, draft)
    for a, b in rng.sample(pairs, min(2, len(pairs))):
        swapped = draft[: a.start] + b.text + draft[a.end : b.start] + a.text + draft[b.end :]
        out.append(("swap", swapped, f"{a.text} ↔ {b.text}"))
    for a, b in rng.sample(pairs, min(2, len(pairs))):
        if rng.random() < 0.5:
            out.append(("shift", _replace(draft, b, a.text), f"{b.text} → {a.text} (the value of the neighbour)"))
        else:
            out.append(("shift", _replace(draft, a, b.text), f"{a.text} → {b.text} (the value of the neighbour)"))
    exact = [q for q in qs if q.exact and q.kind in ("count", "money", "size", "percent", "duration") and q.low > 10 and q.low % 10]
    if exact:
        q = rng.choice(exact)
        out.append(("round", _replace(draft, q, _num_text(q, round(q.low, -1) or 10)), f"{q.text} rounded"))
    qualified = [q for q in qs if q.qualifier_text and q.qualifier in ("more", "near", "about") and q.kind != "range"]
    if qualified:
        q = rng.choice(qualified)
        out.append(("qualifier", _replace(draft, q, q.text.replace(q.qualifier_text.split("+")[0], "", 1)), f"{q.text}: qualifier dropped"))
    elif exact:
        q = rng.choice(exact)
        out.append(("qualifier", _replace(draft, q, "近" + q.text), f"{q.text}: 近 added"))
    swappable = [q for q in qs if q.unit_text in UNIT_SWAP and q.kind != "range"]
    if swappable:
        q = rng.choice(swappable)
        out.append(("unit", _replace(draft, q, q.text[: len(q.text) - len(q.unit_text)] + UNIT_SWAP[q.unit_text]), f"{q.text}: unit changed"))
    paragraph_end = draft.rfind("。\n")
    if paragraph_end > 0:
        invented = rng.choice(["新增服务对象17户", "慰问困难党员13名", "开展专题培训7场", "覆盖楼栋63栋"])
        out.append(("invent", draft[:paragraph_end] + "，" + invented + draft[paragraph_end:], f"added {invented}"))
    summable = [(a, b) for a, b in pairs if a.unit not in ("%",)]
    if summable:
        a, b = rng.choice(summable)
        out.append(("sum", _replace(draft, a, _num_text(a, a.low + b.low)), f"{a.text} → the sum with {b.text}"))
    if qs:
        q = rng.choice(qs)
        start = max(draft.rfind(c, 0, q.start) for c in "，。、\n：")
        ends = [e for e in (draft.find(c, q.end) for c in "，。；\n") if e >= 0]
        end = min(ends) if ends else len(draft)
        if draft[start] == "，":
            out.append(("drop", draft[:start] + draft[end:], f"dropped {draft[start + 1 : end]}"))
        else:
            out.append(("drop", draft[: start + 1] + draft[end + 1 :], f"dropped {draft[start + 1 : end]}"))
    dates = [q for q in qs if q.kind == "date" and q.unit == "月日"]
    if dates:
        q = rng.choice(dates)
        out.append(("date", draft[: q.num_start] + str(int(q.low) % 100 % 28 + 1) + draft[q.num_end :], f"{q.text}: day changed"))
    else:
        months = [q for q in qs if q.kind == "date" and q.unit == "月" and q.exact]
        if months:
            q = rng.choice(months)
            out.append(("date", _replace(draft, q, f"{int(q.low) % 12 + 1}月"), f"{q.text}: month changed"))
    periods = [m for m in re.finditer("|".join(PERIOD_SWAP), draft)
               if m.start() > draft.find("\n## ") and not draft[draft.rfind("\n", 0, m.start()) + 1 :].startswith("#")]  # fmt: skip
    if periods:
        m = rng.choice(periods)
        out.append(("date", draft[: m.start()] + PERIOD_SWAP[m.group()] + draft[m.end() :], f"{m.group()} → {PERIOD_SWAP[m.group()]}"))
    years = [q for q in find_quantities(draft) if q.kind == "year" and q.exact]
    if years:
        q = rng.choice(years)
        out.append(("year", draft[: q.num_start] + str(int(q.low) - 1) + draft[q.num_end :], f"{q.text}: year changed"))
    return out


def main() -> None:
    cases = []
    for path in notes_files():
        notes = load_notes(path)
        rel = str(path.relative_to(ROOT))
        stem = path.parent.name if path.name == "notes.md" else path.stem
        for k in range(FAITHFUL_PER_NOTES):
            rng = random.Random(f"{stem}-{k}")
            draft = faithful_draft(notes, rng)
            base = f"{stem}-{k}"
            cases.append({"id": base, "type": "faithful", "notes": rel, "draft": draft, "change": "", "base": ""})
            if k == 0:
                for n, (kind, text, change) in enumerate(variants(draft, rng)):
                    cases.append({"id": f"{base}-{kind}-{n}", "type": kind, "notes": rel, "draft": text, "change": change, "base": base})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    counts: dict[str, int] = {}
    for c in cases:
        counts[c["type"]] = counts.get(c["type"], 0) + 1
    print(f"{len(cases)} cases in {OUT.relative_to(ROOT)}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
