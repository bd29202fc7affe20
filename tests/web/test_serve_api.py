"""The page's routes over HTTP (httpx against a real `drafter serve`): bad input gets a clear Chinese
message and never a 500, drafts are kept per person on disk, paths and keys stay on the server."""

from __future__ import annotations

import concurrent.futures
import io
import json
import re

import pytest
from serve_support import ROOT, Server

pytestmark = pytest.mark.server

NOTES = (ROOT / "examples" / "yingbinlu-2023-xuanchuan.md").read_text(encoding="utf-8")


def _draft(c, notes: str = NOTES, **fields) -> dict:
    r = c.post("/api/drafts", data={"notes": notes, **fields})
    assert r.status_code == 200, r.text
    draft_id = r.json()["id"]
    for _ in range(300):
        status = c.get(f"/api/drafts/{draft_id}").json()
        if status["status"] != "running":
            return status
        import time

        time.sleep(0.1)
    raise AssertionError("draft did not finish")


@pytest.mark.parametrize(
    "upload, message",
    [
        (("big.md", b"- " + "组建志愿者队伍12支。".encode() * 600_000), "文件太大"),
        (("photo.md", bytes(range(256)) * 20), "不是文本文件"),
        (("mixed.md", "## 志愿服务\n- 组建志愿者队伍12支".encode() + b"\xff\xfe\xfa" + "，志愿者300多人".encode()), "编码"),
        (("broken.yaml", "community: 迎宾路社区\nsections: [\n  - title: 志愿服务".encode()), "YAML 格式有误"),
        (("aliases.yaml", b"a: &x [1]\nb: *x\n"), "别名"),
        (("empty.md", b""), "空的"),
        (("notes.exe", b"MZ\x90\x00"), "不支持 .exe"),
        (("nofacts.md", "## 志愿服务\n## 下一步打算\n".encode()), "没有找到事实"),
    ],
    ids=["over-5MB", "binary", "bad-encoding", "broken-yaml", "yaml-aliases", "empty", "exe", "no-facts"],
)
def test_bad_uploads_get_one_chinese_sentence(server, upload, message):
    name, data = upload
    with server.client() as c:
        r = c.post("/api/notes/upload", files={"file": (name, data)})
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    error = r.json()["error"]
    assert message in error and "Traceback" not in error and str(server.state) not in error
    assert re.search(r"[\u4e00-\u9fff]", error)


def test_a_gbk_yaml_upload_gives_its_text_and_fields(server):
    yaml_notes = (ROOT / "examples").glob("*.yaml")
    path = next(yaml_notes)
    with server.client() as c:
        r = c.post("/api/notes/upload", files={"file": (path.name, path.read_text("utf-8").encode("gbk"))})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["format"] == "yaml" and body["community"] and body["facts"] > 3


def test_the_form_fields_set_the_front_matter(server):
    with server.client() as c:
        status = _draft(c, "## 志愿服务\n- 组建志愿者队伍12支，志愿者300多人\n", community="新河社区", period="2024年", kind="志愿服务工作总结")
        assert status["status"] == "done" and status["title"] == "新河社区2024年志愿服务工作总结"
        assert 'data-status="ok"' in status["panel"]


def test_broken_notes_in_the_form_are_refused_before_any_work(server):
    with server.client() as c:
        r = c.post("/api/drafts", data={"notes": "---\ncommunity: [x\n---\n- 组建志愿者队伍12支"})
        assert r.status_code == 400 and "YAML 格式有误" in r.json()["error"]
        r = c.post("/api/drafts", data={"notes": NOTES, "model": "openai:gpt-4o"})
        assert r.status_code == 400 and "写作方式" in r.json()["error"]  # only the models the server offers
        assert c.post("/api/drafts", data={}).status_code == 400


def test_two_people_drafting_at_once_get_two_drafts_each_their_own(server):
    people = [server.client(), server.client()]
    try:
        for c in people:
            c.get("/")  # the page gives each browser its own owner cookie
        notes = [NOTES, NOTES.replace("迎宾路社区", "新河社区")]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            results = list(pool.map(_draft, people, notes))
        assert [r["status"] for r in results] == ["done", "done"] and results[0]["id"] != results[1]["id"]
        assert results[0]["title"].startswith("迎宾路社区") and results[1]["title"].startswith("新河社区")
        own = [c.get("/").text for c in people]
        assert f"/d/{results[0]['id']}" in own[0] and f"/d/{results[0]['id']}" not in own[1]
        assert f"/d/{results[1]['id']}" in own[1] and f"/d/{results[1]['id']}" not in own[0]
        for r in results:  # kept on disk, under the state directory, written whole
            folder = server.state / "web" / "drafts" / r["id"]
            assert (folder / "notes.md").is_file() and (folder / "draft.md").is_file() and (folder / "draft.json").is_file()
            assert json.loads((folder / "record.json").read_text("utf-8"))["status"] == "done"
            assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*"))
    finally:
        for c in people:
            c.close()


def test_paths_from_the_browser_never_reach_the_file_system(server):
    with server.client() as c:
        for bad in ("../../etc/passwd", "..%2F..%2Fetc", "0123456789abcdef", "ZZZZ", "%2e%2e"):
            for url in (f"/api/drafts/{bad}", f"/d/{bad}", f"/d/{bad}/download/md"):
                r = c.get(url)
                assert r.status_code == 404, (url, r.status_code)
                assert "root:" not in r.text
        status = _draft(c)
        assert c.get(f"/d/{status['id']}/download/..%2Fnotes.md").status_code == 404
        assert c.get(f"/d/{status['id']}/download/exe").status_code == 404


def test_downloads_markdown_text_and_word(server):
    import docx

    with server.client() as c:
        status = _draft(c)
        md = c.get(f"/d/{status['id']}/download/md")
        assert md.status_code == 200 and md.text.startswith("# 迎宾路社区2023年宣传思想文化工作总结")
        assert "filename*=UTF-8''" in md.headers["content-disposition"]
        txt = c.get(f"/d/{status['id']}/download/txt")
        assert txt.text.startswith("迎宾路社区2023年宣传思想文化工作总结\n") and "\u3000\u3000一、强化理论学习" in txt.text
        word = c.get(f"/d/{status['id']}/download/docx")
        assert docx.Document(io.BytesIO(word.content)).paragraphs[0].text == "迎宾路社区2023年宣传思想文化工作总结"
        review = c.get(f"/d/{status['id']}/download/docx-comments")
        assert review.status_code == 200
        comments = [cm.text for cm in docx.Document(io.BytesIO(review.content)).comments]
        assert any(c.startswith("f8：志愿者队伍从40多人壮大到200多人") for c in comments)  # each number's comment names its fact
        assert not docx.Document(io.BytesIO(word.content)).comments  # the copy for superiors has none


def test_a_draft_written_elsewhere_is_checked_against_the_notes(server):
    draft = (ROOT / "README.md").read_text("utf-8").split("```markdown\n# 迎宾路社区")[1].split("```")[0]
    draft = "# 迎宾路社区" + draft.replace("完成简讯82篇", "完成简讯83篇")
    with server.client() as c:
        r = c.post("/api/check-draft", data={"draft": draft, "notes": NOTES})
        assert r.status_code == 200, r.text
        status = c.get(f"/api/drafts/{r.json()['id']}").json()
    panel = status["panel"]
    assert "未通过" in panel and re.search(r'data-status="unsupported" data-fact="" title="[^"]*" tabindex="0">83篇</mark>', panel)


def test_keys_never_reach_the_page(tmp_path):
    key = "sk-test-SECRET-0123456789abcdef"
    s = Server(tmp_path, "--model", "openai:gpt-4o-mini", env={"OPENAI_API_KEY": key, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    try:
        with s.client() as c:
            page = c.get("/").text
            assert "openai:gpt-4o-mini" in page and key not in page
            r = c.post("/api/drafts", data={"notes": NOTES, "model": "openai:gpt-4o-mini"})
            draft_id = r.json()["id"]
            for _ in range(600):
                status = c.get(f"/api/drafts/{draft_id}").json()
                if status["status"] != "running":
                    break
                import time

                time.sleep(0.1)
            assert status["status"] == "failed" and status["error"]  # nothing listens on port 9
            assert key not in json.dumps(status, ensure_ascii=False) and key not in c.get(f"/d/{draft_id}").text
    finally:
        log = s.stop()
    assert key not in log


def test_the_corpus_page_lists_adds_indexes_and_searches(server):
    with server.client() as c:
        page = c.get("/corpus").text
        assert "范文库（14篇）" in page
        summary = "\n".join(
            ["平安社区2022年综治工作总结", "", "一、加强矛盾纠纷排查", "社区组建调解队伍3支，全年调解矛盾纠纷46起，调解成功率98%。",
             "二、深化平安建设", "开展消防安全检查120次，整改隐患35处，社区刑事案件同比下降两成。", "三、存在的不足", "部分居民参与不够。"]
        )  # fmt: skip
        r = c.post("/api/corpus/add", files=[("files", ("../../综治总结.txt", summary.encode("gbk"))), ("files", ("x.exe", b"MZ"))])
        assert r.status_code == 200, r.text
        body = r.json()
        assert [a["title"] for a in body["added"]] == ["平安社区2022年综治工作总结"]
        assert body["failed"][0]["source"] == "x.exe"
        assert not (server.workdir.parent / "综治总结.txt").exists()
        again = c.post("/api/corpus/add", files=[("files", ("again.txt", summary.encode("utf-8")))]).json()
        assert again["skipped"] and again["skipped"][0]["reason"] == "重复"
        assert "范文库（15篇）" in c.get("/corpus").text
        assert c.post("/api/corpus/index").json()["state"] in ("running", "done")
        for _ in range(600):
            state = c.get("/api/corpus/index").json()
            if state["state"] != "running":
                break
            import time

            time.sleep(0.1)
        assert state["state"] == "done" and "索引完成：15 篇范文" in state["message"]
        hits = c.get("/api/corpus/search", params={"q": "调解矛盾纠纷"}).json()
        assert hits["count"] == 3 and "平安社区2022年综治工作总结" in hits["html"]
        assert c.get("/api/corpus/search", params={"q": ""}).status_code == 400


def test_a_request_from_another_site_may_change_nothing(server):
    with server.client(headers={"Origin": "http://evil.example"}) as c:
        r = c.post("/api/drafts", data={"notes": NOTES})
        assert r.status_code == 403 and "其他网站" in r.json()["error"]
    with server.client(headers={"Host": "evil.example"}) as c:
        assert c.get("/").status_code == 403  # DNS rebinding onto loopback


def test_the_page_and_the_eval_report_mark_numbers_the_same_way(server, tmp_path):
    """One way to show a draft: the same marks, in the same order, with the same proofs."""
    from drafter.config import Settings
    from drafter.reports import evaluate_pairs, find_pairs, render_report

    with server.client() as c:
        status = _draft(c)
        text = c.get(f"/d/{status['id']}/download/md").text
        r = c.post(f"/api/drafts/{status['id']}/check", data={"text": text.replace("完成简讯82篇", "完成简讯83篇")})
        panel = r.json()["panel"]
    draft, notes = tmp_path / "draft.md", tmp_path / "notes.md"
    draft.write_text(text.replace("完成简讯82篇", "完成简讯83篇"), encoding="utf-8")
    notes.write_text(NOTES, encoding="utf-8")
    result = evaluate_pairs(find_pairs([(draft, notes)], []), Settings(corpus_dir=server.corpus, state_dir=tmp_path / "s"), style=False)
    report = render_report(result)
    marks = re.compile(r'<mark class="q [a-z]+" data-testid="quantity"[^>]*>[^<]*</mark>')
    on_page, in_report = marks.findall(panel), marks.findall(report)
    assert len(on_page) > 20 and on_page == in_report
    assert sum('data-status="unsupported"' in m for m in on_page) == 1


def test_a_deleted_draft_is_gone_from_disk_and_the_list(server):
    with server.client() as c:
        c.get("/")
        status = _draft(c)
        folder = server.state / "web" / "drafts" / status["id"]
        assert folder.is_dir() and f"/d/{status['id']}" in c.get("/").text
        assert c.post(f"/api/drafts/{status['id']}/delete").status_code == 200
        assert not folder.exists() and f"/d/{status['id']}" not in c.get("/").text
        assert c.get(f"/api/drafts/{status['id']}").status_code == 404


def test_a_draft_written_elsewhere_can_have_a_section_rewritten_from_the_notes(server):
    draft = "# 迎宾路社区2023年宣传思想文化工作总结\n\n现将有关情况总结如下：\n\n## 一、强化理论学习，筑牢思想根基\n\n我们学习了。\n\n## 二、加强宣传报道，唱响主旋律\n\n我们宣传了。\n"
    with server.client() as c:
        draft_id = c.post("/api/check-draft", data={"draft": draft, "notes": NOTES}).json()["id"]
        r = c.post(f"/api/drafts/{draft_id}/rewrite", data={"section": "2"})
        assert r.status_code == 200, r.text
        text = c.get(f"/d/{draft_id}/download/md").text
        assert "我们学习了。" in text and "我们宣传了。" not in text and "完成简讯82篇" in text
        assert c.post(f"/api/drafts/{draft_id}/rewrite", data={"section": "9"}).json()["error"] == "初稿只有2个部分。"


def test_a_computed_total_is_marked_derived_on_the_page(server):
    notes = "## 文化活动\n- 举办健康讲座14场\n- 组织义诊9场\n- 开展文艺演出7场\n"
    draft = "# 2024年工作总结\n\n全年共开展各类活动30场。\n\n## 一、文化活动\n举办健康讲座14场，组织义诊9场，开展文艺演出7场。\n"
    with server.client() as c:
        r = c.post("/api/check-draft", data={"draft": draft, "notes": notes})
        assert r.status_code == 200, r.text
        panel = c.get(f"/api/drafts/{r.json()['id']}").json()["panel"]
    assert re.search(r'data-status="derived" data-fact="f1" title="计算得出：14\+9\+7=30场[^"]*" tabindex="0">30场</mark>', panel), panel
    wrong = draft.replace("30场", "31场", 1)
    with server.client() as c:
        r = c.post("/api/check-draft", data={"draft": wrong, "notes": notes})
        panel = c.get(f"/api/drafts/{r.json()['id']}").json()["panel"]
    assert re.search(r'data-status="unsupported" data-fact="" title="算错：按材料计算 14\+9\+7=30场，应为30场[^"]*" tabindex="0">31场</mark>', panel), panel
