"""`luoshi backup` and `luoshi restore`: the whole database to one file and back into a new one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, ledger_session


@app.command("backup")
def backup_cli(
    file: Annotated[Path, typer.Argument(help="备份文件（.json 或 .json.gz）/ backup file")],
    db: DbOpt = None,
) -> None:
    """把整个数据库备份到一个文件 / Back up the whole database to one file.

    Example: luoshi backup luoshi-2024-06-30.json.gz
    """
    from luoshi.config import get_settings
    from luoshi.ledger import service
    from luoshi.ledger.operations.backup import backup
    from luoshi.ledger.storage.db import open_db

    engine, _ = open_db(db)
    try:
        counts = backup(engine, file)
    finally:
        engine.dispose()
    signed = bool(get_settings().backup_key)
    with ledger_session(db) as (s, actor):
        service.record(s, actor=actor, action="export", entity="database", entity_id=None,
                       note=f"备份到 {file}（{'已签名' if signed else '未签名'}）")
    typer.echo(
        f"已备份到 {file}：目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条，"
        f"审计记录 {counts.get('audit_events', 0)} 条；"
        + ("已用 LUOSHI_BACKUP_KEY 签名" if signed else "带 SHA-256 校验和（未设置 LUOSHI_BACKUP_KEY，未签名）")
    )


@app.command("restore")
def restore_cli(
    file: Annotated[Path, typer.Argument(help="备份文件 / backup file")],
    db: DbOpt = None,
) -> None:
    """从备份文件恢复到一个新的（空）数据库 / Restore a backup into a new, empty database.

    Example: luoshi restore luoshi-2024-06-30.json.gz --db restored.db
    """
    from luoshi.errors import LuoshiError
    from luoshi.ledger.operations.backup import restore, verify
    from luoshi.ledger.storage.db import make_engine

    checked = verify(file)  # a damaged, altered or (with a key) unsigned file: one line, nothing written
    engine = make_engine(db)
    try:
        counts = restore(engine, file)
    except LuoshiError:
        raise
    except Exception as e:
        raise LuoshiError(f"恢复失败 / restore failed: {str(e).splitlines()[0]}") from e
    finally:
        engine.dispose()
    how = "签名和校验和均已核对" if checked.signed else ("校验和已核对" if checked.checksum else "旧格式备份，无校验和")
    typer.echo(f"已恢复：目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条（{how}）")
