"""Shared fixtures: where the reference corpus lives (../shared beside the repo, or LUOSHI_SHARED); no
configuration file of the machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The tests never read this machine's /etc/luoshi/luoshi.toml (a test that wants a file sets its own).
os.environ["LUOSHI_CONFIG"] = ""


def shared_dir() -> Path:
    return Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared").resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    d = shared_dir()
    if not (d / "corpus" / "qiannan-2024.txt").exists():
        pytest.skip(f"reference corpus not found at {d} (set LUOSHI_SHARED)")
    return d
