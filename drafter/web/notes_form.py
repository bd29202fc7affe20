"""The page's notes in any form people have, as 「材料是这样理解的」 and back.

- `understand_text` / `understand_file`: pasted text or an uploaded file read by the same reader as the
  command line (drafter.notes.load_notes on a temp file with the right suffix), answered with
  drafter.notes.understanding(notes) and the text the notes box should hold;
- `compose_notes`: the understanding as the person corrected it, written back in the Markdown notes
  dialect (front matter, `## ` headings, `- ` bullets) that the reader parses exactly; closing sections
  get closing titles, so their kind survives the round trip.

Every refusal is a `NotesFormError` carrying one Chinese sentence for the page.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import drafter.notes as notes_room  # its `understanding` is a function and a module: reached through the room
from drafter.errors import DrafterError
from drafter.notes import closing_kind, load_notes, looks_like_yaml, parse_notes
from drafter.textio import decode_bytes

from .messages import MAX_UPLOAD_BYTES, chinese_message

__all__ = [
    "NotesFormError",
    "Understood",
    "understand_text",
    "understand_file",
    "compose_notes",
    "front_of",
    "TEXT_SUFFIXES",
    "FILE_SUFFIXES",
    "KINDS",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".yaml", ".yml")
BUILT = (".docx", ".xlsx", ".xlsm", ".xls", ".csv")
CONVERTED = (".doc", ".wps")  # read through LibreOffice, when the server has it
FILE_SUFFIXES = TEXT_SUFFIXES + BUILT + CONVERTED
KINDS = ("work", "shortcomings", "next")
MAX_TEXT_CHARS = 2_000_000
_FIELDS = ("community", "period", "kind", "title")
_MARKDOWN = re.compile(r"^(?:---\s*$|#{1,6}\s|[-*+]\s)", re.M)
_POSITIONAL_ID = re.compile(r"^f\d+$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,30}$")
_CLOSING_TITLES = {"shortcomings": "存在的不足", "next": "下一步打算"}
_CLOSING_OF_KIND = {"shortcomings": "shortcomings", "next": "plans"}

_REFUSED = {
    ".pdf": "PDF 文件读不了：请在 PDF 阅读器中把文字复制出来，粘贴到上面的文本框。",
    ".png": "这是一张图片，读不出文字：请把材料的文字粘贴到上面，或上传 Word、Excel 或文本文件。",
    ".zip": "这是压缩包：请先解压，再上传其中的材料文件。",
}
for _s in (".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"):
    _REFUSED[_s] = _REFUSED[".png"]
for _s in (".rar", ".7z", ".gz", ".tar"):
    _REFUSED[_s] = _REFUSED[".zip"]

_FILE_MESSAGES: list[tuple[str, str]] = [
    (r"password-protected", "这个文件设了密码，读不了：请在 Word、Excel 或 WPS 中去掉密码后另存，再上传。"),
    (r"old Word \.doc", "这是旧版 Word（.doc）或 WPS 文件，读不了：请在 Word 或 WPS 中另存为 .docx 后再上传。"),
    (
        r"damaged or not a Word|not a Word \.docx",
        "这个 Word 文件已损坏或不是真正的 .docx：请在 Word 或 WPS 中打开后重新保存为 .docx，或把文字复制粘贴到上面。",
    ),
    (r"not an Excel workbook", "这个表格文件已损坏或不是真正的 Excel 文件：请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传。"),
    (r"not readable as CSV", "这个 CSV 文件读不了：请用 Excel 或 WPS 另存为 .xlsx 后上传。"),
    (r"more than a ledger holds", "表格行数太多，不像是一份工作材料：请只上传本期的材料。"),
    (
        r"no sheet is a ledger|no facts found in|needs paragraphs",
        "文件里没有找到可用的材料：Word 文件需要标题下的段落或条目，表格需要表头和逐行的工作内容。",
    ),
]


class NotesFormError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Understood:
    """What the page gets back: how the notes were read, and the text its notes box should hold."""

    understanding: dict
    text: str  # the notes box's text: the text as given, or the dialect written from a Word or table file
    format: str  # "md" or "yaml": how the draft endpoint should read `text`
    dialect: bool  # drafting from `text` gives these very notes (else the page drafts from the understanding)
    front: dict = field(default_factory=dict)  # front-matter keys the understanding does not show (guideline, redact …)
    source: str = ""  # the file's name, or "" for pasted text

    def to_json(self) -> dict:
        u = self.understanding
        return {
            "understanding": u, "text": self.text, "format": self.format, "dialect": self.dialect,
            "front": self.front, "source": self.source, "facts": sum(len(s["facts"]) for s in u["sections"]),
            **{k: u.get(k) or "" for k in ("community", "period", "kind")},
        }  # fmt: skip


def _fail(exc: BaseException, hide: tuple[str, ...]) -> NotesFormError:
    text = str(exc)
    for pattern, message in _FILE_MESSAGES:
        if re.search(pattern, text):
            return NotesFormError(message)
    return NotesFormError(chinese_message(exc, hide=hide))


def _suffix_for_text(text: str, fmt: str) -> str:
    if fmt == "yaml" or (fmt != "md" and looks_like_yaml(text)):
        return ".yaml"
    if fmt == "md" or _MARKDOWN.search(text):
        return ".md"
    return ".txt"  # pasted Word text, numbered lines, a WeChat message: the plain-text reader's


def _read(path: Path, fields: dict[str, str], hide: tuple[str, ...]):
    try:
        notes = load_notes(path)
    except DrafterError as exc:
        raise _fail(exc, (str(path.parent), *hide)) from None
    for key, value in fields.items():
        if value and key in ("community", "period", "kind"):
            setattr(notes, key, value.strip())
    return notes


def understood_json(notes) -> dict:
    """drafter.notes.understanding(notes): how the notes were read, as JSON."""
    return notes_room.understanding(notes)


def front_of(notes) -> dict:
    """Front-matter keys the understanding does not carry (guideline, redact, others), to write back."""
    extra = {k: v for k, v in (notes.meta or {}).items() if isinstance(v, (str, int, float))}
    if notes.guideline:
        extra["guideline"] = notes.guideline
    if notes.redact:
        extra["redact"] = list(notes.redact)
    return extra


def understand_text(text: str, fields: dict[str, str], fmt: str, tmp_root: Path, *, hide: tuple[str, ...] = ()) -> Understood:
    """Pasted text (any form the reader takes), with the form's fields over what it says."""
    if len(text) > MAX_TEXT_CHARS:
        raise NotesFormError("材料太长了，请只粘贴工作材料本身。", 413)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise NotesFormError("请先粘贴或上传工作材料。")
    suffix = _suffix_for_text(text, fmt)
    with tempfile.TemporaryDirectory(dir=tmp_root) as tmp:
        path = Path(tmp) / f"notes{suffix}"
        path.write_text(text, encoding="utf-8")
        notes = _read(path, fields, hide)
    return Understood(notes_room.understanding(notes), text, "yaml" if suffix == ".yaml" else "md", suffix != ".txt", front_of(notes))


def understand_file(name: str, data: bytes, fields: dict[str, str], tmp_root: Path, *, hide: tuple[str, ...] = ()) -> Understood:
    """An uploaded file of any kind people keep notes in."""
    name = Path(name or "材料").name
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise NotesFormError("文件太大（上限 5 MB），请只上传工作材料本身。", 413)
    if not data:
        raise NotesFormError("上传的文件是空的。")
    if suffix in _REFUSED:
        raise NotesFormError(_REFUSED[suffix])
    if suffix not in FILE_SUFFIXES:
        shown = suffix or "没有扩展名的"
        raise NotesFormError(f"不支持 {shown} 文件：请上传 .txt、.md、.yaml、.docx、.doc、.wps、.xlsx、.xls 或 .csv 文件，或直接粘贴文字。")
    if suffix in CONVERTED and shutil.which("soffice") is None:
        raise NotesFormError(
            f"这是旧版 Word 或 WPS 文件（{suffix}），服务器上没有安装 LibreOffice，读不了：请在 Word 或 WPS 中另存为 .docx 后上传"
            "（管理员可安装：apt-get install libreoffice-writer）。"
        )
    if suffix in TEXT_SUFFIXES:
        try:
            text = decode_bytes(data, name=name, what="file")
        except DrafterError as exc:
            raise _fail(exc, hide) from None
        fmt = "yaml" if suffix in (".yaml", ".yml") else ("md" if suffix in (".md", ".markdown") else "")
        understood = understand_text(text, fields, fmt, tmp_root, hide=hide)
        understood.source = name
        return understood
    with tempfile.TemporaryDirectory(dir=tmp_root) as tmp:
        path = Path(tmp) / f"notes{suffix}"  # the browser's name is shown, never used as a path
        path.write_bytes(data)
        notes = _read(path, fields, hide)
    u = notes_room.understanding(notes)
    front = front_of(notes)
    return Understood(u, compose_notes(u, front), "md", True, front, name)


# ---------------------------------------------------------------- the understanding written back


def _line(value: object, what: str, limit: int = 2000) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise NotesFormError(f"整理后的材料格式不对（{what}应当是文字），请刷新页面后重试。")
    text = " ".join(str(value).split())
    if len(text) > limit:
        raise NotesFormError(f"整理后的材料中有一项太长（{what}），请删短一些。")
    return text


_TITLE = re.compile(
    r"^(?P<community>\S{1,20}?(?:社区|村|街道|居委会|镇))?(?P<period>(?:19|20)\d{2}年(?:度|上半年|下半年|第[一二三四]季度)?)?"
    r"(?P<kind>\S{0,20}?(?:总结|要点|汇报|报告))$"
)


def _fields_of_title(title: str) -> dict[str, str]:
    """丹桂社区2025年上半年工作总结 → community 丹桂社区, period 2025年上半年, kind 工作总结."""
    m = _TITLE.match(title.strip())
    return {k: v for k, v in m.groupdict().items() if v} if m else {}


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*(?:[、．]|\.(?!\d)))\s*")


def _section_title(title: str, kind: str, index: int) -> str:
    """A title whose kind the reader sees as the person set it: closing kinds get closing words."""
    title = _NUMBERING.sub("", title.lstrip("#").strip())  # 一、党建引领: the draft numbers its own sections
    if kind == "work":
        if title and closing_kind(title) is None:
            return title
        return "其他工作" if index else ""
    want = _CLOSING_OF_KIND[kind]
    if title and closing_kind(title) == want:
        return title
    labelled = f"{_CLOSING_TITLES[kind]}：{title}" if title else _CLOSING_TITLES[kind]
    return labelled if closing_kind(labelled) == want else _CLOSING_TITLES[kind]


def compose_notes(u: dict, front: dict | None = None) -> str:
    """The (corrected) understanding as Markdown notes: front matter, `## ` headings, `- ` bullets.

    Ids the reader would give again by position (f1, f2 …) are left out; others ([L3] of a ledger) are kept."""
    import yaml

    if not isinstance(u, dict) or not isinstance(u.get("sections"), list):
        raise NotesFormError("整理后的材料格式不对，请刷新页面后重试。")
    meta: dict = {}
    for key in _FIELDS:
        value = _line(u.get(key), "单位、时间、类型或标题", 200)
        if value:
            meta[key] = value
    for key, value in _fields_of_title(meta.get("title", "")).items():
        meta.setdefault(key, value)  # a title the person picked (作总标题) names what the notes did not
    for key, value in (front or {}).items():
        if key in _FIELDS or key == "sections":
            continue
        if key == "redact" and isinstance(value, list):
            meta[key] = [_line(v, "redact", 200) for v in value]
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            meta[str(key)] = _line(value, str(key))
    parts: list[str] = []
    if meta:
        parts += ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000).strip(), "---"]
    written = 0
    for section in u["sections"]:
        if not isinstance(section, dict) or not isinstance(section.get("facts", []), list):
            raise NotesFormError("整理后的材料格式不对，请刷新页面后重试。")
        kind = section.get("kind") if section.get("kind") in KINDS else "work"
        facts = []
        for fact in section.get("facts", []):
            text = _line(fact.get("text") if isinstance(fact, dict) else fact, "事实")
            if not text:
                continue
            fid = str(fact.get("id") or "") if isinstance(fact, dict) else ""
            keep_id = fid and _ID.match(fid) and not _POSITIONAL_ID.match(fid)
            facts.append(f"- {text} [{fid}]" if keep_id else f"- {text}")
        if not facts:
            continue
        title = _section_title(_line(section.get("title"), "部分标题", 200), kind, written)
        if title:
            parts.append(f"## {title}")
        parts += facts
        written += 1
    if not written:
        raise NotesFormError("整理后的材料中一条事实也没有了：请至少留下一条事实再生成初稿。")
    text = "\n".join(parts) + "\n"
    try:
        parse_notes(text, path="材料")  # what the draft will read, refused here if it cannot be
    except DrafterError as exc:
        raise NotesFormError(chinese_message(exc)) from None
    return text
