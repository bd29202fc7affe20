"""Interrupted writes: SIGKILL at random moments leaves every draft old or new, never partial,
and the index still opens and answers. Two index runs at once: one waits or says the index is busy.

50 kills in all: 17 of `draft`, 17 of `rewrite`, 16 of `index`.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DRAFTER = str(Path(sys.executable).parent / "drafter")


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFTER_", "OPENAI_"))}
    env.update(DRAFTER_STATE_DIR=str(work / ".drafter"), DRAFTER_EMBEDDING="hash", DRAFTER_CORPUS=str(work / "corpus"))
    return env


def _run(args: list[str], work: Path) -> subprocess.CompletedProcess:
    return subprocess.run([DRAFTER, *args], cwd=work, env=_env(work), capture_output=True, text=True, timeout=120)


def _kill_at(args: list[str], work: Path, delay: float) -> None:
    proc = subprocess.Popen([DRAFTER, *args], cwd=work, env=_env(work), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def _timed(args: list[str], work: Path) -> float:
    start = time.perf_counter()
    assert _run(args, work).returncode in (0, 1)
    return time.perf_counter() - start


@pytest.fixture
def work(tmp_path):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    return tmp_path


def test_killed_draft_leaves_the_old_or_the_new_file(work):
    rng = random.Random(7)
    old_notes, new_notes = EXAMPLES / "hongxing-2024-dangjian.yaml", EXAMPLES / "yingbinlu-2023-xuanchuan.md"
    assert _run(["draft", str(new_notes), "-o", "new.md", "--no-examples"], work).returncode == 0
    new = (work / "new.md").read_bytes(), (work / "new.json").read_bytes()
    full = _timed(["draft", str(new_notes), "-o", "new.md", "--force", "--no-examples"], work)
    for _ in range(17):
        assert _run(["draft", str(old_notes), "-o", "d.md", "--force", "--no-examples"], work).returncode == 0
        old = (work / "d.md").read_bytes(), (work / "d.json").read_bytes()
        _kill_at(["draft", str(new_notes), "-o", "d.md", "--force", "--no-examples"], work, rng.uniform(0, full * 1.1))
        assert (work / "d.md").read_bytes() in (old[0], new[0])
        assert (work / "d.json").read_bytes() in (old[1], new[1])


def test_killed_rewrite_leaves_the_old_or_the_new_file(work):
    rng = random.Random(11)
    notes = EXAMPLES / "chaoyang-2024-wenming-half.md"
    assert _run(["draft", str(notes), "-o", "d.md", "--no-examples"], work).returncode == 0
    # A hand edit in section 2, which an offline rewrite of that section composes away again.
    text = (work / "d.md").read_text(encoding="utf-8").replace("辖区环境面貌明显改善", "辖区环境面貌大为改观")
    (work / "d.md").write_text(text, encoding="utf-8")
    old = (work / "d.md").read_bytes()
    shutil.copy(work / "d.md", work / "full.md")
    shutil.copy(work / "d.json", work / "full.json")
    full = _timed(["rewrite", "full.md", "--section", "2"], work)
    new = (work / "full.md").read_bytes()
    assert new != old
    for _ in range(17):
        (work / "d.md").write_bytes(old)
        _kill_at(["rewrite", "d.md", "--section", "2"], work, rng.uniform(0, full * 1.1))
        assert (work / "d.md").read_bytes() in (old, new)
        bak = work / "d.md.bak"
        assert not bak.exists() or bak.read_bytes() == old


def test_killed_index_still_opens_and_answers(work):
    rng = random.Random(5)
    full = _timed(["index", "--rebuild"], work)
    for i in range(16):
        args = ["index", "--rebuild"] if i % 2 == 0 else ["index"]
        if i % 2:  # an incremental run with real work: change one document first
            doc = next((work / "corpus").glob("seed00*-1.md"))
            doc.write_text(doc.read_text(encoding="utf-8") + f"\n新增段落{i}。\n", encoding="utf-8")
        _kill_at(args, work, rng.uniform(0, full * 1.1))
        after = _run(["index"], work)
        assert after.returncode == 0, after.stderr
        answer = _run(["examples", "志愿服务", "--json"], work)
        assert answer.returncode == 0, answer.stderr
        assert answer.stdout.strip().startswith("[")


def test_two_index_runs_at_once_wait_or_say_busy(work):
    first = subprocess.Popen([DRAFTER, "index", "--rebuild"], cwd=work, env=_env(work), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = _run(["index"], work)
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode in (0, 2)
    if second.returncode == 2:
        assert "busy" in second.stderr and len(second.stderr.strip().splitlines()) == 1
    assert _run(["examples", "志愿服务"], work).returncode == 0
