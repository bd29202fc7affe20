"""The page in a real browser: headless Chromium, driven by Selenium, against `drafter serve`."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from serve_support import ROOT, SHOTS, needs_browser

pytestmark = [needs_browser, pytest.mark.server]

NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")


def _by(driver, testid: str, root=None):
    from selenium.webdriver.common.by import By

    return (root or driver).find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def _wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))


def _shot(driver, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))


def _paste(element, text: str) -> None:
    """Type the text the way a paste lands: one insertText, as the browser does for Ctrl+V."""
    element.clear()
    element.send_keys(text)


def _draft(driver, server, notes: str = NOTES) -> None:
    driver.get(server.url + "/")
    _paste(_by(driver, "notes")[0], notes)
    _by(driver, "draft-button")[0].click()
    _wait(driver, lambda d: _by(d, "check-status") or [e for e in _by(d, "error") if e.is_displayed() and e.text])


def test_draft_from_pasted_notes_marks_every_number_with_its_fact(server, browser):
    _draft(browser, server)
    status = _by(browser, "check-status")[0]
    assert status.text.startswith("通过"), status.text
    sections = _by(browser, "section")
    headings = [s.find_element("css selector", "h2").text for s in sections]
    assert headings[0] == "一、强化理论学习，筑牢思想根基" and len(sections) == 6
    marks = _by(browser, "quantity")
    assert len(marks) >= 20
    assert {m.get_attribute("data-status") for m in marks} == {"ok"}
    unbound = {m.text for m in marks if not m.get_attribute("data-fact")}
    assert unbound == {"2023年"}, "every number names its fact; only the period's year comes from the front matter"
    # the fact shown for a number is the note it came from
    mark = next(m for m in marks if m.text == "300多人" or m.text == "200多人")
    assert "志愿者队伍从40多人壮大到200多人" in mark.get_attribute("title")
    mark.click()
    assert mark.text in _by(browser, "proof")[0].text and "有据" in _by(browser, "proof")[0].text
    assert "/d/" in browser.current_url
    _shot(browser, "serve")
    # a reload shows the same draft again
    browser.refresh()
    _wait(browser, lambda d: _by(d, "check-status"))
    assert len(_by(browser, "quantity")) == len(marks)


def _editor_text(driver) -> str:
    return _by(driver, "draft-editor")[0].get_attribute("value")


def _edit_and_check(driver, text: str) -> None:
    editor = _by(driver, "draft-editor")[0]
    driver.execute_script("arguments[0].scrollIntoView()", editor)
    _paste(editor, text)
    old = _by(driver, "check-status")[0]
    _by(driver, "check-button")[0].click()
    _wait(driver, lambda d: _is_stale(old) and _by(d, "check-status"))


def _is_stale(element) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True


def test_a_number_edited_to_a_wrong_value_is_marked_after_the_recheck(server, browser):
    _draft(browser, server)
    text = _editor_text(browser)
    assert "完成简讯82篇" in text
    _edit_and_check(browser, text.replace("完成简讯82篇", "完成简讯83篇"))
    status = _by(browser, "check-status")[0]
    assert status.text.startswith("未通过") and "1项事实数字未写入" in status.text and "1个数字无据" in status.text
    wrong = [m for m in _by(browser, "quantity") if m.text == "83篇"]
    assert len(wrong) == 1 and wrong[0].get_attribute("data-status") == "unsupported" and wrong[0].get_attribute("data-fact") == ""
    missing = _by(browser, "missing")[0].text
    assert "82篇" in missing and "完成简讯82篇" in missing
    wrong[0].click()
    assert "无据" in _by(browser, "proof")[0].text
    browser.execute_script("window.scrollTo(0, 0)")
    _shot(browser, "serve-wrong-number")  # README's docs/serve.png
    # the edit is kept: a reload shows the edited draft, still marked
    browser.refresh()
    _wait(browser, lambda d: _by(d, "check-status"))
    assert [m.get_attribute("data-status") for m in _by(browser, "quantity") if m.text == "83篇"] == ["unsupported"]


def _section_texts(driver) -> list[str]:
    return [s.find_element("css selector", "h2").text + "\n" + "\n".join(p.text for p in s.find_elements("css selector", "p")) for s in _by(driver, "section")]


def test_rewriting_section_two_leaves_the_others_as_they_were(server, browser):
    _draft(browser, server)
    text = _editor_text(browser)
    edited = text.replace("坚持贴近居民", "我们坚持贴近居民").replace("坚持以志愿服务", "我们坚持以志愿服务")
    assert edited.count("我们坚持") == 2
    _edit_and_check(browser, edited)
    before = _section_texts(browser)
    section = _by(browser, "section")[1]
    _by(browser, "rewrite-instruction", section)[0].send_keys("更简洁一些")
    old = _by(browser, "check-status")[0]
    _by(browser, "rewrite-button", section)[0].click()
    _wait(browser, lambda d: _is_stale(old) and _by(d, "check-status"))
    after = _section_texts(browser)
    assert len(after) == len(before)
    assert "我们坚持贴近居民" in before[1] and "我们" not in after[1]  # section 2 written again from its facts
    assert "完成简讯82篇" in after[1] and len(after[1]) < len(before[1])  # 更简洁: the framing is gone, the facts stay
    assert after[:1] + after[2:] == before[:1] + before[2:]  # every other section as it was, the user's edit in 3 included
    assert "我们坚持以志愿服务" in after[2]
    diff = _by(browser, "diff")[0]
    assert "第2部分改动" in diff.text and any("我们坚持贴近居民" in d.text for d in diff.find_elements("css selector", ".diff del"))
    assert _by(browser, "section")[1].get_attribute("class") == "changed"
    assert any("更简洁" in n.text for n in _by(browser, "notice"))  # the offline writer says what it did
    _shot(browser, "serve-rewrite")


def _wait_for_file(folder: Path, suffix: str, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {list(folder.iterdir())}")


def test_the_word_download_is_the_file_drafter_draft_writes(server, browser, tmp_path):
    import subprocess

    import docx
    from serve_support import DRAFTER

    for old in browser.downloads.iterdir():
        old.unlink()
    _draft(browser, server)
    _by(browser, "download-docx")[0].click()
    got = _wait_for_file(browser.downloads, ".docx")
    document = docx.Document(io.BytesIO(got.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[0] == "迎宾路社区2023年宣传思想文化工作总结"
    assert "一、强化理论学习，筑牢思想根基" in paragraphs and any("完成简讯82篇" in p for p in paragraphs)
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    env = {"DRAFTER_STATE_DIR": str(tmp_path / "state"), "DRAFTER_CORPUS": str(server.corpus), "DRAFTER_EMBEDDING": "hash", "PATH": "/usr/bin:/bin"}
    run = subprocess.run([str(DRAFTER), "draft", str(notes), "-o", str(tmp_path / "cli.docx"), "-q"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert _parts(got.read_bytes()) == _parts((tmp_path / "cli.docx").read_bytes())  # all but the time it was made


def _parts(data: bytes) -> dict[str, bytes]:
    """A Word file's parts, without docProps/core.xml (its created/modified time is when it was written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


def test_a_gbk_file_uploads_and_a_binary_file_is_refused_in_chinese(server, browser, tmp_path):
    gbk = tmp_path / "材料-gbk.md"
    gbk.write_bytes(NOTES.encode("gb18030"))
    browser.get(server.url + "/")
    _by(browser, "notes-upload")[0].send_keys(str(gbk))
    _wait(browser, lambda d: "志愿者队伍从40多人壮大到200多人" in _by(d, "notes")[0].get_attribute("value"))
    assert browser.find_element("name", "community").get_attribute("value") == "迎宾路社区"
    assert browser.find_element("name", "period").get_attribute("value") == "2023年"
    picture = tmp_path / "photo.md"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _by(browser, "notes-upload")[0].send_keys(str(picture))
    error = _wait(browser, lambda d: [e for e in _by(d, "error") if e.is_displayed() and e.text])[0]
    assert "不是文本文件" in error.text and "Traceback" not in browser.page_source
    assert "志愿者队伍从40多人壮大到200多人" in _by(browser, "notes")[0].get_attribute("value")  # what was there stays
    _by(browser, "draft-button")[0].click()  # and it still drafts
    _wait(browser, lambda d: _by(d, "check-status"))
    assert _by(browser, "check-status")[0].text.startswith("通过")


def test_broken_yaml_and_a_script_in_the_notes_are_shown_as_text(server, browser):
    browser.get(server.url + "/")
    _paste(_by(browser, "notes")[0], "---\ncommunity: [迎宾路\n---\n## 志愿服务\n- 组建志愿者队伍12支\n")
    _by(browser, "draft-button")[0].click()
    error = _wait(browser, lambda d: [e for e in _by(d, "error") if e.is_displayed() and e.text])[0]
    assert "YAML 格式有误" in error.text
    _paste(_by(browser, "notes")[0], "## 志愿服务<img src=x onerror=\"document.title='pwned'\">\n- 组建志愿者队伍12支<script>document.title='pwned'</script>\n- 开展活动36场\n")
    _by(browser, "draft-button")[0].click()
    _wait(browser, lambda d: _by(d, "check-status"))
    assert browser.title != "pwned"
    assert not browser.find_elements("css selector", "#panel img, #panel script")
    assert "<script>" in _editor_text(browser) or "onerror" in _editor_text(browser) or "<script>" in browser.find_element("id", "panel").text


def test_two_drafts_at_once_are_two_drafts(server, browser):
    browser.get(server.url + "/")
    first = browser.current_window_handle
    other = NOTES.replace("迎宾路社区", "新河社区").replace("完成简讯82篇", "完成简讯90篇")
    _paste(_by(browser, "notes")[0], NOTES)
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    browser.get(server.url + "/")
    _paste(_by(browser, "notes")[0], other)
    _by(browser, "draft-button")[0].click()  # the second tab starts first ...
    browser.switch_to.window(first)
    _by(browser, "draft-button")[0].click()  # ... and the first right after
    _wait(browser, lambda d: _by(d, "check-status"))
    url_a, title_a = browser.current_url, browser.find_element("css selector", "[data-testid=draft] h1").text
    browser.switch_to.window(second)
    _wait(browser, lambda d: _by(d, "check-status"))
    url_b, title_b = browser.current_url, browser.find_element("css selector", "[data-testid=draft] h1").text
    assert url_a != url_b and re.search(r"/d/[0-9a-f]{16}$", url_a) and re.search(r"/d/[0-9a-f]{16}$", url_b)
    assert title_a.startswith("迎宾路社区") and title_b.startswith("新河社区")
    assert "90篇" in _editor_text(browser) and "82篇" not in _editor_text(browser)
    browser.close()
    browser.switch_to.window(first)
    assert "82篇" in _editor_text(browser)
    # both are listed among this browser's drafts
    browser.get(server.url + "/")
    listed = _by(browser, "draft-list")[0].text
    assert "迎宾路社区2023年" in listed and "新河社区2023年" in listed
