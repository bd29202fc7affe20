"""Cleaning scraped summary pages: noise removal, splitting a page into documents, heading detection.

A page scraped from a 范文 site holds one or several summaries wrapped in site noise (breadcrumbs,
download notices, "小编整理…" intros, publish times, "推荐阅读" lists). `clean_page` turns such a page
into CleanDocuments whose blocks are headings (with their numbering as written) and paragraphs;
drafter.ingest stores them as corpus Markdown (`##` level 1, `###` level 2, `####` level 3).
Pure text in, dataclasses out: no file access here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Block",
    "CleanDocument",
    "clean_page",
    "clean_lines",
    "split_parts",
    "detect_blocks",
    "strip_title_decoration",
    "derive_kind",
    "derive_year",
    "normalise_punctuation",
]

_CN_DIGITS = "一二三四五六七八九十"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Characters after which a paragraph is complete; a long line ending otherwise was hard-wrapped.
_TERMINAL = set("。！？!?；;：:…”\"’'）)】」』》>")
_SENTENCE_END = re.compile(r"[。！？!?]")

# ---------------------------------------------------------------- noise

# Whole lines that are site furniture, never summary text.
_NOISE_LINES = [
    re.compile(r"^(您的位置|当前位置|所在位置|位置)\s*[:：]"),
    re.compile(r"下载文档前请自行甄别|仅部分预览|如文档侵犯您的权益|人工客服工作时间|申请退款"),
    re.compile(r"会员上传|下载docx|下载doc\b|下载word|下载本文|文档下载|点击下载|免费下载"),
    re.compile(r"^(更新时间|发布时间|上传时间|时间|日期|来源|作者|浏览|阅读量?)\s*[:：].{0,60}$"),
    re.compile(r"^\S{1,12}\s+分享(\s+时间\s*[:：].*)?$"),
    re.compile(r"^(投诉建议|举报|收藏|打印|分享到.*|返回顶部|评论|点赞)$"),
    re.compile(r"^[\d\s]+$"),  # bare numbers: view counters, ids, page numbers ("3452", "35 3731041")
    re.compile(r"^[\s\"'();；，,.。`<>/\\{}\[\]|｜-]+$"),  # script debris ('");')
    re.compile(r"^第\s*\d+\s*页(\s*[,，/／]?\s*共\s*\d+\s*页)?$"),
    re.compile(r"^[-—]\s*\d+\s*[-—]$|^\d+\s*/\s*\d+$"),
    re.compile(r"^[|｜]\s*\S{1,12}网\d*$"),  # "| 找总结网2" watermark lines
]
_BREADCRUMB = re.compile(r"^[^。！？]{1,40}(\s*[>＞»]\s*[^。！？>＞»]{1,40}){2,}$")
# Intro paragraphs the site writes around the summary ("以下是小编整理的…欢迎阅读").
_INTRO_MARKERS = (
    "小编",
    "网友为您整理",
    "为您整理分享",
    "欢迎大家借鉴",
    "欢迎阅读",
    "供您参考",
    "供大家参考",
    "希望能够很好的帮助到大家",
    "希望对你有所帮助",
    "希望对您有所帮助",
)
_GENERIC_INTRO = re.compile(r"^总结是在某一特定时间段")
# From the first of these lines to the end of the page is related-links junk.
_TRAILER = re.compile(
    r"^(推荐阅读|相关文章|相关推荐|猜你喜欢|大家正在看|大家都在看|换一换|热门推荐|延伸阅读|最新文章|精彩推荐)\s*[:：]?$"
    r"|^【[^】]{1,40}】\s*相关文章\s*[:：]?$|^(上一篇|下一篇)\s*[:：]"
)
_INLINE_WATERMARK = re.compile(r"[|｜]\s*找总结网\d*|找总结网\d+")


def normalise_punctuation(line: str) -> str:
    """Full-width punctuation beside Chinese text, and without scrape artefacts ('的.文化', '的`感情')."""
    han = f"[{_HAN}]"
    near = f"[{_HAN}“”‘’（）《》，。、；：！？\"]"
    line = re.sub(f"(?<={han})[.`](?={han})", "", line)
    table = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
    line = re.sub(
        f"(?<={near})[,;:?!]|[,;:?!](?={han})",
        lambda m: table[m.group(0)],
        line,
    )

    def paren(m: re.Match[str]) -> str:
        inner, start, end = m.group(1), m.start(), m.end()
        around = m.string[max(0, start - 1) : start] + inner + m.string[end : end + 1]
        return f"（{inner}）" if re.search(f"[{_HAN}]", around) else m.group(0)

    line = re.sub(r"\(([^()\n]{0,60})\)", paren, line)
    # A space between two Chinese characters or punctuation marks is scrape debris.
    line = re.sub(f"(?<={near})[ \t]+(?={near})", "", line)
    return line


def _strip_markup(line: str) -> str:
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"^[-*+]\s+", "", line)
    return line


def clean_lines(text: str) -> list[str]:
    """The page's non-empty lines with site noise removed and punctuation normalised."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if text.startswith("---\n"):  # front matter of a Markdown input
        end = text.find("\n---\n", 4)
        if end > 0:
            text = text[end + 5 :]
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _strip_markup(raw.strip(" \t\u3000\xa0"))
        line = _INLINE_WATERMARK.sub("", line).strip(" \t\u3000\xa0")
        if not line:
            continue
        if lines and _TRAILER.search(line):
            break
        if any(p.search(line) for p in _NOISE_LINES) or _BREADCRUMB.match(line):
            continue
        if _GENERIC_INTRO.match(line) or any(m in line for m in _INTRO_MARKERS):
            continue
        lines.append(normalise_punctuation(line))
    return lines


# ---------------------------------------------------------------- titles, kind, year

_DECOR_HEAD = re.compile(r"^(?:20[\d_xX×\-]{0,2}\s*年?)?(?:最新|精选|优秀|热门|推荐|经典)+")
_DECOR_TAIL = re.compile(
    r"\s*(?:[（(【\[]\s*(?:精选|通用|最新|优秀|热门)?\s*[\d一二三四五六七八九十]+\s*篇\s*[)）】\]]"
    r"|(?:精选|通用)?[\d一二三四五六七八九十]+篇|范文(?:大全)?|大全)$"
)


def strip_title_decoration(title: str) -> str:
    """'20_最新创建文明城市活动总结(精选5篇)' -> '创建文明城市活动总结'; a plain title is kept as written."""
    out = title.strip()
    for _ in range(3):
        stripped = _DECOR_TAIL.sub("", _DECOR_HEAD.sub("", out)).strip()
        if stripped == out:
            break
        out = stripped
    return out or title.strip()


# (keywords, kind) in order: the first whose keyword appears in the title wins.
_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("精神文明",), "精神文明建设工作总结"),
    (("文明城市", "创文", "文明创建", "创建文明"), "文明创建工作总结"),
    (("思想政治",), "思想政治工作{}"),
    (("宣传思想", "宣讲", "宣传"), "宣传思想文化工作{}"),
    (("党建",), "党建工作{}"),
    (("志愿",), "志愿服务工作{}"),
)


def derive_kind(title: str) -> str:
    """The genre label of a summary, from its title ('社区关于思想政治工作情况的报告' -> '思想政治工作报告')."""
    suffix = "报告" if title.endswith(("报告", "汇报")) or "报告" in title else "总结"
    for words, kind in _KINDS:
        if any(w in title for w in words):
            return kind.format(suffix)
    core = re.sub(r"^(社区|街道|村|镇|乡|居委会)", "", title)
    m = re.search(r"([\u4e00-\u9fff]{2,8}工作)(总结|报告)", core)
    return m.group(0) if m else f"工作{suffix}"


def derive_year(*titles: str, opening: str = "") -> int | None:
    """The year a title states ('2023最新…', '…总结2020') or the opening names ('2019年，'); never '20xx'."""
    for text in titles:
        m = re.search(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)", text)
        if m:
            return int(m.group(1))
    m = re.search(r"(?<!\d)(19[89]\d|20[0-4]\d)年", opening[:200])
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------- splitting

_NUM = r"[\d一二三四五六七八九十]{1,3}"
_SPLIT = re.compile(
    rf"^(?P<base>.{{0,40}}?)\s*(?:【\s*篇\s*(?P<a>{_NUM})\s*】|[（(]\s*篇\s*(?P<b>{_NUM})\s*[)）]"
    rf"|篇\s*(?P<c>{_NUM})|第\s*(?P<e>{_NUM})\s*篇|(?<![\d\s])(?P<d>\d{{1,2}}))\s*[:：]?$"
)
_SUMMARY_WORD = re.compile(r"(总结|报告|汇报|范文|材料|述职)")


def _to_int(num: str) -> int:
    if num.isdigit():
        return int(num)
    values = {c: i + 1 for i, c in enumerate(_CN_DIGITS)}
    if num == "十":
        return 10
    if num.startswith("十"):
        return 10 + values.get(num[1:], 0)
    if "十" in num:
        tens, _, ones = num.partition("十")
        return values.get(tens, 0) * 10 + (values.get(ones, 0) if ones else 0)
    return values.get(num, 0)


def _split_marker(line: str) -> tuple[str, int] | None:
    m = _SPLIT.match(line)
    if not m or len(line) > 50:
        return None
    num = next(g for g in (m.group(k) for k in "abced") if g)
    base = m.group("base").strip()
    plain_digit = m.group("d") is not None
    if plain_digit or base:
        # '…工作总结1' or '…总结【篇1】': the base must name a summary, not be a sentence.
        if not _SUMMARY_WORD.search(base) or _SENTENCE_END.search(base) or "，" in base:
            return None
    return strip_title_decoration(base), _to_int(num)


def split_parts(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """(preamble, [(part base title, part lines)]); a single part when the page holds one summary.

    Markers must number 1, 2, 3… with one base title ('社区精神文明建设工作总结1', '…【篇2】').
    """
    markers = [(i, mk) for i, line in enumerate(lines) if (mk := _split_marker(line))]
    # Keep the longest run 1..k that shares a base title.
    best: list[tuple[int, tuple[str, int]]] = []
    for start, (i, (base, n)) in enumerate(markers):
        if n != 1:
            continue
        run = [(i, (base, n))]
        for j, (b2, n2) in markers[start + 1 :]:
            if b2 == base and n2 == run[-1][1][1] + 1:
                run.append((j, (b2, n2)))
        if len(run) > len(best):
            best = run
    if len(best) < 2:
        return [], [("", lines)]
    bounds = [i for i, _ in best] + [len(lines)]
    parts = [(best[k][1][0], lines[bounds[k] + 1 : bounds[k + 1]]) for k in range(len(best))]
    return lines[: bounds[0]], parts


def _join_wrapped(lines: list[str]) -> list[str]:
    """Re-join paragraphs that a hard line break cut ('…学习型党组织的' + '具体措施。')."""
    out: list[str] = []
    for line in lines:
        if out and _is_wrapped(out[-1]) and not _numbering(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _is_wrapped(line: str) -> bool:
    if len(line) < 30 or line[-1] in _TERMINAL:
        return False
    numbered = _numbering(line)
    # A long numbered line without a sentence inside is a heading, not a cut paragraph.
    return not numbered or numbered[0] == "shi" or bool(_SENTENCE_END.search(line))


# ---------------------------------------------------------------- headings

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cnparen", re.compile(rf"^(?P<num>[（(]\s*[{_CN_DIGITS}]{{1,3}}\s*[）)]\s*[、.．]?)\s*(?P<rest>\S.*)$")),
    ("shi", re.compile(rf"^(?P<num>[{_CN_DIGITS}]{{1,3}}(?=[是要]))(?P<rest>.+)$")),
    ("cn", re.compile(rf"^(?P<num>[{_CN_DIGITS}]{{1,3}}\s*[、.．])\s*(?P<rest>\S.*)$")),
    ("num", re.compile(r"^(?P<num>\d{1,2}\s*[、.．])(?!\d)\s*(?P<rest>\S.*)$")),
    ("pnum", re.compile(r"^(?P<num>[\u2474-\u2487]|[（(]\s*\d{1,2}\s*[）)])\s*(?P<rest>\S.*)$")),
    ("bare", re.compile(rf"^(?P<num>[{_CN_DIGITS}]{{1,3}})(?P<rest>[^{_CN_DIGITS}是要、.．个项条种年月日次名位些切方来直定].+)$")),
)
_CLOSING = re.compile(r"^(下一步|今后|明年|存在的?(主要)?(问题|不足)|问题(与|和)不足|不足之处|工作打算|努力方向)")
_STANDALONE_LIMIT = {"cn": 50, "cnparen": 50, "bare": 30, "num": 40, "pnum": 40}
HEAD_LIMIT = 22  # a numbered paragraph's head ('理论学习' in '1、理论学习。认真…') up to this long is a heading
SHI_HEAD_LIMIT = 40


def _numbering(line: str) -> tuple[str, str, str] | None:
    """(style, numbering as written, the rest) for a line that starts with a section number."""
    for style, pattern in _PATTERNS:
        m = pattern.match(line)
        if m:
            return style, m.group("num"), m.group("rest")
    return None


@dataclass(frozen=True)
class Block:
    level: int  # 0 paragraph; 1, 2, 3 heading levels ('##', '###', '####')
    text: str


def _standalone(rest: str) -> bool:
    return not _SENTENCE_END.search(rest[:-1])


def _heading_split(style: str, num: str, rest: str) -> tuple[str, str] | None:
    """(heading, body) when this numbered line opens a section, else None (a numbered paragraph)."""
    if _standalone(rest) and len(rest) <= _STANDALONE_LIMIT[style]:
        return num + rest.rstrip("。.：:；;，,"), ""
    if style == "bare":
        return None
    m = re.search(r"[。！？：]", rest)
    if m and 1 <= m.start() <= HEAD_LIMIT:
        return num + rest[: m.start()], rest[m.end() :].strip()
    return None


def _shi_split(line: str) -> tuple[str, str]:
    """'一是突出“学习型班子”这个关键。我们…' -> (heading up to the first 。, the rest)."""
    m = _SENTENCE_END.search(line)
    head, body = (line[: m.start()], line[m.end() :]) if m else (line.rstrip("。"), "")
    if len(head) > SHI_HEAD_LIMIT:
        cut = head.rfind("，", 0, SHI_HEAD_LIMIT)
        if cut > 4:
            head, body = head[:cut], (head[cut + 1 :] + ("。" if m else "") + body)
    return head, body.strip()


def _bare_allowed(lines: list[str]) -> bool:
    """Bare '一加强组织建设' headings count only when 一 and 二 both appear that way."""
    seen = set()
    for line in lines:
        num = _numbering(line)
        if num and num[0] == "bare" and _standalone(num[2]) and len(num[2]) <= _STANDALONE_LIMIT["bare"]:
            seen.add(_to_int(num[1]))
    return {1, 2} <= seen


def detect_blocks(lines: list[str]) -> list[Block]:
    """Headings and paragraphs; heading levels follow the order in which numbering styles nest."""
    bare_ok = _bare_allowed(lines)
    styled = [(line, _numbering(line)) for line in lines]
    has_numbered_heading = any(
        n and n[0] not in ("shi",) and (n[0] != "bare" or bare_ok) and _heading_split(*n) for _, n in styled
    )
    shi_mode = not has_numbered_heading and sum(1 for _, n in styled if n and n[0] == "shi") >= 2
    blocks: list[Block] = []
    stack: list[str] = []  # numbering styles of the open headings, outermost first

    def open_heading(style: str, heading: str, body: str) -> bool:
        family = "cn" if style in ("cn", "bare", "shi") else style
        if family in stack:
            del stack[stack.index(family) + 1 :]
        elif len(stack) >= 3:
            return False  # deeper than '####': keep it a paragraph
        else:
            stack.append(family)
        blocks.append(Block(len(stack), heading))
        if body:
            blocks.append(Block(0, body))
        return True

    for line, num in styled:
        if num and num[0] == "shi":
            if shi_mode and open_heading("shi", *_shi_split(line)):
                continue
        elif num and (num[0] != "bare" or bare_ok):
            split = _heading_split(*num)
            if split and open_heading(num[0], *split):
                continue
        elif len(line) <= 20 and _CLOSING.match(line) and _standalone(line):
            stack[:] = ["closing"]
            blocks.append(Block(1, line.rstrip("：:。")))
            continue
        blocks.append(Block(0, line))
    return blocks


# ---------------------------------------------------------------- documents


@dataclass
class CleanDocument:
    title: str
    source: str
    part: int  # 1-based position on the page
    parts: int  # how many summaries the page held
    kind: str
    year: int | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def outline(self) -> list[str]:
        """The first-level headings, as written."""
        return [b.text for b in self.blocks if b.level == 1]

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.level > 0]

    @property
    def chars(self) -> int:
        return sum(len(b.text) for b in self.blocks)

    def markdown(self) -> str:
        out = [f"# {self.title}"]
        for b in self.blocks:
            out.append(f"{'#' * (b.level + 1)} {b.text}" if b.level else b.text)
        return "\n\n".join(out) + "\n"


MIN_CHARS = 20  # less than this after cleaning is not a summary


def clean_page(text: str, source: str) -> list[CleanDocument]:
    """Every summary on a scraped page (or a user's own file), cleaned and sectioned. [] if none."""
    lines = clean_lines(text)
    if not lines:
        return []
    page_title = lines[0]
    preamble, parts = split_parts(lines[1:])
    base_title = strip_title_decoration(page_title)
    year = derive_year(page_title)
    docs: list[CleanDocument] = []
    for n, (part_base, part_lines) in enumerate(parts, start=1):
        if len(parts) == 1:
            title = page_title
            # Sites repeat the title line; drop every copy of it.
            body = [ln for ln in part_lines if strip_title_decoration(ln) not in (base_title, page_title)]
        else:
            title = f"{part_base or base_title}（篇{n}）"
            body = list(part_lines)
        body = _join_wrapped(body)
        blocks = detect_blocks(body)
        doc = CleanDocument(
            title=title,
            source=source,
            part=n,
            parts=len(parts),
            kind=derive_kind(part_base or base_title),
            year=year or derive_year(title, opening=body[0] if body else ""),
            blocks=blocks,
        )
        if doc.chars >= MIN_CHARS:
            docs.append(doc)
    return docs
