"""The page's 核对 takes a Word draft: the .docx is read as the person sees it and its numbers checked;
a bad Word file gets one Chinese sentence."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "word"))
from word_builders import NOTES, build_draft  # noqa: E402

pytestmark = pytest.mark.server


def test_a_word_draft_uploaded_to_the_check_form(server, tmp_path):
    path = build_draft(tmp_path / "总结.docx", wrong=True)
    with server.client() as c:
        r = c.post("/api/check-draft", data={"notes": NOTES}, files={"draft_file": ("总结.docx", path.read_bytes())})
        assert r.status_code == 200, r.text
        panel = c.get(f"/api/drafts/{r.json()['id']}").json()["panel"]
    assert "未通过" in panel
    assert re.search(r'data-status="unsupported"[^>]*>58位</mark>', panel)
    assert "第7号" not in panel and "再核实" not in panel  # header and comments are not the draft


@pytest.mark.parametrize(
    "data, message",
    [(b"PK\x03\x04" + b"\x00" * 200, "已损坏"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100, "密码"), (b"", "没有文字")],
    ids=["damaged", "encrypted", "no-text"],
)
def test_a_bad_word_upload_gets_one_chinese_sentence(server, data, message):
    if message == "没有文字":
        import io

        import docx

        buf = io.BytesIO()
        docx.Document().save(buf)
        data = buf.getvalue()
    with server.client() as c:
        r = c.post("/api/check-draft", data={"notes": NOTES}, files={"draft_file": ("总结.docx", data)})
    assert 400 <= r.status_code < 500, r.text
    error = r.json()["error"]
    assert message in error and "upload" not in error and str(server.state) not in error
