"""A fresh ledger and web app per test: temporary SQLite file, our own sample report, four accounts.
`any_env` runs a test on SQLite and on PostgreSQL (its own schema on the test server)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from webtools import Env, build_ledger, make_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ledger"))  # ledger_cases: the PostgreSQL server


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    rid, a, b = build_ledger(url)
    app = make_app(url, tmp_path)
    yield Env(url, tmp_path, app, rid, a, b)
    app.state.ledger.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    """The same as `env`, on SQLite and on PostgreSQL, where concurrent writers really run at once."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'web.db'}"
        rid, a, b = build_ledger(url)
        app = make_app(url, tmp_path)
        yield Env(url, tmp_path, app, rid, a, b)
        app.state.ledger.engine.dispose()
        return
    from ledger_cases import pg_schema_url

    with pg_schema_url() as url:
        rid, a, b = build_ledger(url)
        app = make_app(url, tmp_path)
        yield Env(url, tmp_path, app, rid, a, b)
        app.state.ledger.engine.dispose()
