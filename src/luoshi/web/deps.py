"""Request dependencies: the database session, the current user and role checks (`Annotated` aliases)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from luoshi.web.security import Forbidden, LoginRequired


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

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def label(self) -> str:
        return self.display_name or self.username


def get_db(request: Request) -> Iterator[Session]:
    """One session per request; committed when the handler returns, rolled back on any error
    (the ledger's own `transaction`)."""
    from luoshi.ledger.storage.db import transaction

    with transaction(request.app.state.ledger.factory) as session:
        yield session


# scope="function": the commit happens before the response leaves, so the page a redirect leads to
# always sees the write (with the default scope the browser could follow the redirect first).
SessionDep = Annotated[Session, Depends(get_db, scope="function")]


def load_user(session: Session, user_id: Any) -> WebUser | None:
    from luoshi.ledger.storage.models import User

    if not isinstance(user_id, int):
        return None
    row = session.get(User, user_id)
    if row is None or not row.active:
        return None
    dept = row.department
    return WebUser(row.id, row.username, row.display_name or "", row.role, row.department_id,
                   dept.name if dept is not None else None, row.region_id)


def get_user(request: Request, session: SessionDep) -> WebUser:
    """The user of the session, checked against the database on every request (a disabled user is out)."""
    user = load_user(session, request.session.get("uid"))
    if user is None:
        if "uid" in request.session:
            request.session.pop("uid", None)
        raise LoginRequired()
    request.state.user = user
    return user


CurrentUser = Annotated[WebUser, Depends(get_user)]


def require(*roles: str) -> Callable[[WebUser], WebUser]:
    def check(user: CurrentUser) -> WebUser:
        if user.role not in roles:
            raise Forbidden(f"需要角色：{'、'.join(roles)} / role required: {', '.join(roles)}")
        return user

    return check


AdminUser = Annotated[WebUser, Depends(require("admin"))]
ReaderUser = Annotated[WebUser, Depends(require("admin", "viewer"))]  # the office's read-only views
ReporterUser = Annotated[WebUser, Depends(require("admin", "department"))]  # may report progress
DeptUser = Annotated[WebUser, Depends(require("department"))]
