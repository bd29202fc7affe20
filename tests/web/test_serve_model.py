"""A model writer through the page: the loopback OpenAI-compatible fake (tests/fake_openai.py) answers,
`drafter serve` offers it beside 离线, and a section rewritten with an instruction shows what changed."""

from __future__ import annotations

import time

import pytest
from fake_openai import FakeOpenAI, GenreWriter
from serve_support import ROOT, SHOTS, Server, needs_browser

pytestmark = pytest.mark.server

NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")
KEY = "sk-test-fake-page-4e1b"


def _wait(c, draft_id: str) -> dict:
    for _ in range(600):
        status = c.get(f"/api/drafts/{draft_id}").json()
        if status["status"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("draft did not finish")


def test_a_model_draft_and_a_rewrite_with_an_instruction(tmp_path):
    writer = GenreWriter(fault="change", only="简讯")  # the model changes a number in the 宣传 section once
    with FakeOpenAI(writer) as fake:
        env = {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": KEY, "DRAFTER_BACKOFF": "0.01", "DRAFTER_MAX_WAIT": "5"}
        s = Server(tmp_path, "--model", "openai:fake-model", env=env)
        try:
            with s.client() as c:
                assert "openai:fake-model" in c.get("/").text
                r = c.post("/api/drafts", data={"notes": NOTES, "model": "openai:fake-model"})
                status = _wait(c, r.json()["id"])
                assert status["status"] == "done", status
                assert "repair" in writer.kinds  # the changed number was caught and asked again
                panel = status["panel"]
                assert "通过" in panel and 'data-status="unsupported"' not in panel and "openai:fake-model" in panel
                r = c.post(f"/api/drafts/{status['id']}/rewrite", data={"section": "2", "instruction": "更简洁一些"})
                assert r.status_code == 200, r.text
                assert "rewrite" in writer.kinds
                body = r.json()["panel"]
                assert 'data-testid="diff"' in body and "第2部分改动" in body
                assert KEY not in body and KEY not in c.get(f"/d/{status['id']}").text
        finally:
            log = s.stop()
    assert KEY not in log


def test_a_model_draft_streams_in_section_by_section_then_gets_its_marks(tmp_path):
    writer = GenreWriter()
    with FakeOpenAI(writer, latency=0.4) as fake:
        env = {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": KEY, "DRAFTER_CONCURRENCY": "1"}  # one section at a time
        s = Server(tmp_path, "--model", "openai:fake-model", env=env)
        try:
            with s.client() as c:
                draft_id = c.post("/api/drafts", data={"notes": NOTES, "model": "openai:fake-model"}).json()["id"]
                seen = []
                for _ in range(600):
                    status = c.get(f"/api/drafts/{draft_id}").json()
                    if status["status"] != "running":
                        break
                    seen.append([ev["heading"] for ev in status["progress"] if ev["state"] == "done" and ev.get("text")])
                    time.sleep(0.1)
                partial = [headings for headings in seen if 0 < len(headings) < status["total"]]
                assert partial, seen  # while running, some sections were already there with their text
                assert status["status"] == "done" and 'data-testid="quantity"' in status["panel"]
        finally:
            s.stop()


@needs_browser
def test_in_the_browser_sections_appear_as_they_are_written(tmp_path, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    with FakeOpenAI(GenreWriter(), latency=0.5) as fake:
        env = {"OPENAI_BASE_URL": fake.url, "OPENAI_API_KEY": KEY, "DRAFTER_CONCURRENCY": "1"}
        s = Server(tmp_path, "--model", "openai:fake-model", env=env)
        try:
            browser.get(s.url + "/")
            browser.execute_script("arguments[0].value = arguments[1]", browser.find_element("css selector", '[data-testid="notes"]'), NOTES)
            browser.find_element("css selector", '[data-testid="model"] option[value="openai:fake-model"]').click()
            browser.find_element("css selector", '[data-testid="draft-button"]').click()
            wait = WebDriverWait(browser, 60, poll_frequency=0.05)
            first = wait.until(lambda d: d.find_elements("css selector", '[data-testid="streamed-section"]'))
            assert first[0].text.strip() and not browser.find_elements("css selector", '[data-testid="check-status"]')  # text before marks
            if SHOTS:
                browser.save_screenshot(str(SHOTS / "model-streaming.png"))
            wait.until(lambda d: d.find_elements("css selector", '[data-testid="check-status"]'))
            assert browser.find_elements("css selector", '[data-testid="quantity"]')  # then the marks
        finally:
            s.stop()
