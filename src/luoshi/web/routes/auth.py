"""Log in and out, change one's password; the home page sends each role to its own start page.

A log-in attempt is counted (account from this address, account, address: `luoshi.ledger.operations.sessions`)
and committed before the password is checked, so concurrent attempts cannot all reach the check; a
throttled attempt gets 429 without any hashing. Log-in, failures, locks and log-out are audit events
with the client's address.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from luoshi.errors import InvalidInput
from luoshi.web.deps import SESSION_KEY, CurrentUser, address
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf, csrf_token, safe_next

router = APIRouter(dependencies=[Depends(check_csrf)])


@router.get("/", include_in_schema=False)
def home(user: CurrentUser) -> Response:
    """Each role's start page: the office its 首页, a department its own page, a viewer the overview."""
    start = {"admin": "/home", "department": "/dept"}.get(user.role, "/dashboard")
    return RedirectResponse(start, status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None, "username": ""})


def _login_page(request: Request, next: str, username: str, error: str, status: int) -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": error, "username": username},
                  status_code=status)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=80)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    from luoshi.ledger.operations import sessions, users
    from luoshi.ledger.storage.audit import record
    from luoshi.ledger.storage.db import transaction

    cfg = request.app.state.settings
    factory = request.app.state.ledger.factory
    name = username.strip()
    if not name or not password:  # said on the form, without counting an attempt
        return _login_page(request, next, name, "请填写用户名" if not name else "请填写密码", 400)
    addr = address(request.scope)
    device = known_device(request, name)
    limits = sessions.login_limits(name, addr, per_pair=cfg.login_max_failures,
                                   per_account=cfg.login_max_account_failures,
                                   per_address=cfg.login_max_address_failures, device=device)
    # First transaction: count the attempt and commit, so that other requests (in any process) see it.
    with transaction(factory) as s:
        s.info["address"] = addr
        wait, tripped = sessions.reserve(s, limits, window_seconds=cfg.login_window_seconds)
        for lim in tripped:
            record(s, actor=None, action="lockout", entity="login", entity_id=None, actor_name=name[:80],
                   note=f"{lim.key}：{cfg.login_window_seconds // 60} 分钟内超过 {lim.max_attempts} 次")
    if wait > 0:
        minutes = max(1, round(wait / 60))
        return _login_page(request, next, name, f"登录尝试过于频繁，请约 {minutes} 分钟后再试，"
                                                "或请督查室管理员解除锁定", 429)
    # Second transaction: check the password (a bounded number of hashes at once), then the session.
    with transaction(factory) as s:
        s.info["address"] = addr
        user = users.verify_password(s, username=name, password=password)
        if user is None:
            record(s, actor=None, action="login_failed", entity="login", entity_id=None, actor_name=name[:80])
            failed = True
        else:
            failed = False
            sessions.succeeded(s, limits)
            token = sessions.start_session(s, user=user, hours=cfg.session_hours, address=addr,
                                           user_agent=request.headers.get("user-agent", ""))
            record(s, actor=user, action="login", entity="user", entity_id=user.id)
            must_change = user.must_change_password
    if failed:
        return _login_page(request, next, name, "用户名或密码错误", 401)
    # A fresh cookie on log-in: nothing of the anonymous session (fixation) survives.
    request.session.clear()
    request.session[SESSION_KEY] = token
    csrf_token(request)
    response = RedirectResponse("/account/password" if must_change else safe_next(next), status_code=303)
    remember_device(request, response, name, device)
    return response


DEVICE_COOKIE = "luoshi_device"
DEVICE_DAYS = 180


def _device_signer(request: Request) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="luoshi-device")


def known_device(request: Request, username: str) -> str | None:
    """The device id of a browser this account logged in on before (signed cookie), or None."""
    from itsdangerous import BadSignature

    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _device_signer(request).loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    ok = isinstance(data, dict) and data.get("u") == username.strip().lower() and isinstance(data.get("d"), str)
    return str(data["d"])[:40] if ok else None


def remember_device(request: Request, response: Response, username: str, device: str | None) -> None:
    """Mark this browser as one the account logs in on (its failed attempts then count on their own)."""
    import secrets

    value = _device_signer(request).dumps({"u": username.strip().lower(), "d": device or secrets.token_hex(12)})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="lax",
                        secure=request.app.state.settings.cookie_secure, path="/login")


@router.post("/logout", include_in_schema=False)
def logout(request: Request, user: CurrentUser) -> Response:
    """Log out everywhere: every session of this user ends, in every browser and worker process."""
    from luoshi.ledger.operations import sessions
    from luoshi.ledger.operations.users import get_user
    from luoshi.ledger.storage.audit import record
    from luoshi.ledger.storage.db import transaction

    with transaction(request.app.state.ledger.factory) as s:
        s.info["address"] = address(request.scope)
        n = sessions.end_sessions(s, user_id=user.id, reason="logout")
        record(s, actor=get_user(s, ref=user.id), action="logout", entity="user", entity_id=user.id,
               note=f"结束 {n} 个会话")
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password", include_in_schema=False)
def password_form(request: Request, user: CurrentUser) -> Response:
    return render(request, "password.html", _password_context(user, None))


def _password_context(user: Any, error: str | None) -> dict[str, Any]:
    from luoshi.ledger.rules.passwords import policy

    p = policy()
    return {"error": error, "forced": user.must_change_password, "min_length": p["min_length"]}


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    user: CurrentUser,
    current: Annotated[str, Form(max_length=200)] = "",
    new: Annotated[str, Form(max_length=200)] = "",
    confirm: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A new password ends every session of the user (other browsers included); this browser gets a
    fresh one so that the user stays logged in here."""
    from luoshi.ledger.operations import sessions, users
    from luoshi.ledger.storage.db import transaction

    cfg = request.app.state.settings
    try:
        if not current or not new:
            raise InvalidInput("请填写当前密码" if not current else "请填写新密码")
        if new != confirm:
            raise InvalidInput("两次输入的新密码不一致")
        with transaction(request.app.state.ledger.factory) as s:
            s.info["address"] = address(request.scope)
            row = users.get_user(s, ref=user.id)
            users.set_password(s, user=row, password=new, actor=row, current=current)
            token = sessions.start_session(s, user=row, hours=cfg.session_hours, address=address(request.scope),
                                           user_agent=request.headers.get("user-agent", ""))
    except InvalidInput as e:
        from luoshi.web.messages import zh

        return render(request, "password.html", _password_context(user, zh(e.message)), status_code=400)
    request.session.clear()
    request.session[SESSION_KEY] = token
    csrf_token(request)
    flash(request, "密码已修改；其他浏览器中的登录已全部退出。")
    return RedirectResponse("/dept" if user.role == "department" else "/dashboard", status_code=303)
