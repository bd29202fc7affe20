"""The `drafter eval --html` page: one self-contained file (inline CSS and SVG, no scripts, no external
resources) with a bar chart per measure across drafts, a row per draft, and each draft's text with its
problems marked in place (unsupported quantities and placeholders in <mark>, the longest run copied from
the corpus underlined).

Built with plain string building and html.escape: the page is small and fixed, and Jinja2 belongs to
drafter.prompts alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .evaluate import DraftScore, EvalResult

__all__ = ["render_report", "marked_text", "bar_chart", "Span"]


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


# -- marks in the draft text --------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "unsupported", "placeholder" or "copied"
    note: str  # shown as the mark's tooltip and in the legend


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _locate(text: str, needle: str, line: int | None, starts: list[int], start: int | None = None, end: int | None = None) -> tuple[int, int] | None:
    """The span of `needle`: the given offsets when they hold it, else its first occurrence on `line`, else anywhere."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        if not needle or text[start:end] == needle or needle in text[max(0, start - 2) : end + 2]:
            return start, end
    if not needle:
        return None
    lo = starts[line - 1] if line and 0 < line <= len(starts) else 0
    hi = starts[line] if line and line < len(starts) else len(text)
    i = text.find(needle, lo, hi)
    if i < 0:
        i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


def draft_spans(score: DraftScore, *, copy_limit: int | None = None) -> list[Span]:
    """Where to mark the draft: unsupported quantities, placeholders, and the copied run when over the limit."""
    text, starts = score.text, _line_starts(score.text)
    spans: list[Span] = []
    for u in score.report.unsupported:
        where = _locate(text, u.quantity, getattr(u, "line", None), starts, getattr(u, "start", None), getattr(u, "end", None))
        if where:
            nearest = getattr(u, "nearest_fact", None)
            hint = f"; nearest fact: {nearest.get('text', '') if isinstance(nearest, dict) else nearest}" if nearest else ""
            spans.append(Span(*where, "unsupported", f"unsupported: {u.quantity} is in no fact{hint}"))
    for p in score.report.placeholders:
        where = _locate(text, p.text, getattr(p, "line", None), starts, getattr(p, "start", None), getattr(p, "end", None))
        if where:
            spans.append(Span(*where, "placeholder", f"placeholder: {p.text}"))
    limit = copy_limit
    if score.copy_span and score.copying and (limit is None or score.copying > limit):
        spans.append(Span(*score.copy_span, "copied", f"{score.copying} characters shared with corpus document {score.copied_from}"))
    return spans


def marked_text(text: str, spans: Sequence[Span]) -> str:
    """The text escaped, with each span wrapped; overlapping spans are split at every boundary so tags nest."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        piece = _e(text[a:b])
        active = [s for s in spans if s.start <= a and b <= s.end]
        for kind in ("unsupported", "placeholder"):
            hit = next((s for s in active if s.kind == kind), None)
            if hit:
                piece = f'<mark class="{kind}" title="{_e(hit.note)}">{piece}</mark>'
                break
        copied = next((s for s in active if s.kind == "copied"), None)
        if copied:
            piece = f'<span class="copied" title="{_e(copied.note)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


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
        _Metric("recall", "Recall (facts' quantities stated)", lambda d: d.recall, ".2f", t.min_recall, True),
        _Metric("unsupported", "Unsupported quantities", lambda d: d.unsupported, "d", t.max_unsupported, False),
        _Metric("placeholders", "Placeholders", lambda d: d.placeholders, "d", t.max_placeholders, False),
        _Metric("coverage", "Fact coverage (content words)", lambda d: d.coverage, ".2f", t.min_coverage, True),
        _Metric("copying", "Copying (longest run shared with corpus)", lambda d: d.copying, "d", t.max_copying, False),
        _Metric("length", "Length (characters)", lambda d: d.length, "d", targets.pop() if len(targets) == 1 else None, True),
        _Metric("repetition", "Repetition (repeated 4-grams)", lambda d: d.repetition, ".3f", t.max_repetition, False),
        _Metric("style", "Style closeness to corpus", lambda d: d.style, ".2f", t.min_style, True),
    ]


_GOOD, _BAD, _NEUTRAL, _NONE = "#2e7d32", "#c62828", "#3f6fb5", "#9e9e9e"


def bar_chart(title: str, rows: Sequence[tuple[str, float | None, str]], *, limit: float | None = None, higher_is_better: bool = True, unit_max: float | None = None) -> str:
    """A horizontal bar chart as inline SVG: one (label, value, value text) row per draft; a dashed line at `limit`."""
    label_w, bar_w, value_w, row_h, top = 170, 220, 56, 20, 42
    width = label_w + bar_w + value_w
    height = top + row_h * max(1, len(rows)) + 8
    values = [v for _, v, _ in rows if v is not None]
    scale_max = unit_max if unit_max is not None else max([*values, limit or 0, 1])
    scale_max = scale_max or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<text x="0" y="16" class="chart-title">{_e(title)}</text>',
    ]
    for i, (label, value, text) in enumerate(rows):
        y = top + i * row_h
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" class="chart-label"><title>{_e(label)}</title>{_e(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 6}" fill="#f0f0f0"/>')
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 13}" class="chart-value" fill="{_NONE}">n/a</text>')
            continue
        if limit is None:
            colour = _NEUTRAL
        else:
            ok = value >= limit - 1e-9 if higher_is_better else value <= limit + 1e-9
            colour = _GOOD if ok else _BAD
        w = max(1.5, bar_w * min(value, scale_max) / scale_max) if value > 0 else 0
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}"><title>{_e(label)}: {_e(text)}</title></rect>')
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 13}" class="chart-value">{_e(text)}</text>')
    if limit is not None and scale_max:
        x = label_w + bar_w * min(limit, scale_max) / scale_max
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#222" stroke-width="1" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{min(x, label_w + bar_w - 4):.1f}" y="{top - 8}" text-anchor="middle" class="chart-limit">limit {limit:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _charts(result: EvalResult) -> str:
    blocks = []
    for m in _metrics(result):
        rows = []
        for d in result.drafts:
            v = m.value(d)
            rows.append((d.name, None if v is None else float(v), "n/a" if v is None else format(v, m.fmt)))
        unit = 1.0 if m.fmt.startswith(".") and m.key != "repetition" else None
        if m.key == "repetition":
            unit = max([0.1, *(r[1] for r in rows if r[1] is not None)])
        blocks.append(f'<figure id="chart-{m.key}">{bar_chart(m.label, rows, limit=m.limit, higher_is_better=m.higher_is_better, unit_max=unit)}</figure>')
    return '<section class="charts">' + "".join(blocks) + "</section>"


# -- page ---------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d1d1f; background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.sub { color: #666; margin: 0 0 16px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.card b { display: block; font-size: 20px; }
.card span { color: #666; font-size: 12px; }
.notice { background: #fff8e1; border-left: 4px solid #f9a825; padding: 6px 10px; margin: 6px 0; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border: 1px solid #e0e0e0; padding: 4px 8px; text-align: right; white-space: nowrap; }
th { background: #f3f3f3; font-weight: 600; }
td.name, th.name { text-align: left; }
td.fail, .badge.fail { color: #fff; background: #c62828; }
td.pass, .badge.pass { color: #fff; background: #2e7d32; }
td.bad { color: #c62828; font-weight: 600; }
.badge { display: inline-block; border-radius: 4px; padding: 0 8px; font-size: 13px; margin-left: 8px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(450px, 1fr)); gap: 12px; }
figure { margin: 0; background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 10px; }
.chart-title { font-size: 13px; font-weight: 600; fill: #1d1d1f; }
.chart-label, .chart-value, .chart-limit { font-size: 11px; fill: #333; }
.chart-limit { fill: #555; }
.draft { background: #fff; border: 1px solid #e0e0e0; border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.draft.failed { border-left: 5px solid #c62828; }
.draft.passed { border-left: 5px solid #2e7d32; }
.paths { color: #666; font-size: 12px; word-break: break-all; }
ul.problems li { color: #b71c1c; }
ul.facts li mark { padding: 0 3px; }
ul.facts li code { background: #fdecea; color: #b71c1c; padding: 0 4px; border-radius: 3px; }
.checks span { display: inline-block; margin-right: 12px; }
.checks .no { color: #c62828; }
.checks .yes { color: #2e7d32; }
.text { white-space: pre-wrap; background: #fcfcfc; border: 1px solid #eee; padding: 12px 14px; font-size: 14px; line-height: 1.8; }
mark.unsupported { background: #ffcdd2; color: #8e0000; font-weight: 700; outline: 1px solid #e57373; }
mark.placeholder { background: #ffe0b2; color: #7a3e00; font-weight: 700; outline: 1px solid #ffb74d; }
span.copied { background: #e8f0fe; border-bottom: 1px dashed #7aa7e0; }
.reason { color: #666; font-size: 12px; }
.legend mark, .legend span { padding: 0 4px; margin-right: 10px; }
"""


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def _summary_cards(result: EvalResult) -> str:
    s = result.summary()
    cards = [
        ("drafts", s["drafts"]),
        ("passed", s["passed"]),
        ("failed", s["failed"]),
        ("mean recall", _fmt(s["recall"], ".3f")),
        ("unsupported", s["unsupported"]),
        ("placeholders", s["placeholders"]),
        ("mean coverage", _fmt(s["coverage"], ".3f")),
        ("structure ok", f'{s["structure_ok"]}/{s["drafts"]}'),
        ("mean style", _fmt(s["style"], ".3f")),
        ("max copying", s["copying_max"]),
    ]
    return '<div class="cards">' + "".join(f"<div class=\"card\"><b>{_e(v)}</b><span>{_e(k)}</span></div>" for k, v in cards) + "</div>"


def _table(result: EvalResult) -> str:
    t = result.thresholds
    head = ["#", "draft", "pass", "recall", "unsupported", "placeholders", "coverage", "structure", "length", "repetition", "style", "copying"]
    rows = ["<table><thead><tr>" + "".join(f'<th class="{"name" if h == "draft" else ""}">{h}</th>' for h in head) + "</tr></thead><tbody>"]
    for i, d in enumerate(result.drafts, 1):
        bad = {
            "recall": t.min_recall is not None and d.recall < t.min_recall - 1e-9,
            "unsupported": t.max_unsupported is not None and d.unsupported > t.max_unsupported,
            "placeholders": t.max_placeholders is not None and d.placeholders > t.max_placeholders,
            "structure": t.structure and not d.structure.ok,
            "copying": t.max_copying is not None and d.copying > t.max_copying,
            "coverage": t.min_coverage is not None and d.coverage < t.min_coverage - 1e-9,
        }
        length = str(d.length) + (f" ({d.length_ratio:.2f}×)" if d.length_ratio is not None else "")
        cells = [
            ("recall", f"{d.recall:.2f}"),
            ("unsupported", d.unsupported),
            ("placeholders", d.placeholders),
            ("coverage", f"{d.coverage:.2f}"),
            ("structure", "ok" if d.structure.ok else f"{len(d.structure.problems())} problem(s)"),
            ("length", length),
            ("repetition", f"{d.repetition:.3f}"),
            ("style", _fmt(d.style, ".2f")),
            ("copying", d.copying),
        ]
        verdict = "pass" if d.passed else "fail"
        rows.append(
            f'<tr><td>{i}</td><td class="name"><a href="#draft-{i}">{_e(d.name)}</a></td><td class="{verdict}">{verdict}</td>'
            + "".join(f'<td class="{"bad" if bad.get(k) else ""}">{_e(v)}</td>' for k, v in cells)
            + "</tr>"
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _checks(d: DraftScore) -> str:
    s = d.structure
    items = [
        ("title", s.title),
        ("opening", s.opening),
        (f"{s.sections} sections numbered in order", s.numbering),
        ("不足 in closing", s.shortcomings),
        ("下一步/打算 in closing", s.next_steps),
        ("no leftover markup", not s.markup),
    ]
    return '<p class="checks">' + "".join(f'<span class="{"yes" if ok else "no"}">{"✔" if ok else "✘"} {_e(name)}</span>' for name, ok in items) + "</p>"


def _draft_block(i: int, d: DraftScore, copy_limit: int | None) -> str:
    verdict = "pass" if d.passed else "fail"
    parts = [
        f'<article class="draft {"passed" if d.passed else "failed"}" id="draft-{i}">',
        f'<h3>{i}. {_e(d.name)}<span class="badge {verdict}">{verdict}</span></h3>',
        f'<p class="paths">draft: {_e(d.draft)}<br>facts: {_e(d.facts)}</p>',
    ]
    if d.problems:
        parts.append('<ul class="problems">' + "".join(f"<li>{_e(p)}</li>" for p in d.problems) + "</ul>")
    if d.report.missing:
        parts.append("<h4>Missing from the draft</h4><ul class=\"facts missing\">")
        for m in d.report.missing:
            fid = getattr(m, "fact_id", "")
            parts.append(f"<li><code>{_e(m.quantity)}</code> [{_e(fid)}] {_e(m.fact)}</li>")
        parts.append("</ul>")
    if d.report.unsupported:
        parts.append('<h4>Unsupported quantities (marked in the text below)</h4><ul class="facts unsupported">')
        for u in d.report.unsupported:
            reason = getattr(u, "reason", "")
            parts.append(f'<li>line {_e(getattr(u, "line", "?"))}: <mark class="unsupported">{_e(u.quantity)}</mark> in “…{_e(u.context)}…” <span class="reason">{_e(reason)}</span></li>')
        parts.append("</ul>")
    if d.report.placeholders:
        parts.append('<h4>Placeholders</h4><ul class="facts placeholders">')
        parts.extend(f'<li>line {_e(getattr(p, "line", "?"))}: <mark class="placeholder">{_e(p.text)}</mark> in “…{_e(p.context)}…”</li>' for p in d.report.placeholders)
        parts.append("</ul>")
    if d.uncovered:
        parts.append('<h4>Facts not written about (content words)</h4><ul class="facts uncovered">')
        parts.extend(f"<li>[{_e(f.id)}] {_e(f.text)}</li>" for f in d.uncovered)
        parts.append("</ul>")
    parts.append(_checks(d))
    parts.append(
        '<p class="legend"><mark class="unsupported">unsupported quantity</mark><mark class="placeholder">placeholder</mark>'
        '<span class="copied">run copied from the corpus (when over the limit)</span></p>'
    )
    parts.append(f'<div class="text">{marked_text(d.text, draft_spans(d, copy_limit=copy_limit))}</div>')
    parts.append("</article>")
    return "".join(parts)


def render_report(result: EvalResult, *, title: str = "drafter eval") -> str:
    """The whole page as one string."""
    t = result.thresholds
    limits = (
        f"recall ≥ {_fmt(t.min_recall, 'g')}, unsupported ≤ {_fmt(t.max_unsupported, 'g')}, placeholders ≤ {_fmt(t.max_placeholders, 'g')}, "
        f"copying ≤ {_fmt(t.max_copying, 'g')}, structure {'required' if t.structure else 'not judged'}"
    )
    overall = "all drafts pass" if result.passed else f"{sum(not d.passed for d in result.drafts)} of {len(result.drafts)} drafts fail"
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="sub">{_e(overall)} · thresholds: {_e(limits)}</p>',
        _summary_cards(result),
        *(f'<p class="notice">{_e(n)}</p>' for n in result.notices),
        "<h2>Drafts</h2>",
        _table(result),
        "<h2>Measures across drafts</h2>",
        _charts(result),
        "<h2>Each draft, problems marked</h2>",
        *(_draft_block(i, d, t.max_copying) for i, d in enumerate(result.drafts, 1)),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )
