"""The answer cache over stdlib sqlite3: keyed by endpoint + messages, safe when runs share the file."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from drafter.writing.cache import AnswerCache, cache_key

ENDPOINT = {"provider": "openai", "model": "m", "base_url": "http://127.0.0.1:9/v1"}
MESSAGES = [("system", "规则"), ("user", "写一段")]


def test_an_answer_comes_back_for_the_same_model_and_messages_only(tmp_path):
    cache = AnswerCache.open(tmp_path / "c.sqlite")
    assert cache is not None
    cache.put(cache_key(ENDPOINT, MESSAGES), "m", "一是开展学习。")
    assert cache.get(cache_key(ENDPOINT, MESSAGES)) == "一是开展学习。"
    assert cache.get(cache_key({**ENDPOINT, "model": "other"}, MESSAGES)) is None
    assert cache.get(cache_key(ENDPOINT, [*MESSAGES[:1], ("user", "写两段")])) is None
    cache.close()


def test_the_file_holds_no_prompt_text(tmp_path):
    cache = AnswerCache.open(tmp_path / "c.sqlite")
    cache.put(cache_key(ENDPOINT, [("user", "张秀英的电话13912345678")]), "m", "答")
    cache.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert "13912345678".encode() not in raw and "张秀英".encode() not in raw


def test_an_empty_answer_is_never_stored(tmp_path):
    cache = AnswerCache.open(tmp_path / "c.sqlite")
    cache.put("k", "m", "  ")
    assert cache.get("k") is None


def test_a_damaged_file_is_no_cache_not_a_failure(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = AnswerCache.open(path)
    assert cache is None or cache.get("k") is None


def test_an_unwritable_place_is_no_cache(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert AnswerCache.open(blocker / "sub" / "c.sqlite") is None


WRITER = """
import sys
from drafter.writing.cache import AnswerCache
cache = AnswerCache.open(__import__("pathlib").Path(sys.argv[1]))
for i in range(200):
    cache.put(f"{sys.argv[2]}-{i}", "m", f"答案{i}")
"""


def test_concurrent_runs_and_threads_share_one_file(tmp_path):
    path = tmp_path / "c.sqlite"
    runs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{n}"]) for n in range(3)]
    cache = AnswerCache.open(path)

    def write(tag: str) -> None:
        for i in range(200):
            cache.put(f"{tag}-{i}", "m", f"答案{i}")

    threads = [threading.Thread(target=write, args=(f"t{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.wait(60) == 0 for r in runs)
    tags = [f"p{n}" for n in range(3)] + [f"t{n}" for n in range(4)]
    assert all(cache.get(f"{tag}-{i}") == f"答案{i}" for tag in tags for i in range(200))
    assert Path(str(path) + "-wal").exists() or path.stat().st_size > 0
