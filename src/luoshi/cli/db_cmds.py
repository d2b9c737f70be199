"""`luoshi db`: create the database or upgrade it to the latest migration."""

from __future__ import annotations

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt

db_app = typer.Typer(help="数据库 / database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("init")
def db_init(db: DbOpt = None) -> None:
    """建立或升级数据库 / Create the tables, or upgrade them to the latest migration.

    Example: luoshi db init --db luoshi.db
    """
    from luoshi.ledger.storage.db import open_db, resolve_url

    engine, _ = open_db(db, init=True)
    engine.dispose()
    typer.echo(f"数据库已就绪 / database ready: {resolve_url(db)}")
