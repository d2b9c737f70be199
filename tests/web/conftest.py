"""A fresh ledger and web app per test: temporary SQLite file, our own sample report, four accounts.
`any_env` runs a test on SQLite and on PostgreSQL (its own schema on the test server)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webtools import SECRET, TODAY, Env, build_ledger

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ledger"))  # ledger_cases: the PostgreSQL server


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


def _app(url: str, tmp_path: Path, **settings: Any) -> Any:
    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    return create_app(WebSettings(database_url=url, upload_dir=tmp_path / "uploads", secret_key=SECRET, today=TODAY,
                                  max_upload_mb=1, max_evidence_mb=1, **settings))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    """The same as `env`, on SQLite and on PostgreSQL, where concurrent writers really run at once."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'web.db'}"
        rid, a, b = build_ledger(url)
        app = _app(url, tmp_path)
        yield Env(url, tmp_path, app, rid, a, b)
        app.state.ledger.engine.dispose()
        return
    from ledger_cases import pg_schema_url

    with pg_schema_url() as url:
        rid, a, b = build_ledger(url)
        app = _app(url, tmp_path)
        yield Env(url, tmp_path, app, rid, a, b)
        app.state.ledger.engine.dispose()
