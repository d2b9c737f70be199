"""`luoshi serve` and `luoshi demo`: the web face's commands (accounts: user_cmds.py).

Each is a thin shell over one call (create_app + uvicorn, demo.setup); heavy imports happen inside
the functions so that other commands start fast.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from luoshi.cli import app

DbOpt = Annotated[str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径 / database URL or SQLite path")]


def _url(db: str | None) -> str:
    from luoshi.ledger.storage.db import resolve_url

    return resolve_url(db)


def _serve(url: str, host: str, port: int, today: object = None, workers: int = 1, demo: bool = False) -> None:
    """Check the settings here (a weak or missing secret key is one line, not a traceback), then run
    uvicorn. With several workers each process builds its own app from the environment; they share
    nothing but the database and the upload folder, which hold all state (sessions, throttling, cache
    versions, row versions, import jobs)."""
    import uvicorn

    from luoshi.errors import LuoshiError
    from luoshi.web.settings import SECRET_HELP, web_settings

    overrides: dict[str, object] = {"database_url": url}
    if today is not None:
        overrides["today"] = today
    if not os.environ.get("LUOSHI_SECRET_KEY"):
        if not demo:
            raise LuoshiError(f"未设置 LUOSHI_SECRET_KEY，无法安全地签发会话；{SECRET_HELP}")
        typer.echo("提示：演示使用临时密钥，重启后需重新登录")
    cfg = web_settings(None, **overrides)
    if workers < 1:
        raise LuoshiError("--workers 至少为 1")
    typer.echo(f"落实 Luoshi 已启动 / serving: http://{host}:{port}/  （{workers} 个进程，Ctrl+C 退出）")
    # The app decides which X-Forwarded-For to believe (LUOSHI_TRUSTED_PROXIES), not uvicorn.
    common: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "proxy_headers": False}
    if workers == 1:
        from luoshi.web.app import create_app

        uvicorn.run(create_app(cfg), **common)
        return
    os.environ["LUOSHI_DATABASE_URL"] = url
    if today is not None:
        os.environ["LUOSHI_TODAY"] = str(today)
    uvicorn.run("luoshi.web.app:app_from_environment", factory=True, workers=workers, **common)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", help="工作进程数（多进程须用 PostgreSQL）/ worker processes")] = 1,
) -> None:
    """启动网页应用 / Serve the web application.

    LUOSHI_SECRET_KEY must be set (a random string of at least 32 characters).

    Example: luoshi serve --port 8000 --db postgresql+psycopg://luoshi@127.0.0.1/luoshi --workers 4
    """
    _serve(_url(db), host, port, workers=workers)


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
        _serve(url, host, port, today=info.get("demo_today") if not os.environ.get("LUOSHI_TODAY") else None,
               demo=True)
