"""A draft as the page and the HTML report show it: title, opening and sections, each cut into pieces
where every quantity carries its proof (the check's provenance map), placeholders are flagged, and
(in the report) the run copied from the corpus is underlined. Both faces render this one value with
the same Jinja2 macros (drafter/reports/templates/draft.html.j2), so a number looks the same in both.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Span", "Piece", "Block", "SectionView", "DraftView", "ProblemLine", "draft_view", "draft_spans_from_report", "split_pieces", "changed_pieces"]

STATUS_LABELS = {"ok": "有据", "unsupported": "无据", "misbound": "错位", "derived": "计算得出"}
# drafter.numbers.structure's problems, as the page says them
STRUCTURE_LABELS = {
    "numbering": "材料的编号留在了句子里",
    "heading_as_fact": "标题被当成了事实",
    "closing_in_work": "不足或下一步打算写进了工作成绩",
    "work_in_closing": "工作成绩写进了结尾",
    "empty_section": "这一部分是空的",
    "missing_section": "材料中的这一部分初稿没有写",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "quantity", "claim" (a named claim: honour, body, medium, name), "placeholder" or "copied"
    note: str = ""  # the tooltip: where the number comes from, or what is wrong
    status: str = ""  # quantity: ok | unsupported | misbound | derived
    fact_id: str = ""


@dataclass(frozen=True)
class Piece:
    text: str
    quantity: Span | None = None
    placeholder: Span | None = None
    copied: Span | None = None
    claim: Span | None = None
    change: str = ""  # "ins" or "del" in a diff, else ""


@dataclass
class Block:
    start: int
    end: int
    pieces: list[Piece]


@dataclass
class SectionView:
    number: int  # 1-based position among the '## ' sections: what rewrite's --section takes
    heading: Block
    paragraphs: list[Block]
    closing: bool = False


@dataclass(frozen=True)
class ProblemLine:
    quantity: str
    fact_id: str
    text: str  # the fact's text (missing, misbound) or the draft context (unsupported)
    detail: str = ""


@dataclass
class DraftView:
    title: Block | None
    opening: list[Block]
    sections: list[SectionView]
    ok: bool
    counts: dict[str, int]  # quantities, proven, missing, unsupported, misbound, placeholders
    missing: list[ProblemLine] = field(default_factory=list)
    unsupported: list[ProblemLine] = field(default_factory=list)
    misbound: list[ProblemLine] = field(default_factory=list)
    placeholders: list[ProblemLine] = field(default_factory=list)
    structure: list[ProblemLine] = field(default_factory=list)  # quantity: the line ("第3行"), detail: the label

    @property
    def status_text(self) -> str:
        c = self.counts
        if self.ok:
            return f"通过：{c['quantities']}个数字全部有据可查"
        parts = [
            f"{c[key]}{label}"
            for key, label in (("missing", "项事实数字未写入"), ("unsupported", "个数字无据"), ("misbound", "个数字错位"), ("placeholders", "处占位符"), ("structure", "处结构问题"))
            if c.get(key)
        ]
        if c.get("claims"):
            parts.append(f"其中{c['claims']}处荣誉、单位、媒体或名称与笔记不符")
        return "未通过：" + ("，".join(parts) or "请看下面列出的问题")


def _get(item: Any, name: str, default: Any = "") -> Any:
    """A field of a check item, whether it is a dataclass or a dict (misbound items arrive as either)."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _fact_texts(notes: Any) -> dict[str, str]:
    if notes is None:
        return {}
    return {f.id: f.text for f in getattr(notes, "facts", [])}


def _misbound_words(m: Any) -> str:
    """The CLI's wording with the right value: 笔记中完成适老化改造为28户（f6），97户说的是空巢老人（f2）."""
    e = _get(m, "expected", None) or {}
    if not isinstance(e, dict) or not e.get("quantity"):
        return ""
    q, fid, carries = _get(m, "quantity"), _get(m, "fact_id"), _get(m, "carries", "")
    own = f"{q}说的是{carries}（{fid}）" if carries else f"{q}出自{fid}"
    return f"笔记中{e.get('said_of') or '此处'}为{e['quantity']}（{e.get('fact_id', '')}），{own}"


def draft_spans_from_report(text: str, report: Any, notes: Any = None) -> list[Span]:
    """Every quantity of the provenance map with its proof as a tooltip, and every placeholder."""
    facts = _fact_texts(notes)
    misbound = list(_get(report, "misbound", None) or [])
    unsupported = {(_get(u, "start", -1), _get(u, "end", -1)): u for u in _get(report, "unsupported", [])}
    derived = {(_get(d, "start", -1), _get(d, "end", -1)): d for d in _get(report, "derived", [])}
    spans: list[Span] = []
    for q in _get(report, "quantities", None) or []:
        start, end, status, fid = _get(q, "start", 0), _get(q, "end", 0), _get(q, "status", "ok"), _get(q, "fact_id", "") or ""
        if not (0 <= start < end <= len(text)):
            continue
        if status == "ok":
            note = f"有据：[{fid}] {facts.get(fid, '')}".strip() if fid else "有据：见材料的标题或时间"
        elif status == "derived":
            d = derived.get((start, end))
            parts = "＋".join(f"{_get(p, 'quantity')}[{_get(p, 'fact_id')}]" for p in (_get(d, "parts", []) or [])) if d else ""
            arithmetic = _get(d, "arithmetic", "") if d else ""
            if arithmetic:
                note = f"计算得出：{arithmetic}（{parts.replace('＋', '、')}），请核对"
            else:
                note = f"合计：由{parts}相加而来" if parts else "合计：由几项事实相加而来"
        elif status == "misbound":
            m = next((m for m in misbound if _get(m, "quantity") == _get(q, "quantity") and _get(m, "line", 0) == _get(q, "line", 0)), None)
            said = _get(m, "said_of", "") if m else ""
            fact = (_get(m, "fact", "") if m else "") or facts.get(fid, "")
            right = _misbound_words(m) if m else ""
            note = (f"错位：{right}；材料原文 [{fid}] {fact}" if right else
                    f"错位：这里说的是“{said}”，材料原文是 [{fid}] {fact}" if said else f"错位：材料原文是 [{fid}] {fact}")  # fmt: skip
        else:
            u = unsupported.get((start, end))
            nearest = _get(u, "nearest_fact", None) if u else None
            hint = f"；最接近的事实：[{_get(nearest, 'id')}] {_get(nearest, 'text')}" if nearest else ""
            reason = str(_get(u, "reason", "") or "") if u else ""
            if reason.startswith("wrong figure:") and "应为" in reason:
                # 14+9+7=30场, not 31场 (应为30场): a computed figure with a wrong value
                arithmetic = reason.split(":", 1)[1].split(", not", 1)[0].strip()
                note = f"算错：按材料计算 {arithmetic}，{reason.rsplit('(', 1)[-1].rstrip(')')}{hint}"
            else:
                note = f"无据：材料中没有这个数字{hint}"
        spans.append(Span(start, end, "quantity", note, status, fid))
    spans += _claim_spans(text, report, facts)
    for p in _get(report, "placeholders", []):
        start, end = _get(p, "start", -1), _get(p, "end", -1)
        if 0 <= start < end <= len(text):
            spans.append(Span(start, end, "placeholder", f"占位符：{_get(p, 'text')}，请填写实际内容"))
    return spans


_CLAIM_KIND = {"honour": "荣誉", "body": "单位", "medium": "媒体", "name": "名称"}


def _claim_spans(text: str, report: Any, facts: dict[str, str]) -> list[Span]:
    """Every named claim of the draft (report.claims) with its fact, or why it is unsupported, as a tooltip."""
    spans = []
    for c in _get(report, "claims", None) or []:
        start, end, status, fid = _get(c, "start", 0), _get(c, "end", 0), _get(c, "status", "ok"), _get(c, "fact_id", "") or ""
        if not (0 <= start < end <= len(text)):
            continue
        kind = _CLAIM_KIND.get(_get(c, "kind", ""), "名称")
        if status == "ok":
            note = f"{kind}有据：[{fid}] {facts.get(fid, '')}".strip() if fid else f"{kind}有据：见材料"
        else:
            note = f"{kind}无据：{_get(c, 'explain', '')}"
        spans.append(Span(start, end, "claim", note, status, fid))
    return spans


def split_pieces(text: str, spans: Sequence[Span], start: int = 0, end: int | None = None) -> list[Piece]:
    """text[start:end] cut at every span boundary, each piece knowing the spans that cover it."""
    end = len(text) if end is None else end
    inside = [s for s in spans if s.start < end and start < s.end]
    cuts = sorted({start, end, *(max(start, s.start) for s in inside), *(min(end, s.end) for s in inside)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        cover = [s for s in inside if s.start <= a and b <= s.end]
        pieces.append(
            Piece(
                text[a:b],
                quantity=next((s for s in cover if s.kind == "quantity"), None),
                placeholder=next((s for s in cover if s.kind == "placeholder"), None),
                copied=next((s for s in cover if s.kind == "copied"), None),
                claim=next((s for s in cover if s.kind == "claim"), None),
            )
        )
    return pieces


_HEADING = re.compile(r"^(#{1,6})[ \t]+")


def draft_view(text: str, report: Any, notes: Any = None, *, extra_spans: Sequence[Span] = ()) -> DraftView:
    """The draft cut into title, opening paragraphs and '## ' sections, with its marks in place.

    Plain text (no headings) becomes opening paragraphs only; offsets stay those of `text`, so the
    provenance map's spans land where the check found them."""
    spans = [*draft_spans_from_report(text, report, notes), *extra_spans]
    title: Block | None = None
    opening: list[Block] = []
    sections: list[SectionView] = []
    para: list[int] = []  # [start, end] of the paragraph being collected

    def flush() -> None:
        if para:
            block = Block(para[0], para[1], split_pieces(text, spans, para[0], para[1]))
            (sections[-1].paragraphs if sections else opening).append(block)
            para.clear()

    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_start, line_end = pos, pos + len(body)
        pos += len(line)
        m = _HEADING.match(body)
        if m and len(m.group(1)) in (1, 2):
            flush()
            hs = line_start + m.end()
            he = line_start + len(body.rstrip())
            block = Block(hs, he, split_pieces(text, spans, hs, he))
            if len(m.group(1)) == 1 and title is None and not sections:
                title = block
            else:
                heading_text = text[hs:he]
                sections.append(SectionView(len(sections) + 1, block, [], closing=any(w in heading_text for w in ("不足", "问题", "下一步", "打算", "计划"))))
        elif not body.strip():
            flush()
        elif para:
            para[1] = line_end
        else:
            lead = len(body) - len(body.lstrip())
            para.extend([line_start + lead, line_end])
    flush()

    missing = [ProblemLine(_get(m, "quantity"), _get(m, "fact_id"), _get(m, "fact"), _found(m)) for m in _get(report, "missing", [])]
    unsupported = [ProblemLine(_get(u, "quantity"), "", _get(u, "context"), _get(u, "reason")) for u in _get(report, "unsupported", [])]
    misbound = [
        ProblemLine(_get(m, "quantity"), _get(m, "fact_id"), _get(m, "fact"),
                    _misbound_words(m) or (f"这里说的是“{_get(m, 'said_of')}”" if _get(m, "said_of") else ""))  # fmt: skip
        for m in (_get(report, "misbound", None) or [])
    ]
    placeholders = [ProblemLine(_get(p, "text"), "", _get(p, "context")) for p in _get(report, "placeholders", [])]
    structure = [
        ProblemLine(f"第{_get(p, 'line')}行" if _get(p, "line") else "材料", _get(p, "problem"), _get(p, "text"), STRUCTURE_LABELS.get(_get(p, "problem"), ""))
        for p in (_get(report, "structure", None) or [])
    ]
    marks = _get(report, "quantities", None) or []
    counts = {
        "quantities": len(marks),
        "proven": sum(1 for q in marks if _get(q, "status") == "ok"),
        "missing": len(missing),
        "unsupported": len(unsupported),
        "misbound": len(misbound),
        "placeholders": len(placeholders),
        "structure": len(structure),
        # named claims (honours, bodies, media, names) among the unsupported and missing: said apart in the status
        "claims": sum(1 for x in list(_get(report, "unsupported", [])) + list(_get(report, "missing", [])) if _get(x, "kind", "quantity") in _CLAIM_KIND),
    }
    ok = bool(_get(report, "ok", False)) and not misbound
    return DraftView(title, opening, sections, ok, counts, missing, unsupported, misbound, placeholders, structure)


def _found(m: Any) -> str:
    found = _get(m, "found", "")
    return f"初稿写成了 {found}" if found else ""


def changed_pieces(old: str, new: str) -> list[Piece]:
    """What a rewrite changed, character by character: kept text, deleted text (del) and inserted text (ins)."""
    out: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Piece(old[a1:a2]))
            continue
        if a2 > a1:
            out.append(Piece(old[a1:a2], change="del"))
        if b2 > b1:
            out.append(Piece(new[b1:b2], change="ins"))
    return out
