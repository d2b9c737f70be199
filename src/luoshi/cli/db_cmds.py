"""`luoshi db`: create the database or bring it to the program's schema, after a verified backup."""

from __future__ import annotations

from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt

db_app = typer.Typer(help="数据库 / database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _upgrade(db: str | None, no_backup: bool) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from luoshi.config import get_settings
    from luoshi.errors import LuoshiError, Unavailable
    from luoshi.ledger.operations.upgrade import upgrade
    from luoshi.ledger.storage.db import make_engine, unreachable

    engine = make_engine(db)
    where = engine.url.render_as_string(hide_password=True)
    try:
        done = upgrade(engine, None if no_backup else get_settings().backup_dir)
    except SQLAlchemyError as e:  # unreachable, refused, or a migration step the database rejects
        err = unreachable(engine, e)
        if isinstance(err, Unavailable):
            raise err from e
        raise LuoshiError(f"数据库升级未完成，未做任何修改 / upgrade not done: {where}: "
                          f"{str(e).splitlines()[0]}") from e
    finally:
        engine.dispose()
    if done.before is None:
        typer.echo(f"已建立数据库（版本 {done.after}）/ database created: {where}")
    elif not done.changed:
        typer.echo(f"数据库已是最新版本 {done.after}，无需升级 / already up to date: {where}")
    else:
        if done.backup:
            typer.echo(f"升级前已备份并校验：{done.backup}（{done.rows} 行）/ backed up first")
        typer.echo(f"数据库已从版本 {done.before} 升级到 {done.after} / upgraded: {where}")


NoBackupOpt = Annotated[bool, typer.Option("--no-backup", help="升级前不备份（不建议）/ skip the backup")]


@db_app.command("upgrade")
def db_upgrade(db: DbOpt = None, no_backup: NoBackupOpt = False) -> None:
    """建立数据库，或把旧版本的数据库升级到本程序的版本：先完整备份（到配置的 backup_dir）并校验，再迁移。

    Create the database, or upgrade one made by an earlier version: a verified backup first (into the
    backup_dir setting), then the migrations in one transaction. Nothing to do when already current.

    Example: luoshi db upgrade --db luoshi.db
    """
    _upgrade(db, no_backup)


@db_app.command("init")
def db_init(db: DbOpt = None, no_backup: NoBackupOpt = False) -> None:
    """建立数据库（已有旧版本的数据库时同 luoshi db upgrade）/ Create the database (same as db upgrade).

    Example: luoshi db init --db luoshi.db
    """
    _upgrade(db, no_backup)
