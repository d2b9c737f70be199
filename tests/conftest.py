"""Shared fixtures: where the reference corpus lives (../shared beside the repo, or LUOSHI_SHARED); no
configuration file of the machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes() -> Any:
    """argon2 with small parameters in the tests' own process (a hash records its parameters, so these
    verify as any other): the suite makes hundreds of accounts and log-ins. The served processes the
    tests start (`luoshi serve`) keep the real cost."""
    from argon2 import PasswordHasher

    from luoshi.ledger.operations import users

    real = users._hasher
    users._hasher = lambda: PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    yield
    users._hasher = real
