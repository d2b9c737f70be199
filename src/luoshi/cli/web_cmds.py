"""`luoshi serve`, `luoshi user add`, `luoshi demo`: the web face's commands.

Each is a thin shell over one call (create_app + uvicorn, store.create_user, demo.setup); heavy
imports happen inside the functions so that other commands start fast.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from luoshi.cli import app

user_app = typer.Typer(help="账户管理 / user accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")

DbOpt = Annotated[str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径 / database URL or SQLite path")]


def _url(db: str | None) -> str:
    from luoshi.ledger.storage.db import resolve_url

    return resolve_url(db)


def _serve(url: str, host: str, port: int, today: object = None) -> None:
    import uvicorn

    from luoshi.web.app import create_app
    from luoshi.web.settings import web_settings

    overrides: dict[str, object] = {"database_url": url}
    if today is not None:
        overrides["today"] = today
    web = create_app(web_settings(None, **overrides))
    if not os.environ.get("LUOSHI_SECRET_KEY"):
        typer.echo("提示：未设置 LUOSHI_SECRET_KEY，重启后需重新登录 / note: no LUOSHI_SECRET_KEY, sessions end on restart")
    typer.echo(f"落实 Luoshi 已启动 / serving: http://{host}:{port}/  （Ctrl+C 退出）")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
    db: DbOpt = None,
) -> None:
    """启动网页应用 / Serve the web application.

    Example: luoshi serve --port 8000 --db luoshi.db
    """
    _serve(_url(db), host, port)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="用户名 / user name")],
    role: Annotated[str, typer.Option("--role", help="admin | department | viewer")],
    department: Annotated[str | None, typer.Option("--department", help="部门名称（department 角色必填）")] = None,
    password: Annotated[str | None, typer.Option("--password", help="不填则随机生成并显示一次 / random if omitted")] = None,
    display_name: Annotated[str, typer.Option("--name", help="显示名称 / display name")] = "",
    db: DbOpt = None,
) -> None:
    """新建账户 / Add a user account.

    Example: luoshi user add zhangsan --role department --department 教育局
    """
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.web import store

    engine, factory = open_db(_url(db))
    try:
        with transaction(factory) as session:
            pw = store.create_user(session, username, role, department=department, password=password,
                                   display_name=display_name)
    finally:
        engine.dispose()
    typer.echo(f"已创建用户 / created user: {username} ({role}{' · ' + department if department else ''})")
    if password is None:
        typer.echo(f"初始密码（只显示这一次）/ password (shown once): {pw}")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
    db: DbOpt = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只准备数据，不启动 / set up only")] = False,
) -> None:
    """准备演示：建库、导入参考报告、演示部门与管理员，然后启动 / Set up the demo and serve it.

    Example: luoshi demo --port 8000
    """
    from luoshi.web.demo import setup

    url = _url(db)
    info = setup(url)
    typer.echo(f"数据库 / database: {url}")
    typer.echo(f"已导入 / imported: {info['report']}（{info['targets']} 项目标任务）")
    typer.echo(f"演示部门 / departments: {info['departments']} 个")
    if info.get("demo_progress"):
        typer.echo(f"演示进展 / demo progress: {info['demo_progress']} 条（随机生成，注明“演示数据” / generated, marked as demo data）")
    if info.get("password"):
        typer.echo(f"管理员 / admin: {info['username']}  密码（只显示这一次）/ password (shown once): {info['password']}")
    else:
        typer.echo(f"管理员 / admin: {info['username']}（已存在，密码不变 / exists, password unchanged）")
    if info.get("demo_today") and not os.environ.get("LUOSHI_TODAY"):
        typer.echo(f"演示日期 / demo date: {info['demo_today']}（状态按报告年度内的这一天计算 / statuses as of this day）")
    if not no_serve:
        _serve(url, host, port, today=info.get("demo_today") if not os.environ.get("LUOSHI_TODAY") else None)
