"""What the ledger's commands share: the --db / --as-of / --report options, dates, one transaction per
command acting as the `system` account, and rows printed as a table, JSON lines or CSV. A database
error becomes one line (`luoshi: error: ...`, exit 2) like any LuoshiError, never a traceback.

The audit trail names the person, not `system`: `luoshi --operator 张三 …` (or LUOSHI_OPERATOR), else
the operating-system user; the address of CLI events is `cli@<host>`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

import typer

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径 / database URL or SQLite file")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="截至日期 YYYY-MM-DD，默认取设置或台账固定的截至日期，否则今天 / as-of date")
]
ReportOpt = Annotated[
    int | None, typer.Option("--report", help="报告编号，默认最新 / report id, default the latest")
]


OPERATOR: dict[str, str | None] = {"name": None}  # set by `luoshi --operator` (cli/__init__.py)


def operator() -> str:
    """Who is at the command line: --operator, else the operating-system user."""
    if OPERATOR["name"]:
        return str(OPERATOR["name"])
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name to be found (a container without one)
        return "unknown"


def mark_origin(session: Any) -> None:
    """Make the audit events of this session name the operator and come from `cli@<host>`."""
    import socket

    session.info["operator"] = f"{operator()}（命令行）"
    session.info["address"] = f"cli@{socket.gethostname()}"


def parse_date(text: str | None, what: str = "--as-of") -> date | None:
    from luoshi.errors import InvalidInput

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{what} 须为 YYYY-MM-DD 格式的日期 / {what} must be a date YYYY-MM-DD: {text!r}"
        ) from None


def as_of_date(text: str | None, session: Any = None) -> date:
    """--as-of, else (with the ledger's session) the settings' or the ledger's pinned date, else today."""
    from luoshi.ledger.operations.context import as_of_default
    from luoshi.ledger.service import today

    return parse_date(text) or (as_of_default(session) if session is not None else today())


@contextmanager
def ledger_session(db: str | None, *, init: bool = False) -> Iterator[tuple[Any, Any]]:
    """(session, acting user) in one transaction: committed on success, rolled back on any error."""
    from sqlalchemy.exc import SQLAlchemyError

    from luoshi.errors import LuoshiError
    from luoshi.ledger.service import system_user
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(db, init=init)
    try:
        with transaction(factory) as session:
            mark_origin(session)
            yield session, system_user(session)
    except (
        SQLAlchemyError
    ) as e:  # a conflict with a concurrent writer, a lost connection: one line, no traceback
        raise LuoshiError(
            f"数据库错误，未做任何修改 / database error, nothing written: {str(e).splitlines()[0]}"
        ) from e
    finally:
        engine.dispose()


def emit_rows(
    rows: list[dict[str, Any]], columns: list[str], fmt: str, headers: list[str] | None = None
) -> None:
    from luoshi.errors import InvalidInput

    if fmt == "json":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import sys

        from luoshi.export.csv import write_csv

        write_csv(sys.stdout, rows, columns, headers or columns)
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for h in headers or columns:
            table.add_column(h, overflow="fold")
        for r in rows:
            table.add_row(
                *[
                    "、".join(v) if isinstance(v, list) else ("" if r[c] is None else str(v))
                    for c, v in ((c, r[c]) for c in columns)
                ]
            )
        Console(width=200).print(table)
    else:
        raise InvalidInput(f"--format 须为 table、json 或 csv / unknown format {fmt!r}")
