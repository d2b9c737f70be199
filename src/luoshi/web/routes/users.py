"""账户管理 (office only): list accounts, add one, disable or enable it, reset its password, change its
role, lift a log-in lock; and the latest security events (log-ins, failures, locks, account changes).

Every change ends the user's sessions where it must (the ledger's users operations do it) and is an
audit event with the office user and address. A new or reset password is shown once, on the answer
page itself: never put in a cookie or a redirect.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.web.deps import AdminUser, IdPath, SessionDep, WebUser
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/admin/users", dependencies=[Depends(check_csrf)], include_in_schema=False)

SECURITY_ACTIONS = ("login", "logout", "login_failed", "lockout", "create", "update", "disable", "enable",
                    "reset_password", "set_password", "unlock")


def _svc() -> Any:
    from luoshi.ledger import service

    return service


def _context(request: Request, session: Session, **extra: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from luoshi.ledger.operations import sessions
    from luoshi.ledger.storage.models import AuditEvent

    cfg = request.app.state.settings
    s = _svc()
    locked = sessions.locked_accounts(session, window_seconds=cfg.login_window_seconds,
                                      per_pair=cfg.login_max_failures, per_account=cfg.login_max_account_failures)
    live = sessions.live_sessions(session)
    users = [u for u in s.list_users(session) if u.username != "system"]
    events = session.scalars(select(AuditEvent).where(AuditEvent.action.in_(SECURITY_ACTIONS),
                                                      AuditEvent.entity.in_(("user", "login")))
                             .order_by(AuditEvent.id.desc()).limit(50)).all()
    return {"users": users, "locked": locked, "live": live, "events": events,
            "departments": s.list_departments(session), "new_password": None, "error": None, "form": {}, **extra}


def _actor(session: Session, user: WebUser) -> Any:
    return _svc().get_user(session, ref=user.id)


def _target(session: Session, user_id: int) -> Any:
    row = _svc().get_user(session, ref=user_id)
    if row.username == "system":
        raise InvalidInput("system 是命令行使用的内部账户，不能在网页上修改")
    return row


@router.get("")
def users_page(request: Request, user: AdminUser, session: SessionDep) -> Response:
    return render(request, "users.html", _context(request, session))


@router.post("")
def add_user(request: Request, user: AdminUser, session: SessionDep,
             username: Annotated[str, Form(max_length=80)] = "",
             role: Annotated[str, Form(max_length=20)] = "",
             department: Annotated[str, Form(max_length=100)] = "",
             display_name: Annotated[str, Form(max_length=100)] = "") -> Response:
    from luoshi.ledger.rules.passwords import random_password

    s = _svc()
    form = {"username": username, "role": role, "department": department, "display_name": display_name}
    password = random_password()
    try:
        if not username.strip():
            raise InvalidInput("请填写用户名")
        if role not in ("admin", "department", "viewer"):
            raise InvalidInput("请选择角色")
        s.create_user(session, username=username, password=password, role=role,
                      department=department or None, display_name=display_name, actor=_actor(session, user))
        session.flush()
    except InvalidInput as e:
        session.rollback()
        from luoshi.web.messages import zh

        return render(request, "users.html", _context(request, session, error=zh(e.message), form=form),
                      status_code=400)
    shown = {"username": username.strip(), "password": password, "why": "新账户"}
    return render(request, "users.html", _context(request, session, new_password=shown))


@router.post("/{user_id}/active")
def set_active(request: Request, user: AdminUser, session: SessionDep, user_id: IdPath,
               active: Annotated[str, Form(pattern="^[01]$")]) -> Response:
    row = _target(session, user_id)
    if row.id == user.id and active == "0":
        raise InvalidInput("不能停用自己的账户")
    _svc().set_active(session, user=row, active=active == "1", actor=_actor(session, user))
    flash(request, f"已{'启用' if active == '1' else '停用'}账户 {row.username}" +
          ("" if active == "1" else "，其所有登录已立即失效"))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/{user_id}/reset")
def reset_password(request: Request, user: AdminUser, session: SessionDep, user_id: IdPath) -> Response:
    row = _target(session, user_id)
    password = _svc().reset_password(session, user=row, actor=_actor(session, user))
    session.flush()
    shown = {"username": row.username, "password": password, "why": "重置后的临时密码（首次登录须修改）"}
    return render(request, "users.html", _context(request, session, new_password=shown))


@router.post("/{user_id}/role")
def set_role(request: Request, user: AdminUser, session: SessionDep, user_id: IdPath,
             role: Annotated[str, Form(pattern="^(admin|department|viewer)$")],
             department: Annotated[str, Form(max_length=100)] = "") -> Response:
    row = _target(session, user_id)
    if row.id == user.id and role != "admin":
        raise InvalidInput("不能取消自己的管理员角色")
    _svc().set_role(session, user=row, role=role, department=department or None, actor=_actor(session, user))
    flash(request, f"已修改 {row.username} 的角色；其所有登录已失效，需重新登录")
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/{user_id}/unlock")
def unlock(request: Request, user: AdminUser, session: SessionDep, user_id: IdPath) -> Response:
    from luoshi.ledger.operations import sessions
    from luoshi.ledger.storage.audit import record

    row = _target(session, user_id)
    n = sessions.unlock(session, row.username)
    record(session, actor=_actor(session, user), action="unlock", entity="user", entity_id=row.id,
           note=f"解除 {n} 项登录限制")
    flash(request, f"已解除 {row.username} 的登录锁定")
    return RedirectResponse("/admin/users", status_code=303)
