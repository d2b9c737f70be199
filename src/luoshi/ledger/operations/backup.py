"""Backup and restore of the whole ledger to one file (JSON, gzip-compressed when the name ends in .gz),
whatever the database (a SQLite backup restores into PostgreSQL and back) and whatever its revision (an
older backup is restored at its own revision, then upgraded). A restore goes into a new, empty
database and gives identical exports; it is all or nothing.

Scheduled backups (`luoshi backup` from its systemd timer) are named luoshi-YYYYmmdd-HHMMSS.json.gz in
one folder, each verified by restoring it into a scratch database before the oldest beyond `keep` are
removed; the backup taken before an upgrade (luoshi-before-upgrade-…) is never rotated away.

The file is one header line, then the data (JSON). The header carries the data's SHA-256 and, when a
backup key is configured (`backup_key`, LUOSHI_BACKUP_KEY), an HMAC-SHA256 of it: reading a backup
refuses a file whose checksum does not match (damaged), and with a key configured also one that is
unsigned or signed with another key (altered), before anything is written. Files of the first format
(the data alone) are still read when no key is configured.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from luoshi.errors import LuoshiError, ReadError
from luoshi.files import replacing
from luoshi.ledger.storage.db import make_engine, migrate, schema_transaction
from luoshi.ledger.storage.dump import check, counts, dump, load, snapshot

SCHEDULED = re.compile(r"luoshi-\d{8}-\d{6}\.json\.gz")


@dataclass(frozen=True)
class Checked:
    """What reading a backup could verify: its checksum, and its signature with the configured key."""

    checksum: bool
    signed: bool


def _key(key: str | None) -> bytes | None:
    if key is None:
        from luoshi.config import get_settings

        key = get_settings().backup_key
    return key.encode("utf-8") if key else None


def backup(engine: Engine, path: str | Path, *, key: str | None = None) -> dict[str, int]:
    """Write every table to `path` (through a temporary file) with a checksum and, with a key (given or
    configured), an HMAC; returns rows per table."""
    path = Path(path)
    with snapshot(engine) as conn:
        data = dump(conn)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    secret = _key(key)
    header = {"format": "luoshi-backup-signed", "sha256": hashlib.sha256(body).hexdigest(),
              "hmac_sha256": hmac.new(secret, body, hashlib.sha256).hexdigest() if secret else None}
    raw = json.dumps(header).encode("ascii") + b"\n" + body
    with replacing(path) as tmp:
        tmp.write_bytes(gzip.compress(raw, mtime=0) if path.name.endswith(".gz") else raw)
    return counts(data)


def read_backup(path: str | Path, *, key: str | None = None) -> dict[str, Any]:
    """The data of a backup file, after checking its checksum (and signature, with a key)."""
    return _read(Path(path), key)[0]


def check_file(path: str | Path, *, key: str | None = None) -> Checked:
    """What can be verified about a backup file's integrity (a damaged or altered file: ReadError)."""
    return _read(Path(path), key)[1]


def _read(path: Path, key: str | None) -> tuple[dict[str, Any], Checked]:
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
            header, body = None, raw  # the first format: the data alone, no checksum
        checked = _verify(header, body, _key(key), path)
        data = json.loads(body.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ReadError(f"备份文件已损坏或不是 Luoshi 备份 / corrupt backup file: {e}", path=str(path)) from e
    return check(data, str(path)), checked


def _verify(header: dict[str, Any] | None, body: bytes, secret: bytes | None, path: Path) -> Checked:
    if header is None:
        if secret:
            raise ReadError("备份文件没有签名（旧格式或被改动），已设置 backup_key 时不予恢复", path=str(path))
        return Checked(checksum=False, signed=False)
    if not hmac.compare_digest(str(header.get("sha256")), hashlib.sha256(body).hexdigest()):
        raise ReadError("备份文件校验和不符：文件已损坏或被改动，未恢复任何数据", path=str(path))
    if not secret:
        return Checked(checksum=True, signed=False)
    mac = header.get("hmac_sha256")
    if not isinstance(mac, str):
        raise ReadError("备份文件没有签名，已设置 backup_key 时不予恢复", path=str(path))
    if not hmac.compare_digest(mac, hmac.new(secret, body, hashlib.sha256).hexdigest()):
        raise ReadError("备份文件签名不符：文件被改动，或是用另一个密钥签名的，未恢复任何数据", path=str(path))
    return Checked(checksum=True, signed=True)


def restore(engine: Engine, path: str | Path, *, upgrade: bool = True, key: str | None = None) -> dict[str, int]:
    """Load a backup into an empty database (created at the backup's revision, then, with `upgrade`,
    upgraded to the latest), in one transaction, after checking the file's checksum and signature;
    rows per table."""
    data = read_backup(path, key=key)
    with schema_transaction(engine) as conn:
        loaded = load(conn, data, str(path))
        if upgrade:
            migrate(conn)
    return loaded


def verify(path: str | Path) -> dict[str, int]:
    """Restore `path` at its own revision into a scratch SQLite database and compare every table's row
    count with the file; rows per table, or a LuoshiError saying what does not match."""
    expected = counts(read_backup(path))
    with tempfile.TemporaryDirectory(prefix="luoshi-verify-") as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'verify.db'}")
        try:
            got = restore(engine, path, upgrade=False)
        except Exception as e:  # a row the database refuses is as bad as an unreadable file
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise LuoshiError(f"备份校验失败，无法完整恢复：{first} / backup does not restore") from e
        finally:
            engine.dispose()
    wrong = {t: (n, got.get(t, 0)) for t, n in expected.items() if got.get(t, 0) != n}
    if wrong:
        raise LuoshiError(f"备份校验失败，行数不符 {wrong} / backup verification failed")
    return got


def rotate(folder: Path, keep: int) -> list[Path]:
    """Remove the scheduled backups in `folder` beyond the newest `keep`; returns what was removed."""
    dated = sorted(p for p in folder.iterdir() if SCHEDULED.fullmatch(p.name))
    old = dated[:-keep] if keep > 0 else []
    for p in old:
        p.unlink()
    return old


@dataclass
class Scheduled:
    path: Path
    counts: dict[str, int]
    removed: list[Path] = field(default_factory=list)
    kept: int = 0


def scheduled_backup(engine: Engine, folder: Path, keep: int, *, now: datetime | None = None,
                     verify_it: bool = True) -> Scheduled:
    """A new dated backup in `folder`, verified, then the rotation. A backup that does not verify is
    removed and nothing else is: the older backups stay."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"luoshi-{(now or datetime.now()):%Y%m%d-%H%M%S}.json.gz"
    rows = backup(engine, path)
    if verify_it:
        try:
            verify(path)
        except LuoshiError:
            path.unlink(missing_ok=True)
            raise
    removed = rotate(folder, keep)
    kept = sum(1 for p in folder.iterdir() if SCHEDULED.fullmatch(p.name))
    return Scheduled(path, rows, removed, kept)
