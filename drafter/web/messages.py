"""What the page says when something cannot be used: the library's messages (written for the
terminal, in English) as one clear Chinese sentence, with no server path in it."""

from __future__ import annotations

import re

__all__ = ["chinese_message", "MAX_UPLOAD_BYTES"]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

_RULES: list[tuple[str, str]] = [
    # Word drafts (drafter.word): before the generic rules, whose words ("is empty") they may contain.
    (r"password-protected", "这个 Word 文件设了密码，请在 Word 或 WPS 中取消密码后另存为 .docx 再上传。"),
    (r"old Word \.doc", "这是旧版 Word（.doc）文件，请在 Word 或 WPS 中“另存为” .docx 后再上传。"),
    (r"is damaged|not a Word (\.docx|document)|cannot be opened as a Word", "这个 Word 文件已损坏或不是 .docx 文件，请在 Word 或 WPS 中打开后重新保存再上传。"),
    (r"has no text to check", "这个 Word 文件中没有文字（可能是空白文档或只有图片），无法核对。"),
    (r"looks binary", "这个文件不是文本文件（像是图片、压缩包或程序），请上传 .md、.txt 或 .yaml 文本文件。"),
    (r"too large", "文件太大（上限 5 MB），请只上传工作材料本身。"),
    (r"not valid UTF-8|invalid bytes|mixed encodings|cannot decode|could not be decoded|undecodable", "无法识别文件的编码（可能混用了几种编码）。请在记事本或 WPS 中“另存为”UTF-8 或 GBK 编码的文本后再上传。"),
    (r"aliases", "YAML 中不能使用别名（*名称），请直接写出内容。"),
    (r"nested too deeply", "YAML 嵌套层数过多，不像是工作材料。"),
    (r"never ends", "开头的“---”信息块没有结束：请在单位、时间、类型几行之后再加一行“---”。"),
    (r"front matter must be", "开头的“---”信息块应当是“名称: 内容”这样的行。"),
    (r"must be a mapping", "YAML 材料应当包含 community、period、kind 和 sections 等项。"),
    (r"is empty", "材料是空的，请粘贴或上传工作材料。"),
    (r"no (bullet )?facts( found|, numbered lines or sentences)", "材料中没有找到事实：请把每条事实单独写成一行，例如“1. 组建志愿者队伍12支”或“- 组建志愿者队伍12支”。"),
    (r"no sections found", "初稿中没有找到以“## ”开头的部分标题。"),
    (r"more than a summary can hold", "材料中的事实条数太多，请分成几份分别生成。"),
    (r"fact id \[(.+?)\] is used twice", "事实编号重复：同一个 [编号] 用了两次，请改成不同的编号。"),
    (r"no 'sections' list|'sections' must be a list|section \d+ (must be|'facts'|: every fact)", "YAML 材料的 sections 应当是“title + facts 列表”的形式，见 examples/ 中的示例。"),
    (r"front matter '.+' must be text|'redact' must be a list", "开头信息块中的单位、时间、类型应当是文字；redact 应当是名字列表。"),
]


def _yaml_message(text: str) -> str | None:
    m = re.search(r"invalid YAML(?: at line (\d+))?:?\s*(.*)", text)
    if not m:
        return None
    where = f"第{m.group(1)}行" if m.group(1) else ""
    return f"YAML 格式有误{where and '（' + where + '）'}：请检查冒号后是否有空格、缩进是否对齐、引号是否成对。"


def chinese_message(error: BaseException | str, *, hide: tuple[str, ...] = ()) -> str:
    """One Chinese sentence for a library error; paths in `hide` (server directories) are removed."""
    text = str(error)
    for path in hide:
        if path:
            text = text.replace(path + "/", "").replace(path, "")
    yaml_msg = _yaml_message(text)
    if yaml_msg:
        return yaml_msg
    for pattern, message in _RULES:
        if re.search(pattern, text, re.I):
            return message
    return f"无法处理：{text}"
