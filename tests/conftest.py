"""Pins the environment: no API keys, no user config, a temp working directory per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
