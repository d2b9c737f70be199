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


@dept_app.command("merge")
def dept_merge(
    source: Annotated[str, typer.Argument(help="并入的部门（编号或名称）")],
    into: Annotated[str, typer.Argument(help="保留的部门（编号或名称）")],
    db: DbOpt = None,
) -> None:
    """把重复的部门并入另一个：分工、报送、账户随之转移，原名称保留为别名。

    Example: luoshi dept merge 发改局 发展和改革委员会
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        r = service.merge_departments(s, source=source, into=into, actor=actor)
        typer.echo(f"已将“{r.source.name}”并入“{r.into.name}”：分工 {r.assignments} 条、报送 {r.progress} 条、"
                   f"账户 {r.users} 个已转移")


@dept_app.command("rename")
def dept_rename(
    department: Annotated[str, typer.Argument(help="部门（编号或名称）")],
    name: Annotated[str, typer.Argument(help="新名称")],
    db: DbOpt = None,
) -> None:
    """部门改名，原名称保留为别名。

    Example: luoshi dept rename 教育局 教育体育局
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        d = service.rename_department(s, department=department, name=name, actor=actor)
        typer.echo(f"已改名为“{d.name}”")


@dept_app.command("alias")
def dept_alias(
    department: Annotated[str, typer.Argument(help="部门（编号或名称）")],
    aliases: Annotated[list[str] | None, typer.Argument(help="别名（不给则清空）")] = None,
    db: DbOpt = None,
) -> None:
    """设置部门的别名（导入和分工建议按别名找到该部门）。

    Example: luoshi dept alias 发展和改革局 发改委 发改局
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        names = service.set_aliases(s, department=department, aliases=list(aliases or []), actor=actor)
        typer.echo(f"别名：{'、'.join(names) or '无'}")


@dept_app.command("disable")
def dept_disable(
    department: Annotated[str, typer.Argument(help="部门（编号或名称）")],
    enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False,
    db: DbOpt = None,
) -> None:
    """停用部门（不再分配新的目标任务，已有分工和记录保留）；--enable 重新启用。

    Example: luoshi dept disable 文明办
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        d = service.set_department_active(s, department=department, active=enable, actor=actor)
        typer.echo(f"已{'启用' if d.active else '停用'}部门“{d.name}”")
