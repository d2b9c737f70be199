"""`luoshi serve` and `luoshi demo`: the web face's commands (accounts: user_cmds.py).

Each is a thin shell over one call (create_app + uvicorn, demo.setup); heavy imports happen inside the
functions so that other commands start fast.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from luoshi.cli import app
from luoshi.errors import Unavailable

DbOpt = Annotated[str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径 / database URL or SQLite path")]


def _url(db: str | None) -> str:
    from luoshi.ledger.storage.db import resolve_url

    return resolve_url(db)


def _serve(url: str | None, host: str | None, port: int | None, today: object = None, workers: int = 1,
           demo: bool = False) -> None:
    """Check the settings and the database, then serve until SIGTERM or Ctrl+C; every line goes to the log.
    Any reason not to start (a bad setting, a missing or weak secret key, an unreachable database, a
    schema behind) is a LuoshiError: one line, and no port is opened. With several workers each process
    builds its own app from the settings; they share nothing but the database and the upload folder,
    which hold all state (sessions, throttling, view versions, row versions, import jobs)."""
    import logging
    import signal

    import uvicorn
    from sqlalchemy.engine import make_url

    import luoshi
    from luoshi.config import config_path
    from luoshi.errors import LuoshiError
    from luoshi.logs import process_age, setup_logging
    from luoshi.web.app import create_app
    from luoshi.web.settings import SECRET_HELP, web_settings

    overrides = {k: v for k, v in {"database_url": url, "host": host, "port": port, "today": today}.items()
                 if v is not None}
    cfg = web_settings(None, **overrides)
    if workers < 1:
        raise LuoshiError("--workers 至少为 1")
    setup_logging(cfg.log_format, cfg.log_level)
    log = logging.getLogger("luoshi.serve")
    web = create_app(cfg)  # the database first: unreachable, behind or ahead is said before anything else
    if "secret_key" not in cfg.model_fields_set:  # neither the file nor the environment gave one
        if not demo:
            web.state.ledger.engine.dispose()
            raise LuoshiError(f"未设置 secret_key，无法安全地签发会话；{SECRET_HELP}")
        typer.echo("提示：演示使用临时密钥，重启后需重新登录")
    if demo:
        typer.echo(f"启动网页应用：在浏览器中打开 http://{cfg.host}:{cfg.port}/ ，用上面的管理员账户登录（Ctrl+C 停止）")
    # The app decides which X-Forwarded-For to believe (trusted_proxies), not uvicorn.
    common: dict[str, Any] = {"host": cfg.host, "port": cfg.port, "log_config": None, "access_log": False,
                              "server_header": False, "proxy_headers": False, "timeout_graceful_shutdown": 20}
    if workers > 1:
        web.state.ledger.engine.dispose()  # the checks are done: each worker opens its own
        os.environ["LUOSHI_DATABASE_URL"] = cfg.database_url
        if today is not None:
            os.environ["LUOSHI_TODAY"] = str(today)
        log.info("落实 Luoshi %s 以 %d 个工作进程启动 / serving: http://%s:%d/", luoshi.__version__, workers,
                 cfg.host, cfg.port)
        uvicorn.run("luoshi.web.app:app_from_environment", factory=True, workers=workers, **common)
        log.info("落实 Luoshi 已停止 / stopped")
        return

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[Any] | None = None) -> None:
            await super().startup(sockets)
            if self.started:
                log.info("落实 Luoshi %s 已启动 / serving: http://%s:%d/（启动用时 %.1f 秒）", luoshi.__version__,
                         cfg.host, cfg.port, process_age(), extra={"fields": {
                             "version": luoshi.__version__, "host": cfg.host, "port": cfg.port,
                             "database": make_url(cfg.database_url).render_as_string(hide_password=True),
                             "config": str(config_path() or ""), "pid": os.getpid(),
                             "startup_seconds": round(process_age(), 2)}})

    # uvicorn shuts down gracefully on these signals, then raises them again with the handler found
    # before it started: ours returns, so the process ends with status 0 after the last log line.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    server = Server(uvicorn.Config(web, **common))
    try:
        server.run()
    except SystemExit:
        if server.started:
            raise
    finally:
        web.state.ledger.engine.dispose()
    if not server.started:  # the port is taken or not ours to bind: uvicorn has logged why
        raise Unavailable(f"无法在 {cfg.host}:{cfg.port} 上监听（端口已被占用或无权使用）/ cannot listen")
    log.info("落实 Luoshi 已停止 / stopped")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址，默认取配置 host（127.0.0.1）/ address")] = None,
    port: Annotated[int | None, typer.Option(help="端口，默认取配置 port（8000）/ port")] = None,
    db: DbOpt = None,
    workers: Annotated[int, typer.Option("--workers", help="工作进程数（多进程须用 PostgreSQL）/ worker processes")] = 1,
) -> None:
    """启动网页应用 / Serve the web application.

    设置来自配置文件（/etc/luoshi/luoshi.toml 或 LUOSHI_CONFIG）和 LUOSHI_ 环境变量；必须设置 secret_key
    （至少 32 个随机字符）；日志写到标准输出；/healthz 供监控；收到 SIGTERM 时处理完当前请求后退出。数据库
    无法连接或版本落后时不启动，只给出一行说明。多人使用时用 PostgreSQL 和 --workers。

    Example: luoshi serve --port 8000 --db postgresql+psycopg://luoshi@127.0.0.1/luoshi --workers 4
    """
    _serve(_url(db) if db else None, host, port, workers=workers)


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口 / port")] = 8000,
    db: DbOpt = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只准备数据，不启动 / set up only")] = False,
    regions: Annotated[
        bool, typer.Option("--regions", help="另建省、市两级三个地区的演示（区域汇总、横向比较）/ a 3-region demo too")
    ] = False,
) -> None:
    """准备演示：建库、导入参考报告、演示部门与管理员，然后启动 / Set up the demo and serve it.

    Example: luoshi demo --port 8000
    """
    from luoshi.web.demo import setup

    url = _url(db)
    info = setup(url, say=lambda line: typer.echo(f"… {line}"))
    typer.echo(f"数据库：{url}")
    typer.echo(f"已导入：{info['report']}（{info['targets']} 项目标任务）")
    if info.get("sample"):
        typer.echo("注意：这是项目自带的示例报告，不是参考报告（把 shared 目录放在仓库旁的 ../shared，"
                   "或设置 LUOSHI_SHARED）")
    typer.echo(f"演示部门：{info['departments']} 个")
    if info.get("demo_progress"):
        typer.echo(f"演示进展：{info['demo_progress']} 条（随机生成，备注注明“演示数据”）")
    if info.get("password"):
        typer.echo(f"管理员：{info['username']}  密码（只显示这一次）：{info['password']}")
    else:
        typer.echo(f"管理员：{info['username']}（已存在，密码不变）")
    if regions:
        from luoshi.web.demo import setup_regions

        tree = setup_regions(url)
        typer.echo(f"地区演示：{' › '.join(tree['regions'][:1])} 及下辖 {'、'.join(tree['regions'][1:])}；"
                   f"{tree['reports']} 份报告，{tree['targets']} 项目标任务")
        for username, region, password in tree["users"]:
            shown = f"密码（只显示这一次）：{password}" if password else "已存在，密码不变"
            typer.echo(f"  {region}督查室：{username}  {shown}")
    if info.get("demo_today") and not os.environ.get("LUOSHI_TODAY"):
        typer.echo(f"演示日期：{info['demo_today']}（状态按报告年度内的这一天计算，已记入数据库，"
                   f"网页、导出和 luoshi status 都用这一天）")
    if not no_serve:
        _serve(url, host, port, demo=True)  # the app reads the demo's as-of date from the database
