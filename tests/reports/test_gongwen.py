"""The Word draft is a finished 公文: page numbers in the GB/T 9704 form, the 落款, properties that name
the community, pagination that keeps headings with their text and no lone closing line; and PDF through
LibreOffice, whose pages are rendered and read back where it is installed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

DRAFTER = str(Path(sys.executable).parent / "drafter")
SECTIONS = {
    "党建引领": ["召开党员大会4次", "发展预备党员2名", "开展主题党日活动12场", "走访困难党员17户", "党员志愿服务时长超过900小时"],
    "平安建设": ["开展消防安全演练6次", "排查安全隐患43处，已整改41处", "调解邻里纠纷28起，调解成功率96%", "新增监控探头35个"],
    "为老服务": ["为辖区85位高龄老人送去慰问品", "老年食堂全年供餐1.2万人次", "开展健康义诊9场，服务老人560人次", "为独居老人安装烟感报警器62个"],
    "环境整治": ["清理楼道堆物210处", "更换破损垃圾桶48个", "组织环境卫生大扫除11次", "新增绿化面积1300平方米"],
    "文明创建": ["评选“最美家庭”9户", "开展文明劝导志愿活动14场", "举办邻里节3次，参与居民700余人"],
    "存在的不足": ["居民参与社区事务的积极性不高", "志愿者队伍年龄结构偏大"],
    "下一步打算": ["增设2处智能充电桩", "新建3个健身点", "推进垃圾分类入户宣传"],
}


def notes_text(community: str = "桂花园社区") -> str:
    lines = ["---", f"community: {community}", "period: 2024年", "kind: 工作总结", "---"]
    for title, facts in SECTIONS.items():
        lines += [f"## {title}", *(f"- {f}" for f in facts)]
    return "\n".join(lines) + "\n"


def run(args, cwd, **env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env.update(DRAFTER_STATE_DIR=str(cwd / ".drafter"), **env_extra)
    return subprocess.run([DRAFTER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "材料.md").write_text(notes_text(), encoding="utf-8")
    return tmp_path


def _footer_xml(doc, even: bool) -> str:
    footer = doc.sections[0].even_page_footer if even else doc.sections[0].footer
    return footer._element.xml


def test_page_numbers_signature_properties_and_pagination(folder):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=2)
    result = run(["draft", "材料.md", "-o", "总结.docx", "--no-examples", "--date", "2024-12-06"], folder)
    assert result.returncode == 0, result.stderr
    doc = docx.Document(str(folder / "总结.docx"))
    # page numbers: — PAGE — in 4号 宋体, odd on the right, even on the left
    assert doc.settings.odd_and_even_pages_header_footer is True
    for even, align in ((False, WD_ALIGN_PARAGRAPH.RIGHT), (True, WD_ALIGN_PARAGRAPH.LEFT)):
        xml = _footer_xml(doc, even)
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        footer = doc.sections[0].even_page_footer if even else doc.sections[0].footer
        p = footer.paragraphs[0]
        assert p.alignment == align
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert {r.font.size.pt for r in p.runs} == {14.0} and 'w:eastAsia="宋体"' in xml
    # the 落款: the community and the date in Chinese form, right-aligned at the end
    last = [p for p in doc.paragraphs if p.text.strip()][-2:]
    assert [p.text for p in last] == ["桂花园社区", "2024年12月6日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in last)
    # properties
    props = doc.core_properties
    assert props.title == "桂花园社区2024年工作总结" and props.author == "桂花园社区"
    assert props.created >= before and props.modified >= before and props.created.year > 2013
    with zipfile.ZipFile(folder / "总结.docx") as zf:
        for name in ("docProps/core.xml", "docProps/app.xml"):
            assert "python-docx" not in zf.read(name).decode() and "Macintosh" not in zf.read(name).decode()
        assert not any("thumbnail" in n for n in zf.namelist())
    # pagination: widow control everywhere, headings with their text, the last paragraph with the 落款
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert all(p.paragraph_format.widow_control for p in doc.paragraphs)
    headings = [p for p in body if re.match(r"^[一二三四五六七八九十]+、", p.text)]
    assert len(headings) == len(SECTIONS) and all(p.paragraph_format.keep_with_next for p in headings)
    assert body[-3].paragraph_format.keep_with_next and body[-3].paragraph_format.keep_together


def test_issuer_and_date_options(folder):
    import docx

    result = run(["draft", "材料.md", "-o", "a.docx", "--no-examples", "--issuer", "中共桂花园社区委员会", "--date", "2025年1月9日"], folder)
    assert result.returncode == 0, result.stderr
    doc = docx.Document(str(folder / "a.docx"))
    assert [p.text for p in doc.paragraphs if p.text.strip()][-2:] == ["中共桂花园社区委员会", "2025年1月9日"]
    today = run(["draft", "材料.md", "-o", "b.docx", "--no-examples"], folder)
    assert today.returncode == 0
    d = dt.date.today()
    assert docx.Document(str(folder / "b.docx")).paragraphs[-1].text in (f"{d.year}年{d.month}月{d.day}日",
                                                                         f"{d.year}年{d.month}月{d.day + 1}日", f"{d.year}年{d.month}月{d.day - 1}日")


def test_chinese_dates():
    from drafter.reports import chinese_date, parse_date

    assert chinese_date(dt.date(2024, 12, 6)) == "2024年12月6日"
    for text in ("2024-12-06", "2024/12/6", "2024.12.6", "2024年12月6日"):
        assert parse_date(text) == dt.date(2024, 12, 6)


def test_pdf_without_libreoffice_is_one_line(folder):
    result = run(["draft", "材料.md", "-o", "总结.pdf", "--no-examples"], folder, PATH=str(Path(DRAFTER).parent))
    assert result.returncode == 2 and "LibreOffice" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (folder / "总结.pdf").exists()


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="LibreOffice and poppler-utils not installed")
def test_the_rendered_pages(folder):
    result = run(["draft", "材料.md", "-o", "总结.pdf", "--no-examples", "--date", "2024-12-06"], folder)
    assert result.returncode == 0, result.stderr
    pdf = folder / "总结.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = _pages_text(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        footer = lines[-1]
        assert footer.replace(" ", "") == f"—{number}—", footer  # a page number on every page, as the last line
        indent = len(footer) - len(footer.lstrip())
        width = max(len(line) for line in lines)
        if number % 2:
            assert indent > width / 2, (number, footer)  # odd pages: right
        else:
            assert indent < width / 4, (number, footer)  # even pages: left
    last = [line.replace(" ", "") for line in pages[-1].splitlines() if line.strip()]
    assert last[-3:-1] == ["桂花园社区", "2024年12月6日"]  # the 落款 at the end, before the page number
    assert len(last) >= 5, last  # the last page holds more than the 落款 and a lone line
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / "page")], check=True, timeout=120)
    pngs = sorted(folder.glob("page-*.png"))
    assert len(pngs) == len(pages) and all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    if os.environ.get("DRAFTER_KEEP_PAGES"):  # to look at them: DRAFTER_KEEP_PAGES=dir pytest …
        for p in pngs:
            shutil.copy(p, Path(os.environ["DRAFTER_KEEP_PAGES"]) / p.name)
