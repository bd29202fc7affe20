"""What the page shows where the person is looking (headless Chromium against `drafter serve`): the
result of 重新核对 next to its button with problems that jump to their numbers, a swapped number's
right value in words, a number's source next to it on a phone, a draft list with date and status, a
Chinese file button, a writer menu that fits, plain Chinese on the corpus page."""

from __future__ import annotations

import pytest
from serve_support import ROOT, SHOTS, needs_browser

pytestmark = [needs_browser, pytest.mark.server]

NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")


def _by(driver, testid: str, root=None):
    return (root or driver).find_elements("css selector", f'[data-testid="{testid}"]')


def _wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))


def _shot(driver, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))


def _draft(driver, server) -> None:
    driver.get(server.url + "/")
    driver.execute_script("arguments[0].value = arguments[1]", _by(driver, "notes")[0], NOTES)
    _by(driver, "draft-button")[0].click()
    _wait(driver, lambda d: _by(d, "check-status"))


def _rect(driver, el) -> dict:
    return driver.execute_script("var r = arguments[0].getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};", el)


def test_the_file_button_and_the_writer_menu_speak_chinese_and_fit(server, browser):
    for width in (1400, 390):
        browser.set_window_size(width, 900)
        browser.get(server.url + "/")
        button = _by(browser, "notes-upload-button")[0]
        assert button.is_displayed() and button.text == "选择文件"
        assert not _by(browser, "notes-upload")[0].is_displayed()  # the browser's own "Choose File" is not shown
        menu, form = _by(browser, "model")[0], browser.find_element("css selector", "#draft-form")
        assert _rect(browser, menu)["right"] <= _rect(browser, form)["right"] + 1, width
    _shot(browser, "fixes-1-phone-form")
    browser.set_window_size(1400, 1000)
    browser.get(server.url + "/corpus")
    status = _by(browser, "index-status")[0].text
    assert "本次运行" not in status and "重建索引" in status


def test_recheck_shows_its_result_by_the_button_and_each_problem_jumps_to_its_number(server, browser):
    browser.set_window_size(1400, 1000)
    _draft(browser, server)
    meta = _by(browser, "draft-meta") or []
    browser.get(browser.current_url)
    meta = _by(browser, "draft-meta")[0].text
    assert "通过" in meta and meta[:2] == "20"  # date first: 2026-…
    editor = _by(browser, "draft-editor")[0]
    swapped = editor.get_attribute("value").replace("完成简讯82篇、舆情报道5篇", "完成简讯5篇、舆情报道82篇").replace("156篇", "157篇")
    browser.execute_script("arguments[0].value = arguments[1]", editor, swapped)
    _by(browser, "check-button")[0].click()
    box = _wait(browser, lambda d: _by(d, "check-result"))[0]
    assert "未通过" in box.text
    button = _by(browser, "check-button")[0]
    assert abs(_rect(browser, box)["top"] - _rect(browser, button)["bottom"]) < 200  # next to what was clicked
    assert 0 <= _rect(browser, box)["top"] <= 1000  # and on screen
    misbound = box.find_elements("css selector", 'li[data-jump="misbound"]')
    assert misbound and "笔记中" in misbound[0].text and "82篇" in misbound[0].text  # the right value, as the CLI says it
    _shot(browser, "fixes-2-result-by-button")
    unsupported = box.find_elements("css selector", 'li[data-jump="unsupported"]')[0]
    unsupported.click()
    mark = browser.switch_to.active_element
    assert mark.tag_name == "mark" and mark.text == "157篇"
    r = _rect(browser, mark)
    assert 0 <= r["top"] <= 1000
    pop = _by(browser, "proof-pop")[0]
    assert pop.is_displayed() and "无据" in pop.text and 0 <= _rect(browser, pop)["top"] - r["bottom"] <= 20


def test_on_a_phone_a_tapped_number_shows_its_source_right_under_it(server, browser):
    browser.set_window_size(390, 800)
    _draft(browser, server)
    marks = [m for m in _by(browser, "quantity") if m.get_attribute("data-status") == "ok"]
    mark = marks[len(marks) // 2]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    pop = _by(browser, "proof-pop")[0]
    assert pop.is_displayed() and pop.text.startswith(mark.text) and "有据" in pop.text
    m, p = _rect(browser, mark), _rect(browser, pop)
    assert 0 <= p["top"] - m["bottom"] <= 20 and p["left"] >= 0 and p["right"] <= 390
    _shot(browser, "fixes-3-phone-proof")
    browser.set_window_size(1400, 1000)
