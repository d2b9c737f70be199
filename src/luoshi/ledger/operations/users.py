"""Accounts: argon2 password hashes, roles admin (the office) / department (one department) / viewer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.ledger.operations.lookup import get_department
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.visibility import visible_region_ids
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import ROLES, Department, Region, User

SYSTEM = "system"


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise InvalidInput("密码至少 8 个字符 / password must have at least 8 characters")


def create_user(
    session: Session,
    *,
    username: str,
    password: str | None,
    role: str,
    department: Department | int | str | None = None,
    display_name: str = "",
    region: Region | None = None,
    actor: User | None,
) -> User:
    """A new account. `password=None` makes an account that cannot log in (e.g. for scripts).
    `region`: the office's region (it sees that region and those below); an actor with a region may
    only give one it can see."""
    if actor is not None or session.scalar(select(User.id).limit(1)) is not None:
        require_role(actor, "admin")
    username = username.strip()
    if not username or len(username) > 80:
        raise InvalidInput("用户名不能为空，且不超过 80 个字符 / bad username")
    if role not in ROLES:
        raise InvalidInput(f"未知角色 {role!r}，可选 {'/'.join(ROLES)} / unknown role")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InvalidInput(f"用户 {username} 已存在 / user exists")
    dept = get_department(session, ref=department) if department is not None else None
    if role == "department" and dept is None:
        raise InvalidInput("部门用户须指定所属部门 / a department user needs a department")
    if password is not None:
        _check_password(password)
    if region is not None and actor is not None:
        seen = visible_region_ids(session, actor)
        if seen is not None and region.id not in seen:
            raise PermissionDenied(f"{actor.username} 不能为本地区以外的地区建立用户 / region outside your own")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=_hasher().hash(password) if password is not None else "",
        role=role,
        department_id=dept.id if dept else None,
        region_id=region.id if region is not None else None,
    )
    session.add(user)
    session.flush()
    after = snapshot(user)
    if after:
        after.pop("password_hash", None)
    record(session, actor=actor, action="create", entity="user", entity_id=user.id, after=after)
    return user


def verify_password(session: Session, *, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (also for unknown users)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active or not user.password_hash:
        _hasher().hash("timing-equaliser")  # same cost whether or not the user exists
        return None
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def set_password(session: Session, *, user: User, password: str, actor: User) -> None:
    if actor.id != user.id:
        require_role(actor, "admin")
    _check_password(password)
    user.password_hash = _hasher().hash(password)
    record(session, actor=actor, action="set_password", entity="user", entity_id=user.id)


def get_user(session: Session, *, ref: int | str) -> User:
    user = (
        session.get(User, ref)
        if isinstance(ref, int)
        else session.scalar(select(User).where(User.username == ref))
    )
    if user is None:
        raise NotFound(f"没有用户 {ref} / no such user")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def system_user(session: Session, name: str = SYSTEM) -> User:
    """The admin account the CLI and scheduled jobs act as (no password: cannot log in)."""
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        user = User(username=name, display_name="系统 / system", password_hash="", role="admin")
        session.add(user)
        session.flush()
        record(
            session, actor=None, action="create", entity="user", entity_id=user.id, after={"username": name}
        )
    return user
