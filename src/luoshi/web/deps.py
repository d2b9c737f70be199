"""Request dependencies: the database session, the current user and role checks (`Annotated` aliases),
and the write gate the guard middleware asks before a write's body is read.

Who is logged in is decided by the database on every request (`luoshi.ledger.operations.sessions`): the cookie
only carries a random session token, so a logout, a password reset or a disabled account ends the
session at once in every worker process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import Scope

from luoshi.ledger.storage.models import MAX_ID
from luoshi.web.security import Forbidden, LoginRequired, PasswordChangeRequired, client_address

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
SESSION_KEY = "sid"  # the session token's name in the signed cookie
# What a user whose password was reset may still do: set a new one, or leave.
PASSWORD_PATHS = {"/account/password", "/logout"}


class Ledger:
    """The ledger database of one app: engine and session factory, made by the ledger's own helpers."""

    def __init__(self, url: str) -> None:
        from luoshi.ledger.storage.db import open_db

        self.url = url
        self.engine, self.factory = open_db(url)

    def session(self) -> Session:
        return self.factory()


@dataclass(frozen=True)
class WebUser:
    """The logged-in user as the pages see it: plain values, detached from any database session."""

    id: int
    username: str
    display_name: str
    role: str
    department_id: int | None
    department_name: str | None
    region_id: int | None = None  # the office's region: it sees this region and those below
    must_change_password: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def label(self) -> str:
        return self.display_name or self.username


def address(scope: Scope) -> str:
    """The client's address, believing X-Forwarded-For only from the configured proxies."""
    return client_address(scope, scope["app"].state.trusted_proxies)


def get_db(request: Request) -> Iterator[Session]:
    """One session per request; committed when the handler returns, rolled back on any error
    (the ledger's own `transaction`). Audit events written through it carry the client's address."""
    from luoshi.ledger.storage.db import transaction

    with transaction(request.app.state.ledger.factory) as session:
        session.info["address"] = address(request.scope)
        request.state.db = session  # the page's own session, for what every page shows (the 催办 badge)
        try:
            yield session
        finally:
            request.state.db = None


# scope="function": the commit happens before the response leaves, so the page a redirect leads to
# always sees the write (with the default scope the browser could follow the redirect first).
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def session_user(session: Session, cookie: Any, idle_minutes: float) -> WebUser | None:
    """The user of the cookie's session token, if that session is live and the account active."""
    from luoshi.ledger.operations.sessions import session_user as lookup

    token = cookie.get(SESSION_KEY) if isinstance(cookie, dict) else None
    row = lookup(session, token=token, idle_minutes=idle_minutes)
    if row is None:
        return None
    dept = row.department
    return WebUser(row.id, row.username, row.display_name or "", row.role, row.department_id,
                   dept.name if dept is not None else None, row.region_id, bool(row.must_change_password))


def _check_password_state(user: WebUser, path: str) -> None:
    if user.must_change_password and path not in PASSWORD_PATHS:
        raise PasswordChangeRequired()


def get_user(request: Request, session: SessionDep) -> WebUser:
    """The user of the session, checked against the database on every request (a disabled user, an ended
    session, an expired one: all out)."""
    user = request.scope.get("state", {}).get("luoshi_user")
    if user is None:
        user = session_user(session, request.session, request.app.state.settings.session_idle_minutes)
    if user is None:
        request.session.pop(SESSION_KEY, None)
        raise LoginRequired()
    request.state.user = user
    _check_password_state(user, request.url.path)
    return user


CurrentUser = Annotated[WebUser, Depends(get_user)]

OPEN_WRITES = {"/login"}  # the only write an anonymous client may send


async def write_gate(scope: Scope) -> Response | None:
    """Before a write's body is read: the session must belong to a live user, else the client is sent to
    log in (pages) or answered 401 (API), and its body is never read."""
    from starlette.concurrency import run_in_threadpool

    path = scope.get("path", "")
    if path in OPEN_WRITES:
        return None
    app = scope["app"]
    cookie = scope.get("session") or {}

    def lookup() -> WebUser | None:
        from luoshi.ledger.storage.db import transaction

        with transaction(app.state.ledger.factory) as session:
            return session_user(session, cookie, app.state.settings.session_idle_minutes)

    user = await run_in_threadpool(lookup) if cookie.get(SESSION_KEY) else None
    api = path.startswith("/api/")
    if user is None:
        return JSONResponse({"detail": "请先登录"}, status_code=401) if api else RedirectResponse("/login", 303)
    if user.must_change_password and path not in PASSWORD_PATHS:
        if api:
            return JSONResponse({"detail": "密码已被重置，请先在网页上设置新密码"}, status_code=403)
        return RedirectResponse("/account/password", 303)
    scope.setdefault("state", {})["luoshi_user"] = user
    return None


def require(*roles: str) -> Callable[[WebUser], WebUser]:
    def check(user: CurrentUser) -> WebUser:
        if user.role not in roles:
            from luoshi.web.security import ROLE_NAMES

            raise Forbidden(f"此页面仅供{'、'.join(ROLE_NAMES.get(r, r) for r in roles)}使用")
        return user

    return check


AdminUser = Annotated[WebUser, Depends(require("admin"))]
ReaderUser = Annotated[WebUser, Depends(require("admin", "viewer"))]  # the office's read-only views
ReporterUser = Annotated[WebUser, Depends(require("admin", "department"))]  # may report progress
DeptUser = Annotated[WebUser, Depends(require("department"))]
