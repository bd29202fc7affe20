"""Accounts in a real browser (headless Chromium against `drafter serve`): two communities and a 街道
admin log in on the login page; one drafts, edits and restores a version; the other community cannot
open that draft; the admin sees where each community stands."""

from __future__ import annotations

import pytest
from accounts_support import NOTES, add_user
from serve_support import SHOTS, Server, needs_browser

pytestmark = [needs_browser, pytest.mark.server]


def _by(driver, testid: str):
    return driver.find_elements("css selector", f'[data-testid="{testid}"]')


def _wait(driver, condition, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d))


def _shot(driver, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve-accounts-browser")
    for name, community, admin in (("何静", "松柏社区", False), ("罗斌", "梧桐社区", False), ("钱主任", "城南街道", True)):
        assert add_user(work / "state", name, community, admin=admin).returncode == 0
    s = Server(work)
    yield s
    s.stop()


def _login(driver, site, name: str) -> None:
    from accounts_support import PASSWORD

    driver.delete_all_cookies()
    driver.get(site.url + "/")
    _wait(driver, lambda d: _by(d, "login-name"))
    _by(driver, "login-name")[0].send_keys(name)
    _by(driver, "login-password")[0].send_keys(PASSWORD)
    _by(driver, "login-submit")[0].click()
    _wait(driver, lambda d: _by(d, "me"))
    assert name in _by(driver, "me")[0].text


def test_two_communities_and_an_admin_in_the_browser(site, browser):
    browser.get(site.url + "/")
    _wait(browser, lambda d: _by(d, "login-submit"))
    assert "登录" in browser.title
    _shot(browser, "accounts-1-login")

    _login(browser, site, "何静")
    box = _by(browser, "notes")[0]
    browser.execute_script("arguments[0].value = arguments[1]", box, NOTES.replace("迎宾路社区", "松柏社区"))
    _by(browser, "draft-button")[0].click()
    _wait(browser, lambda d: _by(d, "check-status"))
    url = browser.current_url
    assert "/d/" in url

    editor = _by(browser, "draft-editor")[0]
    browser.execute_script("arguments[0].value = arguments[0].value.replace('82篇', '83篇')", editor)
    _by(browser, "check-button")[0].click()
    _wait(browser, lambda d: "当前第2版" in d.find_element("css selector", "[data-testid=versions] summary").text)
    assert _by(browser, "check-status")[0].get_attribute("data-ok") == "false"  # 83 is not in the notes
    versions = _by(browser, "versions")[0]
    versions.find_element("css selector", "summary").click()
    browser.find_element("css selector", 'a.version[data-number="2"]').click()
    _wait(browser, lambda d: _by(d, "number-changes"))
    assert "83篇" in _by(browser, "version-detail")[0].text
    _shot(browser, "accounts-2-versions")
    _by(browser, "restore-1")[0].click()
    _wait(browser, lambda d: any("已恢复第1版" in n.text for n in _by(d, "notice")))
    assert _by(browser, "check-status")[0].get_attribute("data-ok") == "true"
    _shot(browser, "accounts-3-restored")

    _login(browser, site, "罗斌")
    assert "松柏社区" not in _by(browser, "draft-list")[0].text
    browser.get(url)
    assert "没有找到" in _by(browser, "error")[0].text and "松柏社区" not in browser.page_source  # a Chinese page, as for an id that does not exist
    _shot(browser, "accounts-4-other-community")

    _login(browser, site, "钱主任")
    _by(browser, "admin-link")[0].click()
    table = _wait(browser, lambda d: _by(d, "standings"))[0]
    rows = {r.find_elements("css selector", "td")[0].text: r.find_elements("css selector", "td") for r in table.find_elements("css selector", "tbody tr")}
    assert rows["松柏社区"][1].text == "1" and rows["松柏社区"][2].text == "1" and rows["松柏社区"][4].text == "何静"
    assert rows["梧桐社区"][1].text == "0"
    _shot(browser, "accounts-5-admin")
    browser.get(url)
    _wait(browser, lambda d: _by(d, "check-status"))  # the admin reads every community's drafts
