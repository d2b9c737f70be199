"""Fixtures for the review and corpus tests (`shared`, the reference corpus, is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_cases import REPORT_2024, REPORT_2025


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "qingchuan-2024.txt"
    b = tmp_path / "qingchuan-2025.txt"
    a.write_text(REPORT_2024, encoding="utf-8")
    b.write_text(REPORT_2025, encoding="utf-8")
    return a, b
