"""Fixtures for the ledger tests: a fresh database per test, on SQLite and on PostgreSQL (see
ledger_cases.py for how the PostgreSQL server is found or started)."""

from __future__ import annotations

from collections.abc import Iterator
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
