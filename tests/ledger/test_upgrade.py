"""`luoshi db upgrade` on databases written by earlier versions: the fixtures in tests/fixtures (one per
release, made by tests/fixtures/make_ledger_fixture.py from that release's own code) upgrade to the
current schema without losing a target, a progress entry, an audit line or any other row, on SQLite
and, with the fixture's content loaded into a fresh schema at the fixture's revision, on PostgreSQL.

The checks hold whatever revisions are added later: rows are compared by id on the columns the old
and the new table share. A migration that rewrites a value on purpose names it in REWRITTEN. Besides
the real revisions, a revision added for the test on top of the head (a new column and a data step)
exercises the backup before the upgrade and the roll-back of a failed one, also while the fixtures are
still at the head.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger_cases import DB, _make_db
from sqlalchemy import Engine, text

from luoshi.errors import LuoshiError
from luoshi.ledger.operations.backup import read_backup, restore
from luoshi.ledger.operations.upgrade import upgrade
from luoshi.ledger.storage import db as storage
from luoshi.ledger.storage.db import current_revision, head_revision, known_revisions, make_engine
from luoshi.ledger.storage.dump import dump, load, snapshot

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("ledger-*.db"))
# (table, column) → why a migration changes that value on purpose. Empty so far.
REWRITTEN: dict[tuple[str, str], str] = {}


def test_there_are_fixtures() -> None:
    assert FIXTURES, "no tests/fixtures/ledger-*.db: make one with tests/fixtures/make_ledger_fixture.py"


def rows_of(engine: Engine) -> dict[str, Any]:
    with snapshot(engine) as conn:
        return dump(conn)


def assert_nothing_lost(before: dict[str, Any], after: dict[str, Any]) -> None:
    for name, block in before["tables"].items():
        assert name in after["tables"], f"table {name} is gone"
        new = after["tables"][name]
        shared = [c for c in block["columns"] if c in new["columns"] and (name, c) not in REWRITTEN]
        old_rows = {r[block["columns"].index("id")]: r for r in block["rows"]} if "id" in block["columns"] \
            else dict(enumerate(block["rows"]))
        new_rows = {r[new["columns"].index("id")]: r for r in new["rows"]} if "id" in new["columns"] \
            else dict(enumerate(new["rows"]))
        assert set(old_rows) <= set(new_rows), f"{name}: rows lost {sorted(set(old_rows) - set(new_rows))[:5]}"
        for key, row in old_rows.items():
            for c in shared:
                was, now = row[block["columns"].index(c)], new_rows[key][new["columns"].index(c)]
                assert was == now, f"{name} #{key}.{c}: {was!r} became {now!r}"


def assert_ledger_works(engine: Engine, before: dict[str, Any]) -> None:
    """The upgraded database is the program's: schema as the models say, statuses and exports run."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from luoshi.export import docx_bytes
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import session_factory
    from luoshi.ledger.storage.models import Base

    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    assert current_revision(engine) == head_revision()
    with session_factory(engine)() as s:
        from datetime import date

        rows = service.ledger_rows(s, as_of=date(2024, 7, 15))
        assert rows and all(r.status.status for r in rows)
        assert docx_bytes(s, as_of=date(2024, 7, 15))
        history = service.history(s, target=rows[0].target.id)
        assert history
    for table in ("targets", "progress_reports", "audit_events"):
        assert before["tables"][table]["rows"], f"the fixture has no {table}"


@pytest.fixture(params=FIXTURES, ids=[f.stem for f in FIXTURES])
def fixture_db(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    copy = tmp_path / request.param.name
    shutil.copy(request.param, copy)
    return copy


@pytest.fixture
def empty_pg(tmp_path: Path) -> Iterator[DB]:
    yield from _make_db("postgresql", tmp_path, init=False)


def test_fixture_upgrades_on_sqlite_keeping_every_row(fixture_db: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{fixture_db}")
    try:
        before = rows_of(engine)
        assert before["revision"] in known_revisions()
        done = upgrade(engine, tmp_path / "backups")
        assert done.after == head_revision()
        assert (done.backup is not None) == done.changed
        assert_nothing_lost(before, rows_of(engine))
        assert_ledger_works(engine, before)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_fixture_content_upgrades_on_postgresql_keeping_every_row(
        fixture_db: Path, empty_pg: DB, tmp_path: Path) -> None:
    source = make_engine(f"sqlite:///{fixture_db}")
    try:
        before = rows_of(source)
    finally:
        source.dispose()
    with empty_pg.engine.begin() as conn:  # a fresh schema at the fixture's revision, its rows in it
        load(conn, before)
    assert current_revision(empty_pg.engine) == before["revision"]
    done = upgrade(empty_pg.engine, tmp_path / "backups")
    assert done.after == head_revision()
    assert_nothing_lost(before, rows_of(empty_pg.engine))
    assert_ledger_works(empty_pg.engine, before)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_backs_up_first_and_a_failed_one_changes_nothing(
        backend: str, next_revision: bool, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(FIXTURES[-1], old)  # opening a SQLite file may change it (WAL): never the fixture itself
    gen = _make_db(backend, tmp_path, init=False)
    db = next(gen)
    try:
        source = make_engine(f"sqlite:///{old}")
        data = rows_of(source)
        source.dispose()
        with db.engine.begin() as conn:
            load(conn, data)
        from luoshi.ledger.storage.db import check_db

        with pytest.raises(LuoshiError, match=f"数据库版本 {data['revision']} 落后于程序（9901），请先运行 luoshi db upgrade"):
            check_db(db.engine)
        failing = next_revision
        if failing:
            with pytest.raises(Exception, match="no_such_function_here"):
                upgrade(db.engine, tmp_path / "backups")
            assert current_revision(db.engine) == data["revision"]  # the schema as it was
            after = rows_of(db.engine)
            assert_nothing_lost(data, after)
            assert set(after["tables"]) == set(data["tables"])  # no table of the failed step left behind
            assert "test_label" not in after["tables"]["targets"]["columns"]
            return
        done = upgrade(db.engine, tmp_path / "backups")
        assert (done.before, done.after) == (data["revision"], "9901")
        assert done.backup is not None and done.backup.name.startswith(f"luoshi-before-upgrade-{data['revision']}-")
        saved = read_backup(done.backup)
        assert saved["revision"] == data["revision"]
        assert_nothing_lost(data, saved)
        after = rows_of(db.engine)
        assert_nothing_lost(data, after)
        labels = {r[after["tables"]["targets"]["columns"].index("test_label")] for r in after["tables"]["targets"]["rows"]}
        assert labels == {"migrated"}
        # The backup taken before the upgrade restores (at its revision, then upgraded) into a new database.
        fresh = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
        try:
            restore(fresh, done.backup)
            assert current_revision(fresh) == "9901"
            assert_nothing_lost(data, rows_of(fresh))
        finally:
            fresh.dispose()
    finally:
        gen.close()


def test_a_database_of_a_newer_version_or_of_someone_else_is_refused(tmp_path: Path) -> None:
    newer = make_engine(f"sqlite:///{tmp_path / 'newer.db'}")
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        storage.init_db(newer)
        with newer.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(LuoshiError, match=r"比本程序.*新"):
            upgrade(newer, tmp_path)
        with pytest.raises(LuoshiError, match=r"比本程序.*新，请安装新版本"):
            storage.check_db(newer)
        with other.begin() as conn:
            conn.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
        with pytest.raises(LuoshiError, match="不是落实的数据库"):
            upgrade(other, tmp_path)
    finally:
        newer.dispose()
        other.dispose()
