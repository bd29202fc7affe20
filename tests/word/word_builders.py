"""Word drafts built for the tests the way Word writes them: styles, automatic numbering, tables, a
comment, header and footer, and tracked changes (w:ins / w:del written into the XML)."""

from __future__ import annotations

from pathlib import Path

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

NOTES = """---
community: 桂花园社区
period: 2024年
kind: 工作总结
---
## 平安建设
- 开展消防安全演练6次
- 排查安全隐患43处，已整改41处
## 为老服务
- 为辖区85位高龄老人送去慰问品
- 老年食堂全年供餐1.2万人次
## 下一步打算
- 增设2处智能充电桩
"""


def tracked(doc, paragraph, inserted: str = "", deleted: str = "", *, author: str = "李华") -> None:
    """Append a tracked insertion and/or deletion to a paragraph, as Word writes them."""
    from docx.oxml import parse_xml

    if deleted:
        paragraph._p.append(parse_xml(
            f'<w:del {W_NS} w:id="901" w:author="{author}" w:date="2024-12-01T10:00:00Z"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'
        ))
    if inserted:
        paragraph._p.append(parse_xml(
            f'<w:ins {W_NS} w:id="902" w:author="{author}" w:date="2024-12-01T10:00:00Z"><w:r><w:t>{inserted}</w:t></w:r></w:ins>'
        ))


def build_draft(path: Path, *, wrong: bool = False, tracked_changes: bool = True) -> Path:
    """A person's edited draft: numbered headings (Word's list numbering, not typed), a table, a
    comment of their own, header and footer with numbers that are not the draft's."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("桂花园社区2024年工作总结", style="Title")
    doc.add_paragraph("2024年，桂花园社区在街道党工委的领导下，扎实推进各项工作，现将有关情况总结如下。")
    doc.add_paragraph("平安建设", style="List Number")
    p = doc.add_paragraph("全年开展消防安全演练6次，排查安全隐患43处，")
    if tracked_changes:
        tracked(doc, p, inserted="已整改41处。", deleted="已整改39处。")
    else:
        p.add_run("已整改41处。")
    doc.add_paragraph("为老服务", style="List Number")
    q = doc.add_paragraph("为辖区")
    q.add_run("85" if not wrong else "58").bold = True
    q.add_run("位高龄老人送去慰问品。")
    doc.add_comment(q.runs[0], text="这里再核实一下", author="李华", initials="LH")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "老年食堂供餐", "1.2万人次"
    doc.add_paragraph("下一步打算", style="List Number")
    doc.add_paragraph("增设2处智能充电桩" + ("，新建3个健身点。" if wrong else "。"))
    doc.sections[0].header.paragraphs[0].text = "内部资料 第7号"
    doc.sections[0].footer.paragraphs[0].text = "印发99份"
    doc.save(str(path))
    return path
