"""Secrets and personal data stay where they belong.

The API key: after runs of the real `drafter` entry point (subprocesses, so every byte a process
writes is seen, the openai client's debug log included) against a working model, a model that
answers 401 and 400 with an error body echoing the key, one that answers 500 until the retry budget
ends, and a closed port, the key's value is in no stdout, no stderr, no file under the working
directory: sidecars, the LLM cache (raw SQLite bytes, WAL included), run directories, the .bak,
the HTML report of `drafter eval --html`. `drafter draft --dry-run` prints no key either.

Personal data: with redaction on (forced on loopback, and by default when the endpoint is reached
on a non-loopback address), phone numbers, an ID-card number and the names listed under `redact:`
never reach the model server, a repair conversation included, nor the LLM cache, and come back
restored in the draft.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

sys.path.insert(0, str(Path(__file__).parent))
from fake_openai import FakeOpenAI, Fault, GenreWriter, Request  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "yingbinlu-2023-xuanchuan.md"
DRAFTER = str(Path(sys.executable).parent / "drafter")
SECRET = "sk-drafter-SECRET-7f3a9c1e"
TELLTALES = (SECRET, "SECRET-7f3a9c1e", "7f3a9c1e")  # the whole value, and the parts a scrubber might leave
RUN_TIMEOUT = 90  # seconds per subprocess: a hang guard

pytestmark = pytest.mark.server


def echo_key(request: Request):
    """Answers by model name; the failing ones echo the key in their error body, as some gateways do."""
    if request.model == "fake-401":
        return Fault.http(401, message=f"Incorrect API key provided: {SECRET}. You can find your API key at https://example.invalid")
    if request.model == "fake-400":
        return Fault.http(400, message=f"invalid request for key {SECRET} (org key-{SECRET[-8:]})")
    if request.model == "fake-500":
        return Fault.http(500, message=f"upstream failed while using {SECRET}")
    return GenreWriter()(request)


@pytest.fixture
def fake():  # overrides conftest's: this server echoes the key in its error bodies
    server = FakeOpenAI(echo_key).start()
    yield server
    server.stop()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], cwd: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env.update(DRAFTER_STATE_DIR=str(cwd / ".drafter"), DRAFTER_CONFIG_DIR=str(cwd / "userconfig"), OPENAI_API_KEY=SECRET,
               DRAFTER_RETRIES="3", DRAFTER_BACKOFF="0.01", DRAFTER_MAX_WAIT="1")
    env.update(extra_env)
    return subprocess.run([DRAFTER, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("drafter: error: "), result.stderr
    return lines[0]


def test_the_key_appears_in_no_output_file_cache_or_report(tmp_path, fake):
    shutil.copy(EXAMPLE, tmp_path / "notes.md")
    base = {"OPENAI_BASE_URL": fake.url}
    draft = ["draft", "notes.md", "--no-examples"]

    good = run([*draft, "--model", "openai:fake-model", "-o", "d.md"], tmp_path, OPENAI_LOG="debug", **base)
    assert good.returncode == 0, good.stderr
    assert "openai._base_client" in good.stderr  # the client's debug log is on, and was searched too
    assert fake.requests and all(r.token == SECRET for r in fake.requests)  # the key was used: the search means something

    jobs = {
        "rewrite": (["rewrite", "d.md", "--section", "1", "--model", "openai:fake-model"], {**base}),
        "401": ([*draft, "--model", "openai:fake-401", "-o", "e401.md"], {**base}),
        "400": ([*draft, "--model", "openai:fake-400", "-o", "e400.md"], {**base}),
        "500": ([*draft, "--model", "openai:fake-500", "-o", "e500.md"], {**base, "OPENAI_LOG": "debug"}),
        "refused": ([*draft, "--model", "openai:fake-conn", "-o", "conn.md"],
                    {"OPENAI_BASE_URL": f"http://127.0.0.1:{closed_port()}/v1"}),
        "dry-run": ([*draft, "--model", "openai:fake-model", "--dry-run"], {**base}),
    }
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures = {name: pool.submit(run, args, tmp_path, **env) for name, (args, env) in jobs.items()}
        results = {name: f.result() for name, f in futures.items()}
    report = run(["eval", "--pair", "d.md", "notes.md", "--html", "report.html"], tmp_path)
    assert report.returncode in (0, 1), report.stderr
    results["eval"], results["draft"] = report, good

    assert results["rewrite"].returncode == 0, results["rewrite"].stderr
    assert results["dry-run"].returncode == 0 and "===== system =====" in results["dry-run"].stdout
    assert "rejected the API key (HTTP 401); check OPENAI_API_KEY" in one_error_line(results["401"])
    assert results["401"].returncode == 1
    line400 = one_error_line(results["400"])
    assert "refused the request (HTTP 400)" in line400 and "invalid request for key *** (org ***)" in line400  # echoed, scrubbed
    assert "failed 3 times (last: HTTP 500)" in [ln for ln in results["500"].stderr.splitlines() if "drafter: error" in ln][0]
    assert "failed 3 times (last: connection failed)" in one_error_line(results["refused"])
    for name in ("400", "500", "refused"):
        assert results[name].returncode == 1, (name, results[name].stderr)

    for name, result in results.items():
        for telltale in TELLTALES:
            assert telltale not in result.stdout and telltale not in result.stderr, (name, telltale)

    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "notes.md"]
    names = {p.name for p in written}
    assert {"d.md", "d.json", "d.md.bak", "report.html", "llm_cache.sqlite"} <= names
    assert any(p.parent.parent.name == "runs" for p in written)  # the run directory was written, and is searched
    for path in written:
        data = path.read_bytes()
        for telltale in TELLTALES:
            assert telltale.encode() not in data, (path, telltale)
            assert telltale.encode("utf-16-le") not in data, (path, telltale)


def test_error_messages_of_failed_calls_are_scrubbed_in_the_library():
    """The messages the CLI prints come from ModelError; an echoed key is gone before it is built."""
    from drafter.writing.llm import _scrub

    assert _scrub(f"bad key {SECRET} used", SECRET) == "bad key *** used"
    assert _scrub("a key sk-other-0123456789abcdef and key-ABCDEFGH12", "unrelated") == "a key *** and ***"


# -- personal data --------------------------------------------------------------------------------

PERSONAL = """---
community: 迎宾路社区
period: 2023年
kind: 民生工作总结
redact: [王淑芬, 赵德胜]
---
## 民生帮扶
- 网格员王淑芬走访独居老人36户，联系电话13812345678
- 为赵德胜（身份证号220403195806120034）办理临时救助，办公电话0433-1234567
- 全年发放救助金12万元，惠及困难群众85户

## 下一步打算
- 继续做好困难群众帮扶工作
"""
PRIVATE = ("王淑芬", "赵德胜", "13812345678", "0433-1234567", "220403195806120034")


def non_loopback_address() -> str | None:
    """An address of this machine that is not loopback (the draft then redacts by default), if any."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.fixture
def personal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for k, v in {"OPENAI_API_KEY": SECRET, "DRAFTER_STATE_DIR": str(tmp_path / ".drafter"), "DRAFTER_BACKOFF": "0.01",
                 "DRAFTER_MAX_WAIT": "2"}.items():
        monkeypatch.setenv(k, v)
    for var in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    path = tmp_path / "personal.md"
    path.write_text(PERSONAL, "utf-8")
    return path


def assert_redacted_and_restored(server: FakeOpenAI, notes: Path, extra: list[str]) -> None:
    # The first answer changes a number, so a repair conversation (with the model's answer in it) is sent too.
    server.responder = GenreWriter("change", only="36户")
    result = CliRunner().invoke(app, ["draft", str(notes), "--model", "openai:fake-model", "--no-examples", "-o", "p.md", *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert any("【核对结果】" in r.prompt for r in server.requests)
    sent = "\n".join(json.dumps(r.body, ensure_ascii=False) for r in server.requests)  # every byte of every request body
    for secret in PRIVATE:
        assert secret not in sent, secret
    assert "〔姓名A〕" in sent and "〔电话A〕" in sent and "〔电话B〕" in sent and "〔证件A〕" in sent
    cache = (notes.parent / ".drafter" / "llm_cache.sqlite").read_bytes()
    for secret in PRIVATE:
        assert secret.encode() not in cache, secret
    text = (notes.parent / "p.md").read_text("utf-8")
    for secret in PRIVATE:
        assert secret in text, secret  # restored in the draft
    assert "〔" not in text and "12万元" in text and "36户" in text
    assert json.loads((notes.parent / "p.json").read_text("utf-8"))["model_run"]["redacted"] is True


def test_forced_redaction_on_loopback(personal, monkeypatch):
    with FakeOpenAI() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assert_redacted_and_restored(server, personal, ["--redact"])


def test_redaction_is_on_by_default_for_a_non_loopback_endpoint(personal, monkeypatch):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with FakeOpenAI(host="0.0.0.0") as server:
        monkeypatch.setenv("OPENAI_BASE_URL", f"http://{address}:{server.port}/v1")
        monkeypatch.setenv("NO_PROXY", address)
        assert_redacted_and_restored(server, personal, [])  # no --redact: the endpoint's address decides
