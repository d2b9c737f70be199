"""Backup and restore of the whole ledger to one file (JSON, gzip-compressed when the name ends in .gz),
whatever the database (a SQLite backup restores into PostgreSQL and back) and whatever its revision (an
older backup is restored at its own revision, then upgraded). A restore goes into a new, empty
database and gives identical exports; it is all or nothing.

Scheduled backups (`luoshi backup` from its systemd timer) are named luoshi-YYYYmmdd-HHMMSS.json.gz in
one folder, each verified by restoring it into a scratch database before the oldest beyond `keep` are
removed; the backup taken before an upgrade (luoshi-before-upgrade-…) is never rotated away.
"""

from __future__ import annotations

import gzip
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


def backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Write every table to `path` (through a temporary file); returns rows per table."""
    path = Path(path)
    with snapshot(engine) as conn:
        data = dump(conn)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with replacing(path) as tmp:
        tmp.write_bytes(gzip.compress(raw, mtime=0) if path.name.endswith(".gz") else raw)
    return counts(data)


def read_backup(path: str | Path) -> dict[str, Any]:
    path = Path(path)
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
    return check(data, str(path))


def restore(engine: Engine, path: str | Path, *, upgrade: bool = True) -> dict[str, int]:
    """Load a backup into an empty database (created at the backup's revision, then, with `upgrade`,
    upgraded to the latest), in one transaction; rows per table."""
    data = read_backup(path)
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
