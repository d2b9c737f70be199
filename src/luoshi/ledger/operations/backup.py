"""Backup and restore of the whole ledger to one file (gzip-compressed when the name ends in .gz).
A restore goes into a new, empty database and gives identical exports.

The file is one header line, then the data (JSON). The header carries the data's SHA-256 and, when a
backup key is configured (LUOSHI_BACKUP_KEY), an HMAC-SHA256 of it: a restore refuses a file whose
checksum does not match (damaged), and with a key configured also one that is unsigned or signed with
another key (altered). Sessions and log-in counters are not backed up: a restore starts with none.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, func, select, text

from luoshi.errors import InvalidInput, ReadError
from luoshi.files import replacing
from luoshi.ledger.storage.db import head_revision, init_db
from luoshi.ledger.storage.models import Base

FORMAT = "luoshi-backup"
VERSION = 2
# Not part of a backup: live sessions and log-in counters (a restore must not revive them), and the
# ledger's version counter (a restore moves it on instead).
SKIPPED = ("user_sessions", "login_throttle", "ledger_state")


@dataclass(frozen=True)
class Checked:
    """What a restore could verify about the file: `signed` (HMAC checked with the configured key)."""

    checksum: bool
    signed: bool


def _key(key: str | None) -> bytes | None:
    if key is None:
        from luoshi.config import get_settings

        key = get_settings().backup_key
    return key.encode("utf-8") if key else None


def _json_value(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def backup(engine: Engine, path: str | Path, *, key: str | None = None) -> dict[str, int]:
    """Write every table to `path`, with a checksum and (with a key, given or configured) an HMAC;
    returns rows per table."""
    path = Path(path)
    tables: dict[str, Any] = {}
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            cols = [c.name for c in table.columns]
            rows = [
                [_json_value(v) for v in row]
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            tables[table.name] = {"columns": cols, "rows": rows}
            counts[table.name] = len(rows)
    data = {"format": FORMAT, "version": VERSION, "revision": head_revision(), "tables": tables}
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    secret = _key(key)
    header = {"format": FORMAT, "version": VERSION, "sha256": hashlib.sha256(body).hexdigest(),
              "hmac_sha256": hmac.new(secret, body, hashlib.sha256).hexdigest() if secret else None}
    raw = json.dumps(header).encode("ascii") + b"\n" + body
    with replacing(path) as tmp:
        tmp.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)
    return counts


def _load(path: Path, key: str | None) -> tuple[dict[str, Any], Checked]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取备份文件 / cannot read backup: {e.strerror}", path=str(path)) from e
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        first, sep, body = raw.partition(b"\n")
        header = json.loads(first.decode("utf-8")) if sep else None
        if not isinstance(header, dict) or "sha256" not in header:
            header, body = None, raw  # a version 1 file: the data alone, no checksum
        data = json.loads(body.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ReadError(f"备份文件已损坏或不是 Luoshi 备份 / corrupt backup file: {e}", path=str(path)) from e
    checked = _verify(header, body, _key(key), path)
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise ReadError("不是 Luoshi 备份文件 / not a Luoshi backup file", path=str(path))
    if data.get("version") not in (1, VERSION):
        raise ReadError(
            f"不支持的备份版本 {data.get('version')} / unsupported backup version", path=str(path)
        )
    return data, checked


def _verify(header: dict[str, Any] | None, body: bytes, secret: bytes | None, path: Path) -> Checked:
    if header is None:
        if secret:
            raise ReadError("备份文件没有签名（旧格式或被改动），已设置 LUOSHI_BACKUP_KEY 时不予恢复", path=str(path))
        return Checked(checksum=False, signed=False)
    if not hmac.compare_digest(str(header.get("sha256")), hashlib.sha256(body).hexdigest()):
        raise ReadError("备份文件校验和不符：文件已损坏或被改动，未恢复任何数据", path=str(path))
    if not secret:
        return Checked(checksum=True, signed=False)
    mac = header.get("hmac_sha256")
    if not isinstance(mac, str):
        raise ReadError("备份文件没有签名，已设置 LUOSHI_BACKUP_KEY 时不予恢复", path=str(path))
    if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).hexdigest()):
        raise ReadError("备份文件签名不符：文件被改动，或是用另一个密钥签名的，未恢复任何数据", path=str(path))
    return Checked(checksum=True, signed=True)


def verify(path: str | Path, *, key: str | None = None) -> Checked:
    """Check a backup file's checksum (and signature, with a key) without restoring it."""
    return _load(Path(path), key)[1]


def restore(engine: Engine, path: str | Path, *, key: str | None = None) -> dict[str, int]:
    """Load a backup into an empty database (created or upgraded first), after checking its checksum
    and, with a key given or configured, its signature. All or nothing."""
    path = Path(path)
    data, _checked = _load(path, key)
    init_db(engine)
    with engine.connect() as conn:
        for name in ("reports", "targets", "users", "departments"):
            if conn.execute(select(func.count()).select_from(Base.metadata.tables[name])).scalar():
                raise InvalidInput("只能恢复到空数据库 / restore needs an empty database (use a new --db)")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            block = data["tables"].get(table.name)
            if block is None or table.name in SKIPPED:
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
        conn.execute(text("UPDATE ledger_state SET version = version + 1 WHERE id = 1"))
        if engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" not in table.c:
                    continue
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    return counts
