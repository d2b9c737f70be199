"""`luoshi backup` and `luoshi restore`: the whole database to one file and back into a new one. Without
a file name, `luoshi backup` is the scheduled backup: dated, verified, rotated."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, ledger_session


def _summary(counts: dict[str, int]) -> str:
    return (f"目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条，"
            f"审计记录 {counts.get('audit_events', 0)} 条")


def _signed() -> str:
    from luoshi.config import get_settings

    return "已用 backup_key 签名" if get_settings().backup_key else "带 SHA-256 校验和（未设置 backup_key，未签名）"


def _audit(db: str | None, path: Path) -> None:
    """A backup copies every row out of the database: an audit event with the operator."""
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        service.record(s, actor=actor, action="export", entity="database", entity_id=None, note=f"备份到 {path}")


@app.command("backup")
def backup_cli(
    file: Annotated[Path | None, typer.Argument(
        help="备份文件（.json 或 .json.gz）；不填则在 backup_dir 中按日期命名并轮换 / backup file")] = None,
    keep: Annotated[int | None, typer.Option(
        "--keep", min=1, help="轮换时保留的份数，默认取配置 backup_keep（14）/ backups to keep")] = None,
    no_verify: Annotated[bool, typer.Option("--no-verify", help="不校验（不建议）/ skip verification")] = False,
    db: DbOpt = None,
) -> None:
    """把整个数据库备份到一个文件，并恢复到临时数据库中核对，确认可以完整恢复。

    Back up the whole database to one file and verify it by restoring it into a scratch database. With
    no file, the backup goes into the backup_dir setting as luoshi-YYYYmmdd-HHMMSS.json.gz and only the
    newest --keep of those are kept (run daily by luoshi-backup.timer).

    Example: luoshi backup luoshi-2024-06-30.json.gz
    """
    from luoshi.config import get_settings
    from luoshi.ledger.operations.backup import backup, scheduled_backup, verify
    from luoshi.ledger.storage.db import open_db

    engine, _ = open_db(db)
    try:
        if file is not None:
            counts = backup(engine, file)
            if not no_verify:
                verify(file)
            _audit(db, file)
            typer.echo(f"已备份到 {file}：{_summary(counts)}" + ("" if no_verify else "；已校验") + f"；{_signed()}")
            return
        settings = get_settings()
        done = scheduled_backup(engine, settings.backup_dir, keep or settings.backup_keep, verify_it=not no_verify)
    finally:
        engine.dispose()
    _audit(db, done.path)
    typer.echo(f"已备份到 {done.path}：{_summary(done.counts)}" + ("" if no_verify else "；已校验")
               + f"；{_signed()}；删除过期备份 {len(done.removed)} 份，现有 {done.kept} 份")


@app.command("restore")
def restore_cli(
    file: Annotated[Path, typer.Argument(help="备份文件 / backup file")],
    db: DbOpt = None,
) -> None:
    """从备份文件恢复到一个新的（空）数据库；旧版本的备份恢复后自动升级到当前版本。

    Restore a backup into a new, empty database (SQLite or PostgreSQL, whichever made it); a backup of
    an earlier version is upgraded on the way.

    Example: luoshi restore luoshi-2024-06-30.json.gz --db restored.db
    """
    from luoshi.errors import LuoshiError, Unavailable
    from luoshi.ledger.operations.backup import check_file, restore
    from luoshi.ledger.storage.db import make_engine, unreachable

    checked = check_file(file)  # a damaged, altered or (with a key) unsigned file: one line, nothing written
    engine = make_engine(db)
    try:
        counts = restore(engine, file)
    except LuoshiError:
        raise
    except Exception as e:  # the database refused a row or cannot be reached: nothing was written
        err = unreachable(engine, e)
        if not isinstance(err, Unavailable):
            err = LuoshiError(f"恢复失败，未做任何修改 / restore failed: {str(e).splitlines()[0]}")
        raise err from e
    finally:
        engine.dispose()
    how = "签名和校验和均已核对" if checked.signed else ("校验和已核对" if checked.checksum else "旧格式备份，无校验和")
    typer.echo(f"已恢复：{_summary(counts)}（{how}）")
