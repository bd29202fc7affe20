"""Pins the environment: no API keys, no user config, a temp working directory per test."""

from __future__ import annotations

import faulthandler
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fake_openai import FakeOpenAI, GenreWriter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path_factory):
    for key in list(os.environ):
        if key.startswith(("DRAFTER_", "OPENAI_", "DEEPSEEK_", "DASHSCOPE_", "CHROMA_")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DRAFTER_CONFIG_DIR", str(tmp_path_factory.mktemp("userconfig")))
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    yield


@pytest.fixture(autouse=True)
def hang_guard():
    """If a test never returns, dump every thread's stack and end the process instead of hanging CI."""
    faulthandler.dump_traceback_later(300, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def fake():
    """The loopback OpenAI-compatible server, answering each section from the facts in its prompt."""
    server = FakeOpenAI(GenreWriter()).start()
    yield server
    server.stop()
