"""Backup and restore of the whole ledger to one file (JSON, gzip-compressed when the name ends in .gz).
A restore goes into a new, empty database and gives identical exports."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, func, select, text

from luoshi.errors import InvalidInput, ReadError
from luoshi.files import replacing
from luoshi.ledger.storage.db import head_revision, init_db
from luoshi.ledger.storage.models import Base

FORMAT = "luoshi-backup"
VERSION = 1


def _json_value(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every table to `path`; returns rows per table."""
    path = Path(path)
    tables: dict[str, Any] = {}
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = [c.name for c in table.columns]
            rows = [
                [_json_value(v) for v in row]
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            tables[table.name] = {"columns": cols, "rows": rows}
            counts[table.name] = len(rows)
    data = {"format": FORMAT, "version": VERSION, "revision": head_revision(), "tables": tables}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with replacing(path) as tmp:
        tmp.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)
    return counts


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取备份文件 / cannot read backup: {e.strerror}", path=str(path)) from e
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ReadError(f"备份文件已损坏或不是 Luoshi 备份 / corrupt backup file: {e}", path=str(path)) from e
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise ReadError("不是 Luoshi 备份文件 / not a Luoshi backup file", path=str(path))
    if data.get("version") != VERSION:
        raise ReadError(
            f"不支持的备份版本 {data.get('version')} / unsupported backup version", path=str(path)
        )
    return data


def restore(engine: Engine, path: str | Path) -> dict[str, int]:
    """Load a backup into an empty database (created or upgraded first). All or nothing."""
    path = Path(path)
    data = _load(path)
    init_db(engine)
    with engine.connect() as conn:
        for name in ("reports", "targets", "users", "departments"):
            if conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar():
                raise InvalidInput("只能恢复到空数据库 / restore needs an empty database (use a new --db)")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            block = data["tables"].get(table.name)
            if block is None:
                continue
            cols = block["columns"]
            unknown = set(cols) - {c.name for c in table.columns}
            if unknown:
                raise ReadError(
                    f"备份中表 {table.name} 有未知列 {sorted(unknown)} / unknown columns", path=str(path)
                )
            conv: dict[str, Any] = {}
            for c in table.columns:
                if isinstance(c.type, DateTime):
                    conv[c.name] = datetime.fromisoformat
                elif isinstance(c.type, Date):
                    conv[c.name] = date.fromisoformat
            # Self-references (parent_id, supersedes_id) are set after every row of the table exists.
            selfref = [
                c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)
            ]
            rows = []
            try:
                for raw in block["rows"]:
                    row = dict(zip(cols, raw, strict=True))
                    for k, f in conv.items():
                        if row.get(k) is not None:
                            row[k] = f(row[k])
                    rows.append(row)
            except (ValueError, TypeError) as e:
                raise ReadError(f"备份中表 {table.name} 的数据有误 / bad row: {e}", path=str(path)) from e
            if rows:
                conn.execute(table.insert(), [{**r, **{k: None for k in selfref}} for r in rows])
                for k in selfref:
                    pk = table.c.id
                    for r in rows:
                        if r.get(k) is not None:
                            conn.execute(table.update().where(pk == r["id"]).values({k: r[k]}))
            counts[table.name] = len(rows)
        if engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    return counts
