"""`luoshi user`: accounts from the machine's own command line — list, add, disable, enable (which also
lifts a log-in lock), reset-password. The command line never logs in, so no web lock keeps the office
out of it; every change is audited under the operator's name and ends the user's web sessions where
it must."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, emit_rows, ledger_session

user_app = typer.Typer(help="账户管理 / user accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")

NameArg = Annotated[str, typer.Argument(help="用户名 / user name")]


def _region(s: Any, name: str) -> Any:
    """An existing region by name: an account sees that region and those below it."""
    from sqlalchemy import select

    from luoshi.errors import NotFound
    from luoshi.ledger.storage.models import Region

    reg = s.scalar(select(Region).where(Region.name == name.strip()))
    if reg is None:
        raise NotFound(f"没有地区“{name}”（先导入该地区的报告）/ no such region")
    return reg


def _user(s: Any, name: str) -> Any:
    from luoshi.ledger import service

    return service.get_user(s, ref=name)


@user_app.command("list")
def user_list(
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    db: DbOpt = None,
) -> None:
    """列出账户（角色、部门、状态、在线会话、登录锁定）/ List accounts.

    Example: luoshi user list --format csv
    """
    from luoshi.config import get_settings
    from luoshi.ledger import service
    from luoshi.ledger.operations import sessions

    cfg = get_settings()
    with ledger_session(db) as (s, _actor):
        live = sessions.live_sessions(s)
        locked = sessions.locked_accounts(s, window_seconds=cfg.login_window_seconds, per_pair=cfg.login_max_failures,
                                          per_account=cfg.login_max_account_failures)
        rows = [{"id": u.id, "username": u.username, "name": u.display_name, "role": u.role,
                 "department": u.department.name if u.department else "",
                 "state": ("停用" if not u.active else "正常") + ("，待改密码" if u.must_change_password else "")
                 + ("，登录锁定" if u.username.lower() in locked else ""),
                 "sessions": live.get(u.id, 0)}
                for u in service.list_users(s) if u.username != "system"]
    emit_rows(rows, ["id", "username", "name", "role", "department", "state", "sessions"], fmt,
              ["编号", "用户名", "名称", "角色", "部门", "状态", "在线会话"] if fmt != "json" else None)


@user_app.command("add")
def user_add(
    username: NameArg,
    role: Annotated[str, typer.Option("--role", help="admin | department | viewer")],
    department: Annotated[str | None, typer.Option("--department", help="部门名称（department 角色必填）")] = None,
    password: Annotated[str | None, typer.Option("--password", help="不填则随机生成并显示一次 / random if omitted")] = None,
    display_name: Annotated[str, typer.Option("--name", help="显示名称 / display name")] = "",
    region: Annotated[
        str | None, typer.Option("--region", help="所属地区：只看本地区和下辖地区 / the office's region")
    ] = None,
    db: DbOpt = None,
) -> None:
    """新建账户 / Add a user account.

    The password must have 10 characters or more, letters and digits, not the user name, not a
    common one; without --password a random one is shown once.

    Example: luoshi user add zhangsan --role department --department 教育局
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules.passwords import random_password

    pw = password or random_password()
    with ledger_session(db) as (s, actor):
        reg = _region(s, region) if region else None
        service.create_user(s, username=username, password=pw, role=role, department=department,
                            display_name=display_name, region=reg, actor=actor)
    where = "".join(f" · {x}" for x in (department, region) if x)
    typer.echo(f"已创建用户 / created user: {username} ({role}{where})")
    if password is None:
        typer.echo(f"初始密码（只显示这一次）/ password (shown once): {pw}")


def _set_active(username: str, active: bool, db: str | None) -> bool:
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        return bool(service.set_active(s, user=_user(s, username), active=active, actor=actor))


@user_app.command("disable")
def user_disable(username: NameArg, db: DbOpt = None) -> None:
    """停用账户：立即结束其所有登录 / Disable an account; its sessions end at once.

    Example: luoshi user disable zhangsan
    """
    changed = _set_active(username, False, db)
    typer.echo(f"已停用 {username}，其所有登录已失效" if changed else f"{username} 已是停用状态")


@user_app.command("enable")
def user_enable(username: NameArg, db: DbOpt = None) -> None:
    """启用账户，并解除登录锁定 / Enable an account and lift any log-in lock.

    Example: luoshi user enable zhangsan
    """
    changed = _set_active(username, True, db)
    typer.echo(f"已启用 {username}，登录锁定已解除" if changed else f"{username} 已是正常状态，无登录锁定")


@user_app.command("reset-password")
def user_reset_password(username: NameArg, db: DbOpt = None) -> None:
    """重置密码：随机临时密码只显示一次，首次登录须修改；结束其所有登录 / Reset a password.

    Example: luoshi user reset-password zhangsan
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        pw = service.reset_password(s, user=_user(s, username), actor=actor)
    typer.echo(f"已重置 {username} 的密码，其所有登录已失效")
    typer.echo(f"临时密码（只显示这一次，首次登录须修改）/ temporary password (shown once): {pw}")
