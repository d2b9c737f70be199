"""The Alembic migrations create exactly the tables the models describe, on SQLite and PostgreSQL, and
an uninitialised or outdated database is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from ledger_cases import DB

from luoshi.errors import LuoshiError
from luoshi.ledger.storage.db import check_db, current_revision, head_revision, make_engine, open_db
from luoshi.ledger.storage.models import Base


def test_migrations_match_models(db: DB) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], "models changed without a migration: add one under ledger/storage/migrations/versions"
    assert current_revision(db.engine) == head_revision()


def test_uninitialised_database_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(LuoshiError, match="luoshi db upgrade"):
        check_db(engine)
    engine.dispose()
    with pytest.raises(LuoshiError, match="无法打开数据库"):
        open_db(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}", init=True)


def test_init_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    for _ in range(2):
        engine, _factory = open_db(url, init=True)
        assert current_revision(engine) == head_revision()
        engine.dispose()
