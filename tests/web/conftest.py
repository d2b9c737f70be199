"""A fresh ledger and web app per test: temporary SQLite file, our own sample report, four accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from webtools import SECRET, TODAY, Env, build_ledger


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    url = f"sqlite:///{tmp_path / 'web.db'}"
    rid, a, b = build_ledger(url)
    settings = WebSettings(database_url=url, upload_dir=tmp_path / "uploads", secret_key=SECRET, today=TODAY,
                           max_upload_mb=1, max_evidence_mb=1, login_max_failures=5)
    app = create_app(settings)
    yield Env(url, tmp_path, app, rid, a, b)
    app.state.ledger.engine.dispose()
