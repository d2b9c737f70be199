"""Shared fixtures: where the reference corpus lives (../shared beside the repo, or LUOSHI_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    d = shared_dir()
    if not (d / "corpus" / "qiannan-2024.txt").exists():
        pytest.skip(f"reference corpus not found at {d} (set LUOSHI_SHARED)")
    return d
