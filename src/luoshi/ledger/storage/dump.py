"""Every row of a ledger database as plain data, and back: what backups, restores, the backup before an
upgrade and the copy of a database onto another engine (SQLite ↔ PostgreSQL) are made of.

The tables are reflected from the database itself, not taken from the models, so that a database at an
older revision dumps whole; `load` brings an empty database to the dump's revision first, so the rows
go into the tables they came from, and the caller migrates further (one transaction for both).

    data = dump(conn)                 # {"format", "version", "revision", "tables": {name: {columns, rows}}}
    load(other_conn, data)            # an empty database: migrated to data["revision"], rows inserted
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Engine, MetaData, Table, func, select, text

from luoshi.errors import InvalidInput, ReadError
from luoshi.ledger.storage.db import current_revision, head_revision, migrate

FORMAT = "luoshi-backup"
VERSION = 1
# The revision travels as data["revision"]. Live sessions and log-in counters are not data to keep (a
# restore must not revive a session); the ledger's version counter is moved on after a load instead.
SKIP = {"alembic_version", "user_sessions", "login_throttle", "ledger_state"}


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see the database at one moment, while the service keeps writing:
    REPEATABLE READ on PostgreSQL, one deferred transaction on SQLite (whose driver would otherwise run
    each SELECT in a transaction of its own)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            yield conn
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _tables(conn: Connection) -> list[Table]:
    meta = MetaData()
    meta.reflect(bind=conn)
    return [t for t in meta.sorted_tables if t.name not in SKIP]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def dump(conn: Connection) -> dict[str, Any]:
    """Every table's columns and rows (in primary-key order) and the database's revision."""
    tables: dict[str, Any] = {}
    for table in _tables(conn):
        order = list(table.primary_key.columns) or list(table.columns)
        rows = [[_plain(v) for v in row] for row in conn.execute(select(table).order_by(*order))]
        tables[table.name] = {"columns": [c.name for c in table.columns], "rows": rows}
    return {"format": FORMAT, "version": VERSION, "revision": current_revision(conn), "tables": tables}


def counts(data: dict[str, Any]) -> dict[str, int]:
    return {name: len(block["rows"]) for name, block in data["tables"].items()}


def check(data: Any, where: str) -> dict[str, Any]:
    """`data` if it has the shape of a dump, else a ReadError naming `where`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise ReadError("不是 Luoshi 备份文件 / not a Luoshi backup file", path=where)
    if data.get("version") != VERSION:
        raise ReadError(f"不支持的备份版本 {data.get('version')} / unsupported backup version", path=where)
    for name, block in data["tables"].items():
        if not isinstance(block, dict) or not isinstance(block.get("columns"), list) \
                or not isinstance(block.get("rows"), list):
            raise ReadError(f"备份中表 {name} 的格式有误 / malformed table", path=where)
    return data


def is_empty(conn: Connection) -> bool:
    """No row in any ledger table (a fresh database, or one just migrated)."""
    return all(not conn.execute(select(func.count()).select_from(t)).scalar() for t in _tables(conn))


def _converters(table: Table) -> dict[str, Any]:
    conv: dict[str, Any] = {}
    for c in table.columns:
        if isinstance(c.type, DateTime):
            conv[c.name] = datetime.fromisoformat
        elif isinstance(c.type, Date):
            conv[c.name] = date.fromisoformat
    return conv


def _rows(table: Table, block: dict[str, Any], where: str) -> list[dict[str, Any]]:
    cols = block["columns"]
    unknown = set(cols) - {c.name for c in table.columns}
    if unknown:
        raise ReadError(f"备份中表 {table.name} 有未知列 {sorted(unknown)} / unknown columns", path=where)
    conv = _converters(table)
    rows = []
    try:
        for raw in block["rows"]:
            row = dict(zip(cols, raw, strict=True))
            for k, f in conv.items():
                if row.get(k) is not None:
                    row[k] = f(row[k])
            rows.append(row)
    except (ValueError, TypeError) as e:
        raise ReadError(f"备份中表 {table.name} 的数据有误 / bad row: {e}", path=where) from e
    return rows


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    # Self-references (parent_id, supersedes_id) are set once every row of the table exists.
    selfref = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
    conn.execute(table.insert(), [{**r, **dict.fromkeys(selfref)} for r in rows])
    for k in selfref:
        for r in rows:
            if r.get(k) is not None:
                conn.execute(table.update().where(table.c.id == r["id"]).values({k: r[k]}))


def _move_version_on(conn: Connection) -> None:
    """Past every version the loaded audit events carry: no cached view can take the loaded ledger for
    one it has seen, and no event claims to be this version's change."""
    from sqlalchemy import inspect

    names = set(inspect(conn).get_table_names())
    if {"ledger_state", "audit_events"} <= names and "ledger_version" in {
            c["name"] for c in inspect(conn).get_columns("audit_events")}:
        conn.execute(text("UPDATE ledger_state SET version = "
                          "COALESCE((SELECT MAX(ledger_version) FROM audit_events), 0) + 1 WHERE id = 1"))


def load(conn: Connection, data: dict[str, Any], where: str = "") -> dict[str, int]:
    """Migrate the (empty) database of `conn` to the dump's revision and insert every row; rows per
    table. The caller owns the transaction: all or nothing."""
    if not is_empty(conn):
        raise InvalidInput("只能恢复到空数据库 / restore needs an empty database (use a new --db)")
    revision, current = data.get("revision") or head_revision(), current_revision(conn)
    if current is None:
        migrate(conn, revision)
    elif current != revision:
        raise InvalidInput(f"目标数据库已建为版本 {current}，备份是版本 {revision}：请恢复到一个全新的数据库 / "
                           "restore into a new database")
    tables = {t.name: t for t in _tables(conn)}
    unknown = set(data["tables"]) - set(tables)
    if unknown:
        raise ReadError(f"备份中有本版本没有的表 {sorted(unknown)} / unknown tables", path=where)
    loaded: dict[str, int] = {}
    for name, table in tables.items():
        block = data["tables"].get(name)
        rows = _rows(table, block, where) if block else []
        if rows:
            _insert(conn, table, rows)
        loaded[name] = len(rows)
    _move_version_on(conn)
    if conn.dialect.name == "postgresql":  # new rows continue after the loaded ids
        for name, table in tables.items():
            if "id" in table.c:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))
    return loaded
