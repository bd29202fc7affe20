"""A model that invents an honour or changes a named claim is caught and repaired: the repair request
names the claim, and the draft goes out with every claim proven (real HTTP, the real client and loop)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fake_openai import FakeOpenAI  # noqa: E402
from realistic_model import RealisticWriter  # noqa: E402

from drafter.config import load_settings  # noqa: E402
from drafter.writing.model import make_model_draft  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "eval" / "claims_cases" / "01-laojiu-gaizao" / "notes.md"

pytestmark = pytest.mark.server


def draft_with(writer: RealisticWriter, tmp: Path, monkeypatch):
    notes = tmp / "notes.md"
    shutil.copy(NOTES, notes)
    with FakeOpenAI(writer) as fake:
        monkeypatch.setenv("OPENAI_BASE_URL", fake.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-claims")
        monkeypatch.setenv("DRAFTER_BACKOFF", "0.01")
        settings = load_settings(tmp).with_overrides(model="openai:realistic", state_dir=tmp / "state")
        result = make_model_draft(notes, settings, out=tmp / "d.md", use_examples=False)
        return result, fake.requests, json.loads((tmp / "d.json").read_text("utf-8"))


@pytest.mark.parametrize("kind", ["honour", "rename"])
def test_invented_and_changed_claims_are_caught_and_repaired(tmp_path, monkeypatch, kind):
    writer = RealisticWriter(1.0, fix=1.0, weights={kind: 1})
    result, asked, side = draft_with(writer, tmp_path, monkeypatch)
    assert writer.made[kind] >= 3
    repairs = [r.prompt for r in asked if "【核对结果】" in r.prompt]
    # each erring answer's repair names its claim (a section without a claim to change errs another way)
    assert sum("与事实不符的荣誉、单位、媒体或名称" in r for r in repairs) == writer.made[kind]
    if kind == "honour":
        assert any("编造的荣誉" in r and "请删除它" in r for r in repairs)
    assert not result.failed and result.report.ok
    assert writer.residual() == {}
    claims = side["check"]["claims"]
    assert claims and all(c["status"] == "ok" for c in claims)


def test_with_no_repairs_left_an_invented_honour_never_passes(tmp_path, monkeypatch):
    writer = RealisticWriter(1.0, fix=0.0, weights={"honour": 1})
    result, _, side = draft_with(writer, tmp_path, monkeypatch)
    # the invented honour's sentence is cut as a last resort, or the draft says it failed: never a silent pass
    text = (tmp_path / "d.md").read_text("utf-8")
    kept = [c for c in side["check"]["claims"] if c["kind"] == "honour" and c["status"] == "unsupported"]
    assert (not kept and "称号。" not in text.split("\n", 2)[2].replace("荣获区级“物业管理示范社区”称号", "")) or not result.report.ok
