"""Departments (`luoshi dept`) and a region's own keyword rules for suggesting them (`luoshi rules`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, emit_rows, ledger_session

rules_app = typer.Typer(help="部门分工关键词规则 / department keyword rules.", no_args_is_help=True)
dept_app = typer.Typer(help="部门 / departments.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(dept_app, name="dept")


@rules_app.command("load")
def rules_load(
    path: Annotated[Path, typer.Argument(help="YAML 规则文件（格式同 ledger/data/departments.yaml）")],
    region: Annotated[str, typer.Option("--region", help="地区 / region")],
    db: DbOpt = None,
) -> None:
    """载入本地区的部门分工关键词规则（优先于内置规则）/ Load a region's own keyword rules.

    Example: luoshi rules load src/luoshi/ledger/data/departments.yaml --region 黔南州
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules.suggest import load_rules_file

    rules = load_rules_file(path)
    with ledger_session(db, init=True) as (s, actor):
        reg = service.get_or_create_region(s, name=region, actor=actor)
        n = service.set_department_rules(s, region=reg, rules=rules, actor=actor)
    typer.echo(f"已载入 {region} 的 {n} 条规则")


@dept_app.command("list")
def dept_list(
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    db: DbOpt = None,
) -> None:
    """列出部门 / List departments.

    Example: luoshi dept list --format csv
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, _actor):
        rows = [{"id": d.id, "name": d.name, "short_name": d.short_name} for d in service.list_departments(s)]
    emit_rows(rows, ["id", "name", "short_name"], fmt, ["编号", "名称", "简称"] if fmt != "json" else None)


@dept_app.command("add")
def dept_add(
    name: Annotated[str, typer.Argument(help="部门全称 / full name")],
    short_name: Annotated[str, typer.Option("--short", help="简称 / short name")] = "",
    db: DbOpt = None,
) -> None:
    """新增部门 / Add a department.

    Example: luoshi dept add 黔南州教育局 --short 州教育局
    """
    from luoshi.ledger import service

    with ledger_session(db, init=True) as (s, actor):
        d = service.create_department(s, name=name, short_name=short_name, actor=actor)
        typer.echo(f"已新增部门 #{d.id} {d.name}")
