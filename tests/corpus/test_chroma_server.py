"""`drafter index` and `drafter examples` through a real Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.corpus.store import CorpusDocument, write_document

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_heartbeat(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"chroma run did not answer at {url} within {timeout:g} s")


@pytest.fixture
def chroma_url(tmp_path):
    if not CHROMA.exists():
        pytest.skip(f"the chroma server binary is not installed at {CHROMA}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        _wait_for_heartbeat(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_index_and_examples_through_a_chroma_server(chroma_url, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_document(corpus, CorpusDocument(id="vol", title="志愿服务工作总结", body="# 志愿服务工作总结\n\n## 一、志愿者队伍\n\n组建志愿者队伍12支，开展学雷锋志愿服务活动20次。\n"))
    write_document(corpus, CorpusDocument(id="env", title="环境卫生工作总结", body="# 环境卫生工作总结\n\n## 一、环境整治\n\n清理卫生死角50处，清运垃圾30吨。\n"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    first = runner.invoke(app, ["index", "--chroma-url", chroma_url, "--embedding", "hash", "--corpus", str(corpus)])
    assert first.exit_code == 0, first.output
    assert "embedded 2" in first.stdout and chroma_url in first.stdout
    assert not (tmp_path / ".drafter" / "index").exists()  # nothing embedded locally

    second = runner.invoke(app, ["index", "--chroma-url", chroma_url, "--embedding", "hash", "--corpus", str(corpus)])
    assert "embedded 0" in second.stdout and "unchanged 2" in second.stdout

    # the URL may also come from the environment
    monkeypatch.setenv("DRAFTER_CHROMA_URL", chroma_url)
    shown = runner.invoke(app, ["examples", "志愿服务", "--json", "-k", "1"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    assert rows[0]["doc_id"] == "vol" and rows[0]["topic"] == "志愿服务"


def test_unreachable_server_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = f"http://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(app, ["examples", "志愿服务", "--chroma-url", url])
    assert result.exit_code == 2
    assert "cannot reach the Chroma server" in result.stderr and result.stderr.count("\n") == 1
