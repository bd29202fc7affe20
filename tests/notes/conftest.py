"""Fixtures: a realistic ledger and Word notes file in the test's temp directory (built by ledger_files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger_files import write_ledger_xlsx, write_word_notes


@pytest.fixture
def ledger_xlsx(tmp_path) -> Path:
    return write_ledger_xlsx(tmp_path / "台账.xlsx")


@pytest.fixture
def word_notes(tmp_path) -> Path:
    return write_word_notes(tmp_path / "要点.docx")
