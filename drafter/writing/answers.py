"""Reading a model's answer: the section body it holds, and whether it can be a section at all.

Pure functions, no model and no I/O: drafter owns every heading line (clean_body strips the model's),
an answer that is a refusal or mostly not Chinese is never a section whatever its numbers
(judge_answer), and a style example reaches the prompt with its quantities and names masked
(mask_example) so a copied number cannot look like a fact.
"""

from __future__ import annotations

import re

from .prompts import render

__all__ = ["estimate_tokens", "mask_example", "clean_body", "cjk_share", "judge_answer", "rejection_prompt"]


# -- small pure helpers -------------------------------------------------------------------------

def estimate_tokens(text: str) -> int:
    """Chinese text runs about 1.5 characters a token with common tokenizers; an estimate only."""
    return int(len(text) / 1.5) + 1


_FALLBACK_QUANTITY = re.compile(
    r"[0-9０-９][0-9０-９,.，．%％]*[万亿千百十]?[多余近约]?"
    r"|[零〇一二两三四五六七八九十百千万亿]{2,}[多余]?(?=[个名人次位支家户场期篇块座所元件项条年月日天])"
    r"|[零〇一二两三四五六七八九十百千]+(?=[个名人次位支家户场期篇块座所元件项条])"
)
_QUOTED = re.compile(r"“[^”\n]{1,30}”|《[^》\n]{1,40}》|「[^」\n]{1,30}」")


def mask_example(text: str, limit: int = 400) -> str:
    """A style example with its quantities replaced by X and its quoted names by 某某 (data, not content)."""
    text = text.strip()[: limit * 2]
    spans = _quantity_spans(text)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "X" + text[end:]
    text = _QUOTED.sub(lambda m: m.group(0)[0] + "某某" + m.group(0)[-1], text)
    text = re.sub(r"X(?:[X,.，．、]*X)+", "X", text)
    return text[:limit].rstrip() + ("……" if len(text) > limit else "")


def _quantity_spans(text: str) -> list[tuple[int, int]]:
    try:
        from drafter.numbers import find_quantities
    except ImportError:  # the number module is optional here: a regex does for masking
        find_quantities = None
    spans: list[tuple[int, int]] = []
    if find_quantities is not None:
        try:
            for q in find_quantities(text):
                span = getattr(q, "span", None)
                start, end = span if isinstance(span, tuple) else (getattr(q, "start", None), getattr(q, "end", None))
                if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                    spans.append((start, end))
        except Exception:  # masking must never stop a draft
            spans = []
    if not spans:
        spans = [m.span() for m in _FALLBACK_QUANTITY.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_NUMBERED = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+|\d{1,2})[、.．]\s*")
_PREAMBLE = re.compile(r"^(好的|当然|以下是|下面是|根据您?提供的|按照要求)[^\n]{0,40}[：:]\s*$")
_FENCE = re.compile(r"^```[\w-]*\s*$", re.M)


def clean_body(text: str, heading: str = "") -> tuple[str, str | None]:
    """The model's answer as a section body, and the heading line it wrote first (if any).

    drafter owns headings: a leading heading line is removed (and returned so rewrite can honour a
    requested new heading); any other Markdown heading marks are dropped, so no '## ' line can
    split the section when the draft is parsed again.
    """
    text = _FENCE.sub("", text.replace("\r\n", "\n")).strip()
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    found: str | None = None
    if lines and _PREAMBLE.match(lines[0]):
        lines.pop(0)
    if lines and (_looks_like_heading(lines[0], heading) or (len(lines) > 1 and _short_line(lines[0]))):
        found = _NUMBERED.sub("", lines.pop(0).lstrip("#").strip()).strip("：: ")
    paragraphs = []
    for line in lines:
        line = line.lstrip("#").strip() if line.startswith("#") else line
        line = line.replace("**", "").replace("__", "")
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs), found


_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+是|首先|其次|再次|最后|第[一二三四五六七八九十]+[，,、])")


def _short_line(line: str) -> bool:
    """A title-like line: short, no sentence punctuation, not a lead-in ending with a colon.

    A first item written without its full stop ("一是开展集中学习两次") is body, not a heading: a model
    that answers one item per line, without a heading, must not lose its first fact.
    """
    return (len(line) <= 40 and not re.search(r"[。；;！？!?]", line) and not line.endswith(("：", ":", "，", ",", "、"))
            and not _ENUMERATED.match(line))


def _looks_like_heading(line: str, heading: str) -> bool:
    bare = _NUMBERED.sub("", line.lstrip("#").strip()).strip("：: ")
    want = _NUMBERED.sub("", heading).strip()
    if line.startswith("#"):
        return True
    if want and bare == want:
        return True
    return bool(_NUMBERED.match(line)) and len(line) <= 40 and "。" not in line and "；" not in line


# -- answers that are no section at all ----------------------------------------------------------

_REFUSAL_START = re.compile(
    r"^(?:很|非常|十分)?(?:抱歉|对不起|不好意思|遗憾)[^。\n]{0,40}?(?:无法|不能|不便|没法|不可以)"
    r"|^作为(?:一[个名])?(?:AI|人工智能|语言模型|大模型|助手)"
    r"|^(?:I'?m sorry|I am sorry|sorry|I can(?:no|')t|I am unable|I'm unable|As an AI)",
    re.I,
)
_REFUSAL_ANYWHERE = re.compile(r"我(?:无法|不能|没法|不便)(?:协助|帮助|帮您|帮你|完成|提供|回答|处理|满足|生成|撰写)")


def cjk_share(text: str) -> float:
    """The share of CJK ideographs among the letters of `text` (1.0 when it has no letters at all)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    cjk = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff")
    return cjk / len(letters)


def judge_answer(body: str) -> str | None:
    """Why a cleaned answer cannot be a section whatever its numbers (a refusal, not Chinese), or None."""
    text = body.strip()
    head = text[:200]
    if _REFUSAL_START.search(head) or (len(text) < 300 and _REFUSAL_ANYWHERE.search(text)):
        snippet = " ".join(text.split())[:30]
        return f"the model refused to write it (\u201c{snippet}\u201d)"
    if not any(ch.isalpha() for ch in text):
        return "the answer has no text, only numbers and punctuation"
    share = cjk_share(text)
    if share < 0.5:
        return f"the answer is mostly not in Chinese ({share:.0%} of its letters are Chinese)"
    return None


_REJECTED_ZH = {"refused": "模型拒绝了写作请求", "Chinese": "回答主要不是中文"}


def rejection_prompt(reason: str, facts: list[dict]) -> str:
    """The repair request after an answer that is no section: ask again, in Chinese, for this section."""
    why = next((zh for key, zh in _REJECTED_ZH.items() if key in reason), "回答不是本部分的正文")
    return render("reject", why=why, facts=facts).strip()
