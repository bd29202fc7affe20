"""Notes in on the page: every form read by the CLI's reader and answered as the understanding; bad files
get one Chinese sentence; a corrected understanding written back as notes the reader parses exactly."""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest
from serve_support import ROOT, Server

from drafter.notes import parse_notes, understanding
from drafter.web.notes_form import NotesFormError, compose_notes, understand_file, understand_text

EXAMPLES = ROOT / "examples"


def _shape(u: dict) -> list[tuple[str, str, list[str]]]:
    return [(s["title"], s["kind"], [f["text"] for f in s["facts"]]) for s in u["sections"]]


@pytest.mark.parametrize(
    "name",
    [
        "yingbinlu-2023-xuanchuan.md",
        "hongxing-2024-dangjian.yaml",
        "yingbinlu-2023-xuanchuan.docx",
        "yingbinlu-2024-ledger.xlsx",
        "xinhe-2024-annual-flat.md",
    ],
)
def test_every_example_round_trips_through_the_dialect(tmp_path, name):
    got = understand_file(name, (EXAMPLES / name).read_bytes(), {}, tmp_path)
    again = understanding(parse_notes(compose_notes(got.understanding, got.front)))
    assert _shape(again) == _shape(got.understanding)
    assert {k: again[k] for k in ("community", "period", "kind")} == {k: got.understanding[k] for k in ("community", "period", "kind")}
    assert got.source == name and got.text.strip()


def test_a_corrected_understanding_is_drafted_as_corrected():
    u = {
        "title": "丹桂社区2025年工作总结", "community": "丹桂社区", "period": "2025年", "kind": "",
        "sections": [
            {"title": "", "kind": "work", "facts": []},
            {"title": "一、党建引领", "kind": "work", "facts": [{"id": "f2", "text": "开展主题党日活动12次"}]},
            {"title": "为民服务", "kind": "work", "facts": [{"id": "f3", "text": "为独居老人上门服务150人次"}, {"id": "L7", "text": "办理居民事项812件"}]},
            {"title": "网格力量", "kind": "shortcomings", "facts": [{"id": "", "text": "网格员力量仍然不足"}]},
            {"title": "明年工作计划", "kind": "next", "facts": [{"text": "新增网格员4名"}]},
            {"title": "存在的问题", "kind": "work", "facts": [{"text": "化解矛盾纠纷23起"}]},
        ],
    }  # fmt: skip
    text = compose_notes(u, {"guideline": "坚持以党建引领基层治理", "redact": ["张三"]})
    notes = parse_notes(text)
    assert notes.kind == "工作总结"  # what the title says fills what the notes left empty
    assert notes.title == "丹桂社区2025年工作总结" and notes.guideline == "坚持以党建引领基层治理" and notes.redact == ["张三"]
    got = [(s.title, s.closing, [f.text for f in s.facts]) for s in notes.sections]
    assert got == [
        ("党建引领", None, ["开展主题党日活动12次"]),  # the draft numbers its own sections
        ("为民服务", None, ["为独居老人上门服务150人次", "办理居民事项812件"]),
        ("存在的不足：网格力量", "shortcomings", ["网格员力量仍然不足"]),  # the kind the person chose survives
        ("明年工作计划", "plans", ["新增网格员4名"]),
        ("其他工作", None, ["化解矛盾纠纷23起"]),  # set to 工作 though its title says 问题
    ]
    assert "[L7]" in text and "[f2]" not in text  # ids by position are given again; others are kept


@pytest.mark.parametrize(
    "u, message",
    [
        ({"sections": [{"title": "志愿服务", "kind": "work", "facts": []}]}, "一条事实也没有"),
        ({"sections": "x"}, "格式不对"),
        ({"sections": [{"title": "志愿服务", "facts": [{"text": {"a": 1}}]}]}, "格式不对"),
        (None, "格式不对"),
    ],
)
def test_a_broken_understanding_gets_a_chinese_sentence(u, message):
    with pytest.raises(NotesFormError) as err:
        compose_notes(u)
    assert message in err.value.message


def test_pasted_text_keeps_its_form(tmp_path):
    md = understand_text("## 志愿服务\n- 组建志愿者队伍12支\n", {"community": "柳岸社区"}, "", tmp_path)
    assert md.dialect and md.format == "md" and md.understanding["community"] == "柳岸社区"
    plain = understand_text("一、志愿服务\n1、组建志愿者队伍12支\n2、开展助老服务48次\n", {}, "", tmp_path)
    assert not plain.dialect  # the page drafts it from the understanding, as shown
    yaml = understand_text("community: 柳岸社区\nsections:\n  - title: 志愿服务\n    facts: [组建志愿者队伍12支]\n", {}, "", tmp_path)
    assert yaml.format == "yaml" and yaml.dialect


# ------------------------------------------------------------------ over HTTP, against `drafter serve`


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("志愿服务", style="Heading 1")
    d.add_paragraph("组建志愿者队伍12支", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    return buf.getvalue()


@pytest.mark.server
@pytest.mark.parametrize(
    "name, data, message",
    [
        ("总结.pdf", b"%PDF-1.4\n", "复制出来"),
        ("照片.jpg", b"\xff\xd8\xff\xe0", "图片"),
        ("材料.zip", _zip_bytes(), "解压"),
        ("notes.exe", b"MZ\x90\x00", "不支持 .exe"),
        ("big.docx", b"PK" + b"0" * (5 * 1024 * 1024 + 10), "文件太大"),
        ("empty.xlsx", b"", "空的"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "Word"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
        ("nofacts.txt", "只是一段话".encode(), "没有找到事实"),
        ("mixed.md", "## 志愿服务\n- 组建志愿者队伍12支".encode() + b"\xff\xfe\xfa" + "，志愿者300多人".encode(), "编码"),
    ],
    ids=["pdf", "image", "zip", "exe", "over-5MB", "empty", "damaged-docx", "damaged-xlsx", "no-facts", "bad-encoding"],
)
def test_bad_uploads_get_one_chinese_sentence(server, name, data, message):
    with server.client() as c:
        r = c.post("/api/notes/understand", files={"file": (name, data)})
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    error = r.json()["error"]
    assert message in error, error
    assert "Traceback" not in error and str(server.state) not in error and "/tmp" not in error
    assert re.search(r"[\u4e00-\u9fff]", error)


@pytest.mark.server
def test_uploads_pastes_and_a_reopened_draft_over_http(server):
    with server.client() as c:
        r = c.post("/api/notes/understand", files={"file": ("材料.docx", _docx_bytes())}, data={"community": "柳岸社区"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["understanding"]["sections"][0]["title"] == "志愿服务" and body["dialect"] and body["source"] == "材料.docx"
        assert body["text"].startswith("---\ncommunity: 柳岸社区") and "- 组建志愿者队伍12支" in body["text"]
        gbk = c.post("/api/notes/understand", files={"file": ("材料.txt", "## 志愿服务\n- 组建志愿者队伍12支\n".encode("gbk"))})
        assert gbk.status_code == 200 and gbk.json()["text"].startswith("## 志愿服务")
        pasted = c.post("/api/notes/understand", data={"notes": "## 志愿服务\n- 组建志愿者队伍12支\n"})
        assert pasted.json()["facts"] == 1
        composed = c.post("/api/notes/compose", json={"understanding": body["understanding"], "front": body["front"]})
        assert composed.status_code == 200 and "## 志愿服务" in composed.json()["text"]
        assert c.post("/api/notes/compose", content=b"not json", headers={"content-type": "application/json"}).status_code == 400
        draft = c.post("/api/drafts", data={"notes": composed.json()["text"], "period": "2025年"}).json()
        notes = c.get(f"/api/drafts/{draft['id']}/notes").json()
        assert notes["community"] == "柳岸社区" and notes["period"] == "2025年"
        assert "组建志愿者队伍12支" in notes["text"] and notes["understanding"]["sections"][0]["facts"][0]["text"] == "组建志愿者队伍12支"
        assert c.get("/api/drafts/0123456789abcdef/notes").status_code == 404
        assert c.get("/api/drafts/../../etc/notes").status_code == 404


@pytest.mark.server
def test_a_doc_without_libreoffice_gets_one_sentence_naming_the_install(tmp_path):
    path = ":".join(p for p in os.environ.get("PATH", "").split(":") if not (p and os.path.exists(os.path.join(p, "soffice"))))
    server = Server(tmp_path, env={"PATH": path})
    try:
        with server.client() as c:
            for name in ("旧材料.doc", "材料.wps"):
                r = c.post("/api/notes/understand", files={"file": (name, b"\xd0\xcf\x11\xe0" + b"\0" * 100)})
                assert r.status_code == 400
                assert "LibreOffice" in r.json()["error"] and ".docx" in r.json()["error"] and "apt-get install" in r.json()["error"]
    finally:
        server.stop()


def test_a_20000_line_paste_gets_one_sentence(tmp_path):
    text = "\n".join(f"{i}、开展走访活动{i}次" for i in range(1, 20001))
    with pytest.raises(NotesFormError) as err:
        understand_text(text, {}, "", tmp_path)
    assert err.value.message == "材料中的事实条数太多，请分成几份分别生成。"
    assert list(tmp_path.iterdir()) == []  # the temp file is gone


def test_a_title_picked_by_the_person_names_community_period_and_kind():
    u = {"title": "青石村2024年度党建工作总结", "sections": [{"title": "组织建设", "kind": "work", "facts": [{"text": "发展党员3名"}]}]}
    notes = parse_notes(compose_notes(u))
    assert (notes.community, notes.period, notes.kind) == ("青石村", "2024年度", "党建工作总结")
