"""`luoshi backup` and `luoshi restore`: the whole database to one file and back into a new one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt


@app.command("backup")
def backup_cli(
    file: Annotated[Path, typer.Argument(help="备份文件（.json 或 .json.gz）/ backup file")],
    db: DbOpt = None,
) -> None:
    """把整个数据库备份到一个文件 / Back up the whole database to one file.

    Example: luoshi backup luoshi-2024-06-30.json.gz
    """
    from luoshi.ledger.operations.backup import backup
    from luoshi.ledger.storage.db import open_db

    engine, _ = open_db(db)
    try:
        counts = backup(engine, file)
    finally:
        engine.dispose()
    typer.echo(
        f"已备份到 {file}：目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条，"
        f"审计记录 {counts.get('audit_events', 0)} 条"
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
    from luoshi.ledger.operations.backup import restore
    from luoshi.ledger.storage.db import make_engine

    engine = make_engine(db)
    try:
        counts = restore(engine, file)
    except LuoshiError:
        raise
    except Exception as e:
        raise LuoshiError(f"恢复失败 / restore failed: {str(e).splitlines()[0]}") from e
    finally:
        engine.dispose()
    typer.echo(f"已恢复：目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条")
