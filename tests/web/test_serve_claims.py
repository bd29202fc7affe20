"""The page marks named claims like numbers: each with its status and fact (a real `drafter serve`)."""

from __future__ import annotations

import re

import pytest
from serve_support import ROOT

pytestmark = pytest.mark.server

CASE = ROOT / "eval" / "claims_cases" / "02-jindu-pingan"


def test_a_swapped_body_is_marked_on_the_page_with_why(server):
    notes = (CASE / "notes.md").read_text("utf-8")
    draft = (CASE / "draft.md").read_text("utf-8").replace("配合区司法局", "配合区民政局")
    with server.client() as c:
        r = c.post("/api/check-draft", data={"draft": draft, "notes": notes})
        assert r.status_code == 200, r.text
        panel = c.get(f"/api/drafts/{r.json()['id']}").json()["panel"]
    assert "未通过" in panel and "荣誉、单位、媒体或名称与笔记不符" in panel
    assert re.search(r'data-testid="claim" data-status="unsupported" data-fact="" title="单位无据：笔记中没有这个单位：区民政局"[^>]*>区民政局</mark>', panel)
    proven = re.findall(r'data-testid="claim" data-status="ok" data-fact="(f\d+)"', panel)
    assert len(proven) >= 8  # 派出所, “无毒家园”, 市级禁毒示范点, “红袖标”, 市委政法委, 学习强国 …
