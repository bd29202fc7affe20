"""A loopback model that errs like a real one, for tests and for eval/bench_model.py.

`RealisticWriter` is a responder for FakeOpenAI (real HTTP, streaming or not): it reads the facts a
drafter prompt carries ("- [f3] …" lines) and writes them as prose in the genre (a lead sentence,
一是…；二是…, a closing sentence), and at set rates it errs the way chat models do:

    drop       a number goes vague (12支 → 若干支), or a whole item is left out
    round      156篇 → 160篇
    qualifier  300多人 → 300人, 30余场 → 近30场, 82篇 → 近82篇
    total      an invented, wrong total (全年累计服务群众2400余人次)
    percent    an invented percentage (群众满意度达96%)
    miscompute a computed figure with a wrong value: a section's total one off (以上各项合计31场 for 30),
               a rate a few points off (占比达97.5% for 95.0%); weight 0 unless asked for
    swap       two same-unit numbers trade places between facts (12支 ↔ 16支)
    english    the section in English (its numbers intact)
    refuse     抱歉，我无法协助完成这个请求。
    honour     an invented honour (社区被评为市级“优秀志愿服务集体”称号)
    rename     a named claim of a fact changed: a level promoted (区级 → 市级), another body (区民政局 → 区卫健委),
               another medium (区融媒体中心 → 市电视台), another project name (“红袖标” → “红马甲”)

With `compute` > 0, that share of first section answers also adds a right computed figure, a total of
the section's same-unit counts or a rate of two figures of one fact (as chat models do): no mistake,
drafter proves it as derived. `computed` counts them.
`rate` is the share of first answers (sections, the opening, the closing, a rewrite) with one error.
On a repair request (drafter's 【核对结果】 prompt) each problem the request names is fixed with
probability `fix`; a problem it does not name stays (a swap is only named by a check that sees
misbound numbers); with probability `relapse` the repaired answer brings a fresh error. Every random
choice is seeded by `seed` and the conversation's text, so a run repeats whatever order the requests
arrive in. `residual()` says which conversations' latest answers still carry an error: the ground
truth a benchmark compares drafter's verdict with.
"""

from __future__ import annotations

import hashlib
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from fake_openai import Request, facts_in

__all__ = ["RealisticWriter", "KINDS", "Mistake"]

KINDS = ("drop", "round", "qualifier", "total", "percent", "swap", "english", "refuse", "miscompute")
CLAIM_KINDS = ("honour", "rename")  # named claims (drafter.claims) a model invents or changes
# How often each kind comes up among erring answers: number slips are common, refusals rare.
WEIGHTS = {"drop": 3, "round": 2, "qualifier": 3, "total": 2, "percent": 2, "swap": 2, "english": 1, "refuse": 1, "miscompute": 0, "honour": 2, "rename": 2}
_HONOURS = ["优秀志愿服务集体", "先进基层党组织", "文明实践示范点", "和谐社区建设示范单位", "五好家庭示范社区"]
_LEVEL_UP = {"街道级": "区级", "区级": "市级", "县级": "市级", "市级": "省级", "省级": "全国"}
_BODY_SWAP = {"民政局": "卫健委", "卫健委": "民政局", "司法局": "民政局", "住建局": "城管局", "城管局": "住建局", "政法委": "宣传部",
              "宣传部": "组织部", "组织部": "宣传部", "派出所": "司法所", "司法所": "派出所", "妇联": "团委", "团委": "妇联"}
_MEDIUM_SWAP = {"融媒体中心": "电视台", "电视台": "融媒体中心", "日报": "晚报", "晚报": "日报", "学习强国": "人民网"}

_LEADS = [
    "坚持把这项工作摆在突出位置，强化组织领导，细化工作举措，推动各项任务落地见效。",
    "围绕年初确定的目标任务，坚持问题导向，创新工作方法，扎实推进各项工作。",
    "始终坚持以人民为中心，聚焦群众所需所盼，持续用力、久久为功。",
    "按照上级部署要求，结合社区实际，统筹谋划、压实责任，工作取得了新进展。",
]
_ENDS = [
    "通过扎实有效的工作，居民群众的获得感、幸福感、安全感不断增强。",
    "各项工作有序推进，得到了上级部门和居民群众的充分肯定。",
    "工作成效逐步显现，为社区高质量发展打下了坚实基础。",
]
_LINKS = ["", "", "，取得了良好效果", "，受到居民好评", "，进一步夯实了工作基础"]
_REFUSALS = ["抱歉，我无法协助完成这个请求。", "对不起，作为AI助手，我不能撰写这类材料。", "很抱歉，我无法按要求生成这部分内容。"]
_ORD = "一二三四五六七八九十"
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Mistake:
    kind: str
    changes: tuple[tuple[int, str, str | None], ...] = ()  # (item index, old text, new text; None drops the item)
    extra: str = ""  # an invented sentence
    names: tuple[str, ...] = ()  # quantities a check would name for it

    @property
    def whole(self) -> bool:  # the answer is no section at all
        return self.kind in ("english", "refuse")


@dataclass
class _Answer:
    facts: list[tuple[str, str]]
    style: int
    mistakes: list[Mistake] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)  # right computed figures (no mistakes)


def _digest(*parts: object) -> int:
    return int(hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:15], 16)


def _kind_of(prompt: str) -> str:
    if "【核对结果】" in prompt:
        return "repair"
    if "【任务】撰写开头" in prompt:
        return "opening"
    if "【任务】撰写结尾" in prompt:
        return "closing"
    if "【任务】重写" in prompt:
        return "rewrite"
    return "section"


def _quantities(text: str) -> list:
    from drafter.numbers import find_quantities

    return [q for q in find_quantities(text) if q.kind not in ("year", "date", "time", "ordinal")]


class RealisticWriter:
    """A responder for FakeOpenAI; see the module docstring. Safe to call from the server's threads."""

    def __init__(self, rate: float = 0.3, *, fix: float = 0.9, relapse: float = 0.0, seed: int = 0,
                 weights: dict[str, float] | None = None, compute: float = 0.0):
        self.rate = rate
        self.compute = compute
        self.computed: Counter[str] = Counter()  # right computed figures added, by kind (total, rate)
        self.fix = fix
        self.relapse = relapse
        self.seed = seed
        self.weights = dict(weights or WEIGHTS)
        self.made: Counter[str] = Counter()  # mistakes made in first answers, by kind
        self.fixed: Counter[str] = Counter()  # mistakes a repair removed, by kind
        self._answers: dict[tuple[str, str], _Answer] = {}  # (first prompt, answer text) → what it was made from
        self._latest: dict[str, list[Mistake]] = {}  # conversation (its first prompt) → its latest answer's mistakes
        self._lock = threading.Lock()

    # -- the responder
    def __call__(self, request: Request) -> str:
        users = [str(m.get("content", "")) for m in request.messages if m.get("role") == "user"]
        first, last = (users[0], users[-1]) if users else ("", "")
        kind = _kind_of(last)
        rng = random.Random(_digest(self.seed, request.conversation))
        if kind == "repair":
            previous = next((str(m.get("content", "")) for m in reversed(request.messages) if m.get("role") == "assistant"), "")
            with self._lock:
                state = self._answers.get((first, previous))
            if state is None:  # not an answer of ours: write the section again, right
                state = _Answer(facts_in(first), _digest(self.seed, first))
            answer = self._repair(state, last, rng)
        else:
            facts = facts_in(first) if kind != "opening" else []
            answer = _Answer(facts, _digest(self.seed, first))
            if self.compute and kind == "section" and random.Random(_digest(self.seed, "compute", first)).random() < self.compute:
                made = _computed(facts, random.Random(_digest(self.seed, "how", first)), right=True)
                if made is not None:
                    answer.extras.append(made[0])
                    with self._lock:
                        self.computed[made[2]] += 1
            if rng.random() < self.rate:
                answer.mistakes.append(self._mistake(facts, first, kind, rng))
                with self._lock:
                    self.made[answer.mistakes[-1].kind] += 1
        text = self._render(answer, first, kind if kind != "repair" else _kind_of(first))
        with self._lock:
            self._answers[(first, text)] = answer
            self._latest[first] = list(answer.mistakes)
        return text

    def residual(self) -> dict[str, list[str]]:
        """Conversations (by their first prompt's first fact line or task) whose latest answer still errs."""
        with self._lock:
            return {_label(p): [m.kind for m in ms] for p, ms in self._latest.items() if ms}

    def residual_for(self, prompt_part: str) -> list[str]:
        """The mistakes still in the latest answer of every conversation whose first prompt contains prompt_part."""
        with self._lock:
            return [m.kind for p, ms in self._latest.items() if prompt_part in p for m in ms]

    # -- repairs
    def _repair(self, state: _Answer, request: str, rng: random.Random) -> _Answer:
        kept: list[Mistake] = []
        for m in state.mistakes:
            named = m.whole or any(name in request for name in m.names)
            if named and rng.random() < self.fix:
                with self._lock:
                    self.fixed[m.kind] += 1
                continue
            kept.append(m)
        answer = _Answer(state.facts, state.style, kept, list(state.extras))
        if self.relapse and not any(m.whole for m in kept) and rng.random() < self.relapse:
            answer.mistakes.append(self._mistake(state.facts, "", "section", rng, numbers_only=True))
        return answer

    # -- mistakes
    def _mistake(self, facts: list[tuple[str, str]], prompt: str, kind: str, rng: random.Random, numbers_only: bool = False) -> Mistake:
        kinds = [k for k in KINDS + CLAIM_KINDS if self.weights.get(k, 0) > 0 and not (numbers_only and k in ("english", "refuse"))]
        while kinds:
            pick = rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]
            made = getattr(self, f"_{pick}")(facts, rng)
            if made is not None:
                return made
            kinds.remove(pick)
        return self._percent(facts, rng)

    def _candidates(self, facts, test) -> list[tuple[int, object]]:
        return [(i, q) for i, (_, text) in enumerate(facts) for q in _quantities(text) if test(q, text)]

    def _drop(self, facts, rng):
        found = self._candidates(facts, lambda q, t: True)
        if not found:
            return None
        i, q = rng.choice(found)
        text = facts[i][1]
        if q.unit_text and q.kind == "count" and rng.random() < 0.6:
            new = text[: q.start] + "若干" + q.unit_text + text[q.end :]
            return Mistake("drop", ((i, text, new),), names=(q.text,))
        names = tuple(x.text for x in _quantities(text))
        return Mistake("drop", ((i, text, None),), names=names)

    def _round(self, facts, rng):
        found = self._candidates(facts, lambda q, t: q.num_start >= 0 and t[q.num_start : q.num_end].isdigit()
                                 and int(t[q.num_start : q.num_end]) >= 11 and int(t[q.num_start : q.num_end]) % 10)
        if not found:
            return None
        i, q = rng.choice(found)
        text = facts[i][1]
        n = int(text[q.num_start : q.num_end])
        step = 10 if n < 200 else 100
        rounded = str(round(n / step) * step or step)
        new_q = text[q.start : q.num_start] + rounded + text[q.num_end : q.end]
        return Mistake("round", ((i, q.text, new_q),), names=(q.text, new_q))

    def _qualifier(self, facts, rng):
        found = self._candidates(facts, lambda q, t: q.num_start >= 0 and q.kind in ("count", "money"))
        if not found:
            return None
        i, q = rng.choice(found)
        text = facts[i][1]
        if q.qualifier_text and q.qualifier_text in q.text:
            bare = q.text.replace(q.qualifier_text, "", 1)
            new_q = bare if rng.random() < 0.5 or q.qualifier_text == "近" else "近" + bare
        else:
            new_q = "近" + q.text if rng.random() < 0.5 else text[q.start : q.num_end] + "多" + text[q.num_end : q.end]
        return Mistake("qualifier", ((i, q.text, new_q),), names=(q.text, new_q))

    def _total(self, facts, rng):
        units = Counter(q.unit_text for _, t in facts for q in _quantities(t) if q.unit_text and q.kind == "count")
        unit = units.most_common(1)[0][0] if units else "场"
        values = [q.high for _, t in facts for q in _quantities(t) if q.unit_text == unit]
        total = sum(values) or rng.randint(50, 300)
        step = 100 if total >= 100 else 10
        shown = int((total // step + 1 + rng.randint(0, 2)) * step)  # a rounded-up guess, never the true sum
        what = {"人": "服务群众", "人次": "服务群众", "场": "开展各类活动", "次": "开展各类活动", "户": "走访群众"}.get(unit, "完成各项任务")
        text = f"全年累计{what}{shown}余{unit}"
        return Mistake("total", extra=text + "。", names=(f"{shown}余{unit}",))

    def _percent(self, facts, rng):
        shown = {q.text for _, t in facts for q in _quantities(t) if q.kind == "percent"}
        n = next(n for n in rng.sample(range(90, 100), 10) if f"{n}%" not in shown)
        what = rng.choice(["群众满意度达", "居民知晓率达到", "任务完成率达"])
        return Mistake("percent", extra=f"{what}{n}%。", names=(f"{n}%",))

    def _swap(self, facts, rng):
        found = self._candidates(facts, lambda q, t: q.unit_text and q.kind == "count")
        pairs = [(a, b) for x, a in enumerate(found) for b in found[x + 1 :]
                 if a[1].unit_text == b[1].unit_text and a[1].text != b[1].text and a[0] != b[0]]
        if not pairs:
            return None
        (i, qa), (j, qb) = rng.choice(pairs)
        ta, tb = facts[i][1], facts[j][1]
        return Mistake("swap", ((i, ta, ta[: qa.start] + qb.text + ta[qa.end :]), (j, tb, tb[: qb.start] + qa.text + tb[qb.end :])),
                       names=(qa.text, qb.text))

    def _honour(self, facts, rng):
        title = rng.choice([t for t in _HONOURS if not any(t in text for _, text in facts)] or _HONOURS)
        level = rng.choice(["区级", "市级", "省级"])
        verb = rng.choice(["被评为", "荣获", "获评"])
        return Mistake("honour", extra=f"社区{verb}{level}“{title}”称号。", names=(f"“{title}”",))

    def _rename(self, facts, rng):
        from drafter.claims import find_claims

        found = []
        for i, (_, text) in enumerate(facts):
            for c in find_claims(text):
                new = _renamed(c.text, c.kind, rng)
                if new and new != c.text:
                    found.append((i, c.text, new))
        if not found:
            return None
        i, old, new = rng.choice(found)
        text = facts[i][1]
        return Mistake("rename", ((i, text, text.replace(old, new, 1)),), names=(new,))

    def _miscompute(self, facts, rng):
        made = _computed(facts, rng, right=False)
        return None if made is None else Mistake("miscompute", extra=made[0], names=(made[1],))

    def _english(self, facts, rng):
        return Mistake("english")

    def _refuse(self, facts, rng):
        return Mistake("refuse")

    # -- prose
    def _render(self, answer: _Answer, prompt: str, kind: str) -> str:
        style = random.Random(answer.style)
        whole = next((m for m in answer.mistakes if m.whole), None)
        if whole is not None and whole.kind == "refuse":
            return style.choice(_REFUSALS)
        items = [text.rstrip("。；;，, ") for _, text in answer.facts]
        extras: list[str] = []
        for m in answer.mistakes:
            for index, old, new in m.changes:
                items[index] = None if new is None else (items[index] or "").replace(old.rstrip("。；;，, "), new.rstrip("。；;，, "), 1)
            if m.extra:
                extras.append(m.extra)
        items = [t for t in items if t]
        extras = list(answer.extras) + extras
        if whole is not None:  # english: every figure kept, not a word of Chinese prose
            from drafter.numbers import find_quantities

            figures = [q.text for t in items for q in find_quantities(t)]
            return ("In the period under review, the community made steady progress in this area and reported the following figures: "
                    + (", ".join(figures) or "none") + ". Residents took part actively and the results were good.")
        if kind == "opening":
            unit = re.search(r"单位：([^；\n（]+)", prompt)
            who = unit.group(1).strip() if unit else "社区"
            text = (f"一年来，{who}在上级党委、政府的正确领导下，坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕中心、服务大局，"
                    "扎实推进各项工作，取得了积极成效。")
            return text + "".join(extras) + "现将有关情况总结如下："
        if not items and not extras:
            return "回顾过去的工作，我们虽然取得了一定成绩，但与上级要求和群众期盼相比仍有差距。下一步，我们将扬长避短、真抓实干，力争把工作做得更好。"
        listed = "；".join(f"{_ORD[n] if n < 10 else '另'}是{t}{style.choice(_LINKS)}" for n, t in enumerate(items))
        if kind == "closing":
            lead = "在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些不足。" if "不足" in prompt else "下一步，我们将重点抓好以下工作："
            end = "我们将扬长避短、真抓实干，力争把各项工作做得更好。"
        else:
            lead, end = style.choice(_LEADS), style.choice(_ENDS)
        body = f"{lead}{listed}。" if listed else lead
        return body + "".join(extras) + end


def _renamed(text: str, kind: str, rng: random.Random) -> str | None:
    """The claim as a model changes it: a level promoted, another body or medium, a project name's word changed."""
    for old, new in _LEVEL_UP.items():
        if text.startswith(old):
            return new + text[len(old) :]
    table = _BODY_SWAP if kind == "body" else _MEDIUM_SWAP if kind == "medium" else {}
    for old, new in table.items():
        if old in text:
            return text.replace(old, new, 1)
    quoted = re.match(r"“([^”]{2,})”", text)
    if kind == "name" and quoted:
        inner = quoted.group(1)
        i = rng.randrange(len(inner))
        swap = "新" if inner[i] != "新" else "好"
        return text.replace(inner, inner[:i] + swap + inner[i + 1 :], 1)
    return None

def _computed(facts: list[tuple[str, str]], rng: random.Random, *, right: bool) -> tuple[str, str, str] | None:
    """A figure computed from a section's facts, as a sentence: (sentence, the figure, total|rate).

    A total sums every exact count of one unit in the section (a unit any of whose counts is approximate
    is skipped); a rate divides two counts of one unit in one fact. Wrong: the total one to three off,
    the rate two to five points off."""
    qs = [(i, q) for i, (_, t) in enumerate(facts) for q in _quantities(t) if q.kind == "count" and q.unit and not q.weak]
    by_unit: dict[str, list] = {}
    for _, q in qs:
        by_unit.setdefault(q.unit, []).append(q)
    totals = [(u, group) for u, group in by_unit.items() if len(group) >= 2 and all(q.low == q.high and not q.qualifier for q in group)]
    rates = [(i, a, b) for i, a in qs for j, b in qs if i == j and a.unit == b.unit and not a.qualifier and not b.qualifier
             and a.low == a.high and b.low == b.high and 0 < a.low < b.low]  # fmt: skip
    options = [("total", t) for t in totals] + [("rate", r) for r in rates]
    if not options:
        return None
    kind, pick = rng.choice(options)
    if kind == "total":
        unit, group = pick
        value = int(sum(q.low for q in group)) + (0 if right else rng.randint(1, 3))
        shown = f"{value}{group[0].unit_text}"
        return f"以上各项合计{shown}。", shown, kind
    i, a, b = pick
    value = a.low / b.low * 100 + (0 if right else rng.choice([-1, 1]) * rng.randint(2, 5))
    shown = f"{value:.1f}%"
    # the words the fact says the part of (其中自学课程5节 → 自学课程), as a model names what its rate is of
    said = re.sub(r"[^\u4e00-\u9fff]", "", facts[i][1][max(0, a.start - 6) : a.start]).removeprefix("其中")[-4:]
    return f"其中{said}占比达{shown}。", shown, kind


def _label(prompt: str) -> str:
    facts = facts_in(prompt)
    if facts:
        return facts[0][1][:20]
    task = re.search(r"【任务】([^\n。]{0,20})", prompt)
    return task.group(1) if task else prompt[:20]
