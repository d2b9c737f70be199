"""Fixtures that build report files inside the test (PDFs with a Chinese text layer)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pdfmaker import PdfLine, build_pdf, layout


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return build_pdf


@pytest.fixture
def set_lines() -> Callable[..., list[PdfLine]]:
    return layout
