"""Fixtures for the ledger tests: a fresh database per test, on SQLite and on PostgreSQL (see
ledger_cases.py for how the PostgreSQL server is found or started)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from ledger_cases import DB, REPORT, _make_db, indicators_for, run


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DB]:
    yield from _make_db(request.param, tmp_path)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[DB]:
    yield from _make_db("sqlite", tmp_path)


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    p = tmp_path / "mouxian-2024.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


@pytest.fixture
def loaded(db: DB) -> Iterator[tuple[DB, Any, Any]]:
    """A database with the small report imported (hand-built indicators) by an admin: (db, session, admin)."""
    import luoshi
    from luoshi.ledger import service

    s = db.session()
    admin = service.system_user(s)
    doc = luoshi.read_bytes(REPORT.encode("utf-8"), "mouxian-2024")
    service.import_report(s, source=doc, region="某县", year=2024, actor=admin, indicators=indicators_for(doc.text))
    s.commit()
    try:
        yield db, s, admin
    finally:
        s.close()


@pytest.fixture
def dbfile(tmp_path: Path, report_file: Path) -> str:
    """A SQLite ledger file with our small report imported by the CLI (the real extractor)."""
    db = str(tmp_path / "l.db")
    run("db", "init", "--db", db)
    run("import", str(report_file), "--region", "某县", "--year", "2024", "--db", db)
    return db


# A revision on top of the program's head, for the upgrade tests: a new column filled by a data step,
# and (param True) a step that fails after them, so that the roll-back shows.
NEXT = """
import sqlalchemy as sa
from alembic import op

revision = "9901"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    # On SQLite the table every other table refers to is rebuilt (copied, dropped, renamed).
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("targets", recreate="always" if sqlite else "auto") as batch:
        batch.add_column(sa.Column("test_label", sa.String(length=40), nullable=True))
    op.execute("UPDATE targets SET test_label = 'migrated'")
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))
    {fail}
"""


@pytest.fixture(params=[False, True], ids=["good", "failing"])
def next_revision(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """The program's migrations plus revision 9901 (which fails at its end when the param is True)."""
    from sqlalchemy import Engine

    from luoshi.ledger.storage import db as storage
    from luoshi.ledger.storage.db import head_revision

    scripts = tmp_path / "migrations"
    shutil.copytree(str(resources.files("luoshi.ledger.storage").joinpath("migrations")), scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    fail = 'op.execute("SELECT no_such_function_here()")' if request.param else ""
    (scripts / "versions" / "9901_test.py").write_text(NEXT.format(head=head_revision(), fail=fail), encoding="utf-8")
    real = storage._alembic_config

    def config(engine: Engine | None) -> Any:
        cfg = real(engine)
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(storage, "_alembic_config", config)
    assert head_revision() == "9901"
    return bool(request.param)
