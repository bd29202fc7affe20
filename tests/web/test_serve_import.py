"""Drafts the page kept as files before it had a database are there after the upgrade: the same
person (browser cookie) finds them in 我的初稿, opens them with their marks, and downloads them."""

from __future__ import annotations

import json

import pytest
from serve_support import ROOT, Server

pytestmark = pytest.mark.server

NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")


def test_drafts_on_disk_from_the_old_page_are_imported_on_first_start(tmp_path):
    folder = tmp_path / "state" / "web" / "drafts" / "00c0ffee00c0ffee"
    folder.mkdir(parents=True)
    draft = "# 迎宾路社区2023年宣传思想文化工作总结\n\n## 一、宣传报道\n\n全年完成简讯82篇、舆情报道5篇。\n"
    record = {"id": folder.name, "owner": "old-browser-cookie", "created": 1700000000.0, "model": "offline", "notes_name": "notes.md",
              "status": "done", "title": "迎宾路社区2023年宣传思想文化工作总结", "ok": True, "updated": 1700000500.0}  # fmt: skip
    (folder / "record.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    (folder / "draft.md.bak").write_text(draft.replace("82篇", "80篇"), encoding="utf-8")
    (folder / "draft.md").write_text(draft, encoding="utf-8")
    s = Server(tmp_path)
    try:
        with s.client(cookies={"drafter_owner": "old-browser-cookie"}) as c:
            assert f"/d/{folder.name}" in c.get("/").text
            page = c.get(f"/d/{folder.name}").text
            assert 'data-testid="quantity"' in page and "82篇" in page
            assert c.get(f"/d/{folder.name}/download/md").text == draft
            versions = c.get(f"/api/drafts/{folder.name}/versions").json()["versions"]
            assert [v["number"] for v in versions] == [2, 1]  # the .bak is the earlier version
        with s.client() as stranger:
            assert f"/d/{folder.name}" not in stranger.get("/").text  # another browser's list, as before
    finally:
        s.stop()
    assert (tmp_path / "state" / "drafter.db").is_file() and (folder / "draft.md").read_text("utf-8") == draft  # the files are left as they were
