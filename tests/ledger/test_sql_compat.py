"""The ledger speaks only SQL that PostgreSQL 12 and the forks speaking its protocol (人大金仓 KingbaseES,
openGauss) accept. Every statement sent to PostgreSQL while the ledger is created, migrated, filled,
queried, exported and backed up is captured and checked against what those databases lack; the one
PostgreSQL-only construct used on purpose (DISTINCT ON, which they have) is the only one imported.
docs/deploy.md lists the same rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ledger_cases import DB, REPORT, _make_db, indicators_for
from sqlalchemy import event

from luoshi.ledger.storage.db import fork_version

SRC = Path(__file__).resolve().parents[2] / "src" / "luoshi"
FIXTURE = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("ledger-*.db"))[-1]

# What a PostgreSQL 12 server or a PostgreSQL-protocol fork may not have, with why.
FORBIDDEN = {
    r"\bMERGE\s+INTO\b": "MERGE (PostgreSQL 15)",
    r"\bON\s+CONFLICT\b": "ON CONFLICT (openGauss has its own ON DUPLICATE KEY)",
    r"\bCREATE\s+EXTENSION\b": "extensions are not installed on a government server",
    r"\bJSONB\b": "jsonb (not in older openGauss)",
    r"->>|#>>|@>|<@|\?\|": "JSON and array operators",
    r"\bAS\s+IDENTITY\b": "identity columns (PostgreSQL 10; openGauss lacks them)",
    r"\bSKIP\s+LOCKED\b": "SKIP LOCKED",
    r"\bFILTER\s*\(\s*WHERE\b": "aggregate FILTER",
    r"\bGROUPING\s+SETS\b|\bCUBE\s*\(|\bROLLUP\s*\(": "grouping sets",
    r"\bLATERAL\b": "LATERAL",
    r"\bNULLS\s+NOT\s+DISTINCT\b": "NULLS NOT DISTINCT (PostgreSQL 15)",
    r"\bWITH\s+ORDINALITY\b|\bTABLESAMPLE\b": "set-returning extras",
    r"\bCONCURRENTLY\b": "concurrent index builds",
    r"\bINCLUDE\s*\(": "covering indexes",
    r"\bADD\s+COLUMN\s+IF\s+NOT\s+EXISTS\b": "ADD COLUMN IF NOT EXISTS",
    r"\bGENERATED\s+ALWAYS\b": "generated columns",
    r"\bUUID\b|\[\]": "uuid and array types",
}


@pytest.fixture
def captured(tmp_path: Path) -> Iterator[tuple[DB, list[str]]]:
    statements: list[str] = []
    for db in _make_db("postgresql", tmp_path, init=False):
        event.listen(db.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_a: statements.append(statement))
        yield db, statements


def _work(db: DB, tmp_path: Path) -> None:
    """Everything the CLI, the web pages and the timers ask of the database."""
    import shutil

    import luoshi
    from luoshi.export import docx_bytes, xlsx_bytes
    from luoshi.ledger import service
    from luoshi.ledger.operations.backup import backup, read_backup
    from luoshi.ledger.operations.remind import send_reminders
    from luoshi.ledger.operations.upgrade import upgrade
    from luoshi.ledger.storage.db import make_engine
    from luoshi.ledger.storage.dump import dump, load, snapshot

    shutil.copy(FIXTURE, tmp_path / "old.db")  # never open the fixture itself: SQLite may rewrite it
    source = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with snapshot(source) as conn:
        data = dump(conn)
    source.dispose()
    with db.engine.begin() as conn:
        load(conn, data)  # migrations to the fixture's revision, then every row
    upgrade(db.engine, tmp_path / "backups")
    with db.session() as s:
        admin = service.system_user(s)
        doc = luoshi.read_bytes(REPORT.encode("utf-8"), "mouxian-2024")
        result = service.import_report(s, source=doc, region="某县", year=2024, actor=admin,
                                       indicators=indicators_for(doc.text))
        targets = service.list_targets(s, report_id=result.report.id)
        dept = service.get_or_create_department(s, name="教育局", actor=admin)
        service.assign(s, target=targets[0], lead=dept, deadline=date(2024, 9, 30), actor=admin)
        user = service.create_user(s, username="jy", password="jy-password-123", role="department",
                                   department=dept, actor=admin)
        p = service.add_progress(s, target=targets[0], period="2024-Q2", value=3, reporter=user)
        service.review_progress(s, progress=p, accept=True, comment="", actor=admin)
        service.override_status(s, target=targets[1], status="已完成", reason="核实", actor=admin)
        service.withdraw_target(s, target=targets[2], reason="重复", actor=admin)
        service.add_subtask(s, parent=targets[3], text="选址", actor=admin)
        s.commit()
        as_of = date(2024, 7, 15)
        service.statuses_as_of(s, as_of=as_of)
        service.ledger_rows(s, as_of=as_of, q="企业")
        for by in ("section", "department", "region", "top_region"):
            service.rollups(s, as_of=as_of, by=by)
        service.history(s, target=targets[0])
        send_reminders(s, as_of=as_of, actor=admin)
        s.commit()
        xlsx_bytes(s, as_of=as_of)
        docx_bytes(s, as_of=as_of)
    backup(db.engine, tmp_path / "b.json.gz")
    assert read_backup(tmp_path / "b.json.gz")["tables"]["targets"]["rows"]


@pytest.mark.postgres
def test_every_statement_fits_postgresql_12_and_its_forks(captured: tuple[DB, list[str]], tmp_path: Path) -> None:
    db, statements = captured
    _work(db, tmp_path)
    assert len(statements) > 100 and any(s.lstrip().upper().startswith("CREATE TABLE") for s in statements)
    found = [(why, s[:200]) for s in statements for pattern, why in FORBIDDEN.items()
             if re.search(pattern, s, re.IGNORECASE)]
    assert not found, found


def test_only_distinct_on_comes_from_the_postgresql_dialect() -> None:
    used = set()
    for path in SRC.rglob("*.py"):
        for match in re.finditer(r"from sqlalchemy\.dialects\.postgresql import ([\w, ]+)", path.read_text("utf-8")):
            used |= {name.strip() for name in match.group(1).split(",")}
        assert "on_conflict" not in path.read_text("utf-8"), path
    assert used <= {"distinct_on"}, used


@pytest.mark.parametrize(("reported", "version"), [
    ("12.1", (12, 1)), ("9.2.4 (openGauss 5.0.3 build 89d144c2)", (9, 2, 4)), ("15.20 (Debian 15.20-0+deb12u1)", (15, 20)),
    ("V008R006", (9, 6)),
])
def test_fork_versions_are_read_from_server_version(reported: str, version: tuple[int, ...]) -> None:
    assert fork_version(reported) == version


@pytest.mark.postgres
def test_a_version_string_without_postgresql_in_it_is_read_from_server_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """KingbaseES answers version() with "KingbaseES V008R006…", which SQLAlchemy cannot read: the
    engine still connects, with the version from server_version."""
    from sqlalchemy import text
    from sqlalchemy.dialects.postgresql.base import PGDialect

    from luoshi.ledger.storage.db import make_engine

    def kingbase(self: Any, connection: Any) -> Any:
        raise AssertionError("Could not determine version from string 'KingbaseES V008R006C008B0014 on x86_64'")

    monkeypatch.setattr(PGDialect, "_get_server_version_info", kingbase)
    for db in _make_db("postgresql", tmp_path, init=False):
        engine = make_engine(db.url, schema=db.schema)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT 1")).scalar() == 1
            assert engine.dialect.server_version_info[0] >= 12
        finally:
            engine.dispose()
