"""Backup of the whole database to one file and restore into a new one: identical exports, on SQLite
and PostgreSQL (and across them); corrupt or foreign files refused; audit events of an import."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ledger_cases import DB, _make_db
from sqlalchemy import func, select

from luoshi.errors import InvalidInput, ReadError
from luoshi.export import xlsx_rows
from luoshi.ledger import service
from luoshi.ledger.operations.backup import backup, restore
from luoshi.ledger.storage.models import AuditEvent, Target

DAY = date(2024, 7, 5)


def _fill(s: Any, admin: Any) -> None:
    quant = s.scalars(select(Target).where(Target.type == "quantified").order_by(Target.id)).all()
    service.add_progress(s, target=quant[0], period="2024-Q2", value=5.8, note="上半年", reporter=admin)
    pr = service.add_progress(s, target=quant[2], period="2024-Q2", value=9, reporter=admin, accept=False)
    service.review_progress(s, progress=pr, accept=False, comment="请补充", actor=admin)
    service.override_status(s, target=quant[3], status="达进度", reason="已核实", actor=admin)
    service.withdraw_target(s, target=quant[1], reason="重复", actor=admin)
    service.add_subtask(s, parent=quant[4], text="一季度完成选址", deadline=date(2024, 3, 31), actor=admin)
    s.commit()


def _snapshot(s: Any) -> Any:
    rows = [r.to_dict() for r in service.ledger_rows(s, as_of=DAY, include_withdrawn=True)]
    hist = [(e.action, e.entity, e.entity_id, e.before, e.after) for e in service.history(s, limit=None)]
    return xlsx_rows(s, as_of=DAY), rows, hist


@pytest.mark.parametrize("gz", [True, False])
def test_backup_restore_identical(loaded: tuple[DB, Any, Any], tmp_path: Path, gz: bool) -> None:
    db, s, admin = loaded
    _fill(s, admin)
    before = _snapshot(s)
    f = tmp_path / ("b.json.gz" if gz else "b.json")
    counts = backup(db.engine, f)
    assert counts["targets"] == s.scalar(select(func.count()).select_from(Target))
    assert (f.read_bytes()[:2] == b"\x1f\x8b") == gz
    # Restore into a new SQLite database, whichever backend the original was on.
    (tmp_path / "r").mkdir()
    for target in _make_db("sqlite", tmp_path / "r"):
        restore(target.engine, f)
        with target.session() as r:
            assert _snapshot(r) == before
            # New rows continue after the restored ids.
            t = service.add_subtask(r, parent=r.scalars(select(Target).where(Target.type == "quantified")).first(),
                                    text="新增子任务", actor=service.system_user(r))
            assert t.id > max(x["id"] for x in before[1])
        with pytest.raises(InvalidInput):
            restore(target.engine, f)  # not empty any more


def test_restore_into_postgresql(loaded: tuple[DB, Any, Any], tmp_path: Path) -> None:
    db, s, admin = loaded
    _fill(s, admin)
    before = _snapshot(s)
    f = tmp_path / "b.json.gz"
    backup(db.engine, f)
    for target in _make_db("postgresql", tmp_path / "pg"):
        restore(target.engine, f)
        with target.session() as r:
            assert _snapshot(r) == before
            t = service.add_subtask(r, parent=r.scalars(select(Target).where(Target.type == "quantified")).first(),
                                    text="新增子任务", actor=service.system_user(r))
            r.commit()
            assert t.id > max(x["id"] for x in before[1])


@pytest.mark.parametrize("content", [b"", b"not json", gzip.compress(b"{broken", mtime=0), b'{"format": "luoshi-backup", "version": 99, "tables": {}}',
                                     b'{"format": "luoshi-backup", "version": 1, "tables": {"targets": {"columns": ["nope"], "rows": [[1]]}}}'])
def test_corrupt_backup_refused_nothing_written(sqlite_db: DB, tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    with pytest.raises(ReadError):
        restore(sqlite_db.engine, f)
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Target)) == 0


def test_import_is_audited(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, _admin = loaded
    n_targets = s.scalar(select(func.count()).select_from(Target))
    creates = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity == "target",
                                                                          AuditEvent.action == "create"))
    assert creates == n_targets
    ev = service.history(s, entity="report", action="import")[0]
    assert ev.actor_name == "system" and ev.after["year"] == 2024 and "text" not in ev.after
    assert len(service.history(s, action="suggest", limit=None)) == n_targets


def test_scheduled_backups_are_verified_and_rotated(loaded: tuple[DB, Any, Any], tmp_path: Path) -> None:
    from datetime import datetime

    from luoshi.ledger.operations.backup import scheduled_backup

    db, s, admin = loaded
    _fill(s, admin)
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "luoshi-before-upgrade-0001-20240101-010101.json.gz").write_bytes(b"kept whatever happens")
    (folder / "notes.txt").write_text("not ours")
    made = [scheduled_backup(db.engine, folder, 2, now=datetime(2024, 7, d, 2, 30)) for d in (1, 2, 3)]
    assert [m.path.name for m in made] == [f"luoshi-2024070{d}-023000.json.gz" for d in (1, 2, 3)]
    assert made[-1].removed == [made[0].path] and made[-1].kept == 2
    assert made[-1].counts["targets"] == s.scalar(select(func.count()).select_from(Target))
    assert sorted(p.name for p in folder.iterdir()) == [
        "luoshi-20240702-023000.json.gz", "luoshi-20240703-023000.json.gz",
        "luoshi-before-upgrade-0001-20240101-010101.json.gz", "notes.txt"]


def test_a_backup_that_does_not_restore_fails_and_removes_nothing_old(
        sqlite_db: DB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    from datetime import datetime

    from luoshi.errors import LuoshiError
    from luoshi.ledger.operations import backup as ops
    from luoshi.ledger.operations.backup import scheduled_backup, verify

    folder = tmp_path / "b"
    first = scheduled_backup(sqlite_db.engine, folder, 1, now=datetime(2024, 7, 1))
    # A progress report pointing at no target: the file reads, but no database takes it.
    data = json.loads(gzip.decompress(first.path.read_bytes()).split(b"\n", 1)[1])  # after the checksum line
    block = data["tables"]["progress_reports"]
    row = dict.fromkeys(block["columns"])
    row.update(id=1, target_id=999, period="2024-Q2", period_end="2024-06-30", note="", source="department",
               reported_at="2024-07-01T00:00:00", review_state="pending")
    block["rows"].append([row[c] for c in block["columns"]])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LuoshiError, match="备份校验失败"):
        verify(bad)

    def broken(path: Path) -> dict[str, int]:
        return verify(bad)

    monkeypatch.setattr(ops, "verify", broken)
    with pytest.raises(LuoshiError, match="备份校验失败"):
        scheduled_backup(sqlite_db.engine, folder, 1, now=datetime(2024, 7, 2))
    assert [p.name for p in folder.iterdir()] == [first.path.name]  # the bad one gone, the good one kept


def test_backup_of_a_live_database_is_one_moment(sqlite_db: DB, tmp_path: Path) -> None:
    """Rows written while a backup reads do not half-appear in it (one snapshot for every table)."""
    from luoshi.ledger.storage.dump import dump, snapshot

    with sqlite_db.session() as s:
        service.system_user(s)
        s.commit()
    with snapshot(sqlite_db.engine) as conn:
        users = dump(conn)["tables"]["users"]["rows"]
        with sqlite_db.session() as s:
            service.create_user(s, username="late", password="Evening-desk-2024", role="viewer",
                                actor=service.system_user(s))
            s.commit()
        assert dump(conn)["tables"]["users"]["rows"] == users
