"""`luoshi db upgrade`: bring a database to the program's schema, after a verified backup.

A new (empty) database is created; one at the latest revision is left alone; one made by an earlier
version is first backed up whole into the backup folder (luoshi-before-upgrade-<revision>-<time>.json.gz,
restored once into a scratch database to prove it), then migrated in one transaction, so on PostgreSQL
a failed step leaves the schema as it was. A database written by a newer version, or one that is not
Luoshi's, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect

from luoshi.errors import LuoshiError
from luoshi.ledger.operations.backup import backup, verify
from luoshi.ledger.storage.db import (
    current_revision,
    head_revision,
    known_revisions,
    migrate,
    schema_transaction,
)


@dataclass(frozen=True)
class Upgrade:
    before: str | None  # None: the database was new
    after: str
    backup: Path | None = None
    rows: int = 0  # rows in the backup

    @property
    def changed(self) -> bool:
        return self.before != self.after


def upgrade(engine: Engine, backup_dir: Path | None, *, now: datetime | None = None) -> Upgrade:
    """Create or upgrade the database of `engine`; `backup_dir=None` skips the backup (not advised)."""
    head = head_revision()
    names = set(inspect(engine).get_table_names())
    before = current_revision(engine) if "alembic_version" in names else None
    if before is None and names - {"alembic_version"}:
        raise LuoshiError(f"数据库中已有其他表，不是落实的数据库 / not a Luoshi database: {sorted(names)[:5]}")
    if before == head:
        return Upgrade(before, head)
    if before is not None and before not in known_revisions():
        raise LuoshiError(f"数据库版本 {before} 比本程序（{head}）新，请安装新版本的落实 / database is newer")
    saved, rows = None, 0
    if before is not None and backup_dir is not None:
        backup_dir.mkdir(parents=True, exist_ok=True)
        saved = backup_dir / f"luoshi-before-upgrade-{before}-{(now or datetime.now()):%Y%m%d-%H%M%S}.json.gz"
        rows = sum(backup(engine, saved).values())
        verify(saved)
    with schema_transaction(engine) as conn:
        migrate(conn)
    return Upgrade(before, current_revision(engine) or head, saved, rows)
