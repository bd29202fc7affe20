"""「材料是这样理解的」 in a real browser: notes as people have them (Word-style pasted text, a .docx with
Word's automatic numbering, an .xlsx notes table) are read, shown, corrected (a fact moved, a heading
made one), drafted, and the draft's sections hold what the person meant. A draft reopened gets its
notes and fields back; a structure problem keeps the status line from going green.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from serve_support import SHOTS, needs_browser

pytestmark = [needs_browser, pytest.mark.server]

# Pasted from Word: a title line, 一、 headings, 1、 items, one item under the wrong heading, a sign-off.
WORD_TEXT = """丹桂社区2025年工作总结
一、党建引领
1、开展主题党日活动12次，党员参与460人次
2、为独居老人上门服务150人次
3、发展入党积极分子3名
二、为民服务
1、办理居民事项812件，群众满意率98%
三、存在的问题
1、网格员力量仍然不足
四、下一步打算
1、新增网格员4名
以上，请审阅。
"""


def _by(driver, testid: str, root=None):
    from selenium.webdriver.common.by import By

    return (root or driver).find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def _wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))


def _shot(driver, name: str, tmp_path: Path) -> Path:
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"notes-{name}.png"
    driver.set_window_size(1400, max(1000, driver.execute_script("return document.body.scrollHeight") + 40))
    driver.save_screenshot(str(path))
    return path


def _sections(driver) -> list[dict]:
    """The understanding as shown: each section's title, kind and facts."""
    out = []
    for sec in _by(driver, "understood-section"):
        out.append({
            "title": _by(driver, "section-title", sec)[0].get_attribute("value"),
            "kind": sec.get_attribute("data-kind"),
            "facts": [f.find_element("css selector", ".text").text for f in _by(driver, "understood-fact", sec)],
        })  # fmt: skip
    return out


def _fact(driver, words: str):
    return next(f for f in _by(driver, "understood-fact") if words in f.find_element("css selector", ".text").text)


def _move(driver, words: str, to_title: str) -> None:
    from selenium.webdriver.support.ui import Select

    select = Select(_by(driver, "move-fact", _fact(driver, words))[0])
    select.select_by_visible_text(next(o.text for o in select.options if o.text.startswith(to_title)))


def _click(driver, testid: str, words: str) -> None:
    _by(driver, testid, _fact(driver, words))[0].click()


def _draft_and_wait(driver) -> None:
    _by(driver, "draft-button")[0].click()
    _wait(driver, lambda d: _by(d, "check-status") or [e for e in _by(d, "error") if e.is_displayed() and e.text], 60)
    errors = [e.text for e in _by(driver, "error") if e.is_displayed() and e.text]
    assert not errors, errors


def _draft_sections(driver) -> list[tuple[str, str]]:
    return [(s.find_element("css selector", "h2").text, s.text) for s in _by(driver, "section")]


def _section_with(sections, word: str) -> str:
    return next(text for heading, text in sections if word in heading)


def test_pasted_word_text_is_understood_corrected_and_drafted(server, browser, tmp_path):
    browser.get(server.url + "/")
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", _by(browser, "notes")[0], WORD_TEXT
    )
    _by(browser, "understand-button")[0].click()
    _wait(browser, lambda d: _by(d, "understood-fact"))
    box = _by(browser, "understanding")[0]
    assert box.is_displayed() and "材料是这样理解的" in box.text
    _shot(browser, "pasted-as-read", tmp_path)
    # As read: whatever the reader makes a fact that is really a heading, the title or a sign-off, the person corrects.
    for _ in range(8):
        headings = [
            f
            for f in _by(browser, "understood-fact")
            if re.match(r"^[一二三四五六七八九十]+、", f.find_element("css selector", ".text").text)
        ]
        if not headings:
            break
        _by(browser, "fact-to-heading", headings[0])[0].click()
    if any("丹桂社区2025年工作总结" in t for s in _sections(browser) for t in s["facts"]):
        _click(browser, "fact-to-title", "丹桂社区2025年工作总结")
    if any("以上，请审阅" in t for s in _sections(browser) for t in s["facts"]):
        _click(browser, "drop-fact", "以上，请审阅")
    # a line not taken is listed with its reason; one with a number is warned about, and can be restored
    _click(browser, "drop-fact", "发展入党积极分子3名")
    ignored = {e.text for e in _by(browser, "ignored-line")}
    assert any("发展入党积极分子3名" in t for t in ignored) and any("以上，请审阅" in t for t in ignored), ignored
    assert "1行带数字" in _by(browser, "ignored-number-warning")[0].text
    restore = next(e for e in _by(browser, "ignored-line") if "发展入党积极分子3名" in e.text)
    _by(browser, "restore-line", restore)[0].click()
    assert "发展入党积极分子3名" in next(s for s in _sections(browser) if "党建引领" in s["title"])["facts"]
    assert not _by(browser, "ignored-number-warning")
    assert "丹桂社区2025年工作总结" in _by(browser, "understood-fields")[0].text
    shown = _sections(browser)
    titles = [s["title"] for s in shown if s["facts"]]
    assert [t for t in titles if "党建引领" in t] and [t for t in titles if "为民服务" in t], shown
    kinds = {
        next(k for k in ("问题", "下一步") if k in s["title"]): s["kind"]
        for s in shown
        if s["facts"] and ("问题" in s["title"] or "下一步" in s["title"])
    }
    assert kinds == {"问题": "shortcomings", "下一步": "next"}, shown
    fields = _by(browser, "understood-fields")[0].text
    assert "单位" in fields and "时间" in fields
    # The item under the wrong heading goes where it belongs.
    _move(browser, "为独居老人上门服务", "二、为民服务" if any(s["title"].startswith("二、") for s in shown) else "为民服务")
    assert "为独居老人上门服务150人次" in next(s for s in _sections(browser) if "为民服务" in s["title"])["facts"]
    assert _by(browser, "understanding-edited")
    _shot(browser, "pasted-corrected", tmp_path)
    _draft_and_wait(browser)
    status = _by(browser, "check-status")[0]
    assert status.get_attribute("data-ok") == "true", status.text
    sections = _draft_sections(browser)
    assert "独居老人" in _section_with(sections, "为民服务") and "独居老人" not in _section_with(sections, "党建引领")
    assert "网格员力量仍然不足" in _section_with(sections, "不足") and "新增网格员4名" in _section_with(sections, "下一步")
    body = " ".join(text for _, text in sections)
    assert "以上，请审阅" not in body and not re.search(r"是[一二三四五六七八九十]+、", body)
    assert browser.find_element("css selector", "article h1").text == "丹桂社区2025年工作总结"
    assert "丹桂社区" in browser.find_element("css selector", "article p").text  # the opening names the community
    notes_box = _by(browser, "notes")[0].get_attribute("value")
    assert "## " in notes_box and "- 为独居老人上门服务150人次" in notes_box  # the notes drafted, shown as they are
    _shot(browser, "pasted-drafted", tmp_path)


def _docx_with_automatic_numbering(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("枫桥社区2025年上半年工作总结", style="Title")
    for heading, items in (
        ("平安建设", ["组织夜间巡逻65次", "化解矛盾纠纷23起", "开展老年人健康讲座4场"]),
        ("健康服务", ["为辖区老人建立健康档案310份"]),
        ("存在的不足", ["志愿者队伍年龄偏大"]),
        ("下一步打算", ["招募青年志愿者20名"]),
    ):
        d.add_paragraph(heading, style="Heading 1")
        for item in items:
            d.add_paragraph(item, style="List Number")  # Word's automatic numbering: no number in the text
    d.save(path)
    return path


def test_a_docx_with_automatic_numbering_is_understood_and_drafted(server, browser, tmp_path):
    browser.get(server.url + "/")
    _by(browser, "notes-upload")[0].send_keys(str(_docx_with_automatic_numbering(tmp_path / "上半年总结.docx")))
    _wait(browser, lambda d: _by(d, "understood-fact"))
    shown = _sections(browser)
    assert [s["title"] for s in shown] == ["平安建设", "健康服务", "存在的不足", "下一步打算"], shown
    assert [s["kind"] for s in shown] == ["work", "work", "shortcomings", "next"]
    assert shown[0]["facts"] == ["组织夜间巡逻65次", "化解矛盾纠纷23起", "开展老年人健康讲座4场"]
    assert "枫桥社区" in _by(browser, "understood-fields")[0].text
    assert _by(browser, "notes")[0].get_attribute("value").startswith("---")  # the Word file as notes text
    assert "上半年总结.docx" in _by(browser, "understand-state")[0].text
    _move(browser, "开展老年人健康讲座", "健康服务")
    _shot(browser, "docx-corrected", tmp_path)
    _draft_and_wait(browser)
    assert _by(browser, "check-status")[0].get_attribute("data-ok") == "true"
    sections = _draft_sections(browser)
    assert "健康讲座4场" in _section_with(sections, "健康服务") and "健康讲座" not in _section_with(sections, "平安建设")
    assert "枫桥社区" in browser.find_element("css selector", "article h1").text
    _shot(browser, "docx-drafted", tmp_path)


def _notes_table(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["类别", "工作内容", "数量"])
    ws.append(["环境整治", "清理楼道堆物", "35处"])
    ws.append(["环境整治", "更换破损垃圾桶", "20个"])
    ws.append(["平安建设", "开展消防演练", "4场"])
    ws.append(["存在问题", "老旧小区消防通道占用较多", ""])
    ws.append(["下步打算", "完成2个小区消防通道划线", ""])
    wb.save(path)
    return path


def test_an_xlsx_notes_table_is_understood_and_drafted(server, browser, tmp_path):
    browser.get(server.url + "/")
    _by(browser, "notes-upload")[0].send_keys(str(_notes_table(tmp_path / "台账.xlsx")))
    _wait(browser, lambda d: _by(d, "understood-fact"))
    shown = _sections(browser)
    assert [s["title"] for s in shown][:2] == ["环境整治", "平安建设"], shown
    assert [s["kind"] for s in shown] == ["work", "work", "shortcomings", "next"], shown
    assert any("清理楼道堆物" in f for f in shown[0]["facts"])
    _shot(browser, "xlsx-as-read", tmp_path)
    _draft_and_wait(browser)
    assert _by(browser, "check-status")[0].get_attribute("data-ok") == "true"
    sections = _draft_sections(browser)
    assert "清理楼道堆物" in _section_with(sections, "环境整治") and "消防演练" in _section_with(sections, "平安建设")
    assert any("不足" in heading for heading, _ in sections) and any("下一步" in heading for heading, _ in sections)


def test_a_reopened_draft_has_its_notes_and_fields_and_a_structure_problem_is_not_green(server, browser, tmp_path):
    notes = "## 志愿服务\n- 组建志愿者队伍12支，志愿者300多人\n- 开展助老服务48次\n## 下一步打算\n- 新建志愿服务站1个\n"
    browser.get(server.url + "/")
    for name, value in (("community", "柳岸社区"), ("period", "2025年"), ("kind", "志愿服务工作总结")):
        browser.find_element("css selector", f'#draft-form [name="{name}"]').send_keys(value)
    browser.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", _by(browser, "notes")[0], notes
    )
    _draft_and_wait(browser)
    url = browser.current_url
    assert "/d/" in url
    browser.get(server.url + "/")
    browser.get(url)  # reopened, as from the list of drafts
    _wait(browser, lambda d: _by(d, "notes")[0].get_attribute("value"))
    assert "组建志愿者队伍12支" in _by(browser, "notes")[0].get_attribute("value")
    form = {
        n: browser.find_element("css selector", f'#draft-form [name="{n}"]').get_attribute("value") for n in ("community", "period", "kind")
    }
    assert form == {"community": "柳岸社区", "period": "2025年", "kind": "志愿服务工作总结"}
    _wait(browser, lambda d: _by(d, "understood-section"))
    assert [s["title"] for s in _sections(browser)] == ["志愿服务", "下一步打算"]
    assert _by(browser, "check-status")[0].get_attribute("data-ok") == "true"
    # the person edits the draft and leaves a heading's number inside a sentence
    editor = _by(browser, "draft-editor")[0]
    text = editor.get_attribute("value")
    broken = text.replace("组建志愿者队伍", "一是一、组建志愿者队伍", 1)
    assert broken != text
    browser.execute_script("arguments[0].value = arguments[1];", editor, broken)
    _by(browser, "check-button")[0].click()
    _wait(browser, lambda d: _by(d, "structure-problems"))
    status = _by(browser, "check-status")[0]
    assert status.get_attribute("data-ok") == "false" and "结构问题" in status.text
    assert "一、组建志愿者队伍" in _by(browser, "structure-problems")[0].text
    _shot(browser, "structure-problem", tmp_path)


def test_a_pdf_gets_one_chinese_sentence(server, browser, tmp_path):
    browser.get(server.url + "/")
    pdf = tmp_path / "总结.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    _by(browser, "notes-upload")[0].send_keys(str(pdf))
    _wait(browser, lambda d: [e for e in _by(d, "error") if e.is_displayed() and e.text])
    message = next(e.text for e in _by(browser, "error") if e.is_displayed())
    assert "PDF" in message and "复制" in message
