"""The `drafter eval --html` page: one self-contained file (inline CSS and SVG, no scripts, no external
resources) in Chinese, with a bar chart per measure across drafts, a row per draft, and each draft shown
the way the page shows it (drafter.reports.view): every number marked with its proof, placeholders
flagged, the longest run copied from the corpus underlined when over the limit.

All markup lives in templates/ (report.html.j2, draft.html.j2, chart.svg.j2), rendered autoescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .evaluate import DraftScore, EvalResult
from .templating import template_environment
from .view import Span, draft_view

__all__ = ["render_report", "bar_chart", "Span", "report_draft_view"]


# -- charts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Metric:
    key: str
    label: str
    value: Callable[[DraftScore], float | None]
    fmt: str  # format spec for the value label
    limit: float | None  # the threshold drawn as a dashed line
    higher_is_better: bool


def _metrics(result: EvalResult) -> list[_Metric]:
    t = result.thresholds
    targets = {d.length_target for d in result.drafts if d.length_target}
    return [
        _Metric("recall", "召回率（事实数字写对的比例）", lambda d: d.recall, ".2f", t.min_recall, True),
        _Metric("unsupported", "无据数字", lambda d: d.unsupported, "d", t.max_unsupported, False),
        _Metric("placeholders", "占位符", lambda d: d.placeholders, "d", t.max_placeholders, False),
        _Metric("coverage", "事实覆盖（实词）", lambda d: d.coverage, ".2f", t.min_coverage, True),
        _Metric("copying", "照抄（与范文相同的最长字数）", lambda d: d.copying, "d", t.max_copying, False),
        _Metric("length", "篇幅（字数）", lambda d: d.length, "d", targets.pop() if len(targets) == 1 else None, True),
        _Metric("repetition", "重复（重复的四字串比例）", lambda d: d.repetition, ".3f", t.max_repetition, False),
        _Metric("style", "文风接近度（与范文）", lambda d: d.style, ".2f", t.min_style, True),
    ]


_GOOD, _BAD, _NEUTRAL = "#2e7d32", "#c62828", "#3f6fb5"


@dataclass(frozen=True)
class _Bar:
    y: int
    label: str
    short: str
    text: str
    width: float | None  # None: no value
    colour: str


def bar_chart(title: str, rows: Sequence[tuple[str, float | None, str]], *, limit: float | None = None, higher_is_better: bool = True, unit_max: float | None = None) -> str:
    """A horizontal bar chart as inline SVG: one (label, value, value text) row per draft; a dashed line at `limit`."""
    label_w, bar_w, value_w, row_h, top = 170, 220, 56, 20, 42
    height = top + row_h * max(1, len(rows)) + 8
    values = [v for _, v, _ in rows if v is not None]
    scale_max = (unit_max if unit_max is not None else max([*values, limit or 0, 1])) or 1
    bars = []
    for i, (label, value, text) in enumerate(rows):
        if value is None:
            width, colour = None, ""
        else:
            ok = limit is None or (value >= limit - 1e-9 if higher_is_better else value <= limit + 1e-9)
            colour = _NEUTRAL if limit is None else (_GOOD if ok else _BAD)
            width = max(1.5, bar_w * min(value, scale_max) / scale_max) if value > 0 else 0.0
        bars.append(_Bar(top + i * row_h, label, label if len(label) <= 24 else label[:23] + "…", text, width, colour))
    limit_x = label_w + bar_w * min(limit, scale_max) / scale_max if limit is not None else None
    return template_environment().get_template("chart.svg.j2").render(
        title=title, bars=bars, label_w=label_w, bar_w=bar_w, row_h=row_h, top=top,
        width=label_w + bar_w + value_w, height=height, limit=limit, limit_x=limit_x,
    ).strip()  # fmt: skip


def _charts(result: EvalResult) -> list[tuple[str, str]]:
    charts = []
    for m in _metrics(result):
        rows = []
        for d in result.drafts:
            v = m.value(d)
            rows.append((d.name, None if v is None else float(v), "无" if v is None else format(v, m.fmt)))
        unit = 1.0 if m.fmt.startswith(".") and m.key != "repetition" else None
        if m.key == "repetition":
            unit = max([0.1, *(r[1] for r in rows if r[1] is not None)])
        charts.append((m.key, bar_chart(m.label, rows, limit=m.limit, higher_is_better=m.higher_is_better, unit_max=unit)))
    return charts


# -- the page -----------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "无" if value is None else format(value, spec)


def report_draft_view(d: DraftScore, copy_limit: int | None):
    """A scored draft as the shared view, with the copied run underlined when over the limit."""
    extra = []
    if d.copy_span and d.copying and (copy_limit is None or d.copying > copy_limit):
        extra.append(Span(*d.copy_span, "copied", f"与范文 {d.copied_from} 相同的 {d.copying} 个字"))
    return draft_view(d.text, d.report, d.notes, extra_spans=extra)


def _row(d: DraftScore, result: EvalResult) -> dict:
    t = result.thresholds
    bad = {
        "recall": t.min_recall is not None and d.recall < t.min_recall - 1e-9,
        "unsupported": t.max_unsupported is not None and d.unsupported > t.max_unsupported,
        "misbound": t.max_misbound is not None and d.misbound > t.max_misbound,
        "placeholders": t.max_placeholders is not None and d.placeholders > t.max_placeholders,
        "structure": t.structure and (not d.structure.ok or bool(d.structure_problems)),
        "copying": t.max_copying is not None and d.copying > t.max_copying,
        "coverage": t.min_coverage is not None and d.coverage < t.min_coverage - 1e-9,
    }
    length = str(d.length) + (f"（{d.length_ratio:.2f}倍）" if d.length_ratio is not None else "")
    cells = [
        ("recall", f"{d.recall:.2f}"),
        ("unsupported", d.unsupported),
        ("misbound", d.misbound),
        ("placeholders", d.placeholders),
        ("coverage", f"{d.coverage:.2f}"),
        ("structure", "完整" if d.structure.ok and not d.structure_problems else f"{len(d.structure.problems()) + len(d.structure_problems)}处问题"),
        ("length", length),
        ("repetition", f"{d.repetition:.3f}"),
        ("style", _fmt(d.style, ".2f")),
        ("copying", d.copying),
    ]
    names = {"recall": "召回率", "unsupported": "无据数字", "misbound": "错位数字", "placeholders": "占位符", "structure": "结构", "copying": "照抄", "coverage": "事实覆盖"}
    failing = [names[k] for k, v in bad.items() if v]
    return {"cells": [(v, bad.get(k, False)) for k, v in cells], "failing": failing}


def _structure_checks(d: DraftScore) -> list[tuple[str, bool]]:
    s = d.structure
    return [
        ("标题", s.title),
        ("开头段", s.opening),
        (f"{s.sections}个部分，编号有序", s.numbering),
        ("结尾写了不足", s.shortcomings),
        ("结尾写了下一步打算", s.next_steps),
        ("没有残留标记", not s.markup),
    ]


def render_report(result: EvalResult, *, title: str = "初稿评估报告") -> str:
    """The whole page as one string."""
    t = result.thresholds
    s = result.summary()
    limits = (
        f"召回率 ≥ {_fmt(t.min_recall, 'g')}，无据数字 ≤ {_fmt(t.max_unsupported, 'g')}，占位符 ≤ {_fmt(t.max_placeholders, 'g')}，"
        f"照抄 ≤ {_fmt(t.max_copying, 'g')} 字，结构{'须完整' if t.structure else '不评'}"
    )
    failed = sum(not d.passed for d in result.drafts)
    overall = "全部初稿通过" if result.passed else f"{len(result.drafts)}篇初稿中{failed}篇未通过"
    cards = [
        ("初稿", s["drafts"]),
        ("通过", s["passed"]),
        ("未通过", s["failed"]),
        ("平均召回率", _fmt(s["recall"], ".3f")),
        ("无据数字", s["unsupported"]),
        ("错位数字", s.get("misbound", 0)),
        ("占位符", s["placeholders"]),
        ("平均覆盖", _fmt(s["coverage"], ".3f")),
        ("结构完整", f'{s["structure_ok"]}/{s["drafts"]}'),
        ("平均文风", _fmt(s["style"], ".3f")),
        ("最长照抄", s["copying_max"]),
    ]
    drafts = [
        {"i": i, "d": d, "row": _row(d, result), "view": report_draft_view(d, t.max_copying), "checks": _structure_checks(d)}
        for i, d in enumerate(result.drafts, 1)
    ]
    return template_environment().get_template("report.html.j2").render(
        title=title, overall=overall, limits=limits, cards=cards, notices=result.notices, drafts=drafts, charts=_charts(result),
    )  # fmt: skip
