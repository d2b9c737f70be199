"""Accounts: argon2 password hashes, roles admin (the office) / department (one department) / viewer;
the password policy (passwords.py); disabling, enabling, resetting a password and changing a role, each
of which ends the user's sessions.

Password hashing is costly by design (argon2: 64 MB and tens of milliseconds each): at most
`hash_slots` hashes run at once in a process, and a request that cannot get a slot soon is told the
server is busy instead of piling up memory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import Busy, InvalidInput, NotFound, PermissionDenied
from luoshi.ledger.operations.lookup import by_id, get_department
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.sessions import end_sessions, unlock
from luoshi.ledger.operations.visibility import visible_region_ids
from luoshi.ledger.rules import passwords
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import ROLES, Department, Region, User, utcnow

SYSTEM = "system"
HASH_WAIT_SECONDS = 10.0
_slots = {"n": 2, "sem": threading.BoundedSemaphore(2)}


def set_hash_slots(n: int) -> None:
    """How many password hashes may run at once in this process (the web app sets it from settings)."""
    if n != _slots["n"]:
        _slots.update(n=max(1, n), sem=threading.BoundedSemaphore(max(1, n)))


@contextmanager
def _hash_slot() -> Iterator[None]:
    sem: Any = _slots["sem"]
    if not sem.acquire(timeout=HASH_WAIT_SECONDS):
        raise Busy("登录的人太多，服务器繁忙，请稍后再试")
    try:
        yield
    finally:
        sem.release()


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


def _hash(password: str) -> str:
    with _hash_slot():
        return str(_hasher().hash(password))


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
        passwords.check(password, username)
    if region is not None and actor is not None:
        seen = visible_region_ids(session, actor)
        if seen is not None and region.id not in seen:
            raise PermissionDenied(f"{actor.username} 不能为本地区以外的地区建立用户 / region outside your own")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=_hash(password) if password is not None else "",
        role=role,
        department_id=dept.id if dept else None,
        region_id=region.id if region is not None else None,
    )
    session.add(user)
    session.flush()
    record(session, actor=actor, action="create", entity="user", entity_id=user.id, after=_public(user))
    return user


def verify_password(session: Session, *, username: str, password: str) -> User | None:
    """The active user with this name and password, else None (also for unknown users)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    user = session.scalar(select(User).where(User.username == username.strip()))
    with _hash_slot():
        if user is None or not user.active or not user.password_hash:
            _hasher().hash("timing-equaliser")  # same cost whether or not the user exists
            return None
        try:
            _hasher().verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
    return user


def set_password(session: Session, *, user: User, password: str, actor: User, current: str | None = None) -> None:
    """A new password (the policy applies). A user changing their own gives the current one; the office
    may set anyone's. Every session of the user ends; a reset's must-change mark is cleared."""
    if actor.id != user.id:
        require_role(actor, "admin")
    elif current is not None and verify_password(session, username=user.username, password=current) is None:
        raise InvalidInput("当前密码不正确")
    passwords.check(password, user.username)
    if current is not None and current == password:
        raise InvalidInput("新密码不能与当前密码相同")
    user.password_hash = _hash(password)
    user.must_change_password = False
    user.password_changed_at = utcnow()
    end_sessions(session, user_id=user.id, reason="password")
    record(session, actor=actor, action="set_password", entity="user", entity_id=user.id)


def reset_password(session: Session, *, user: User, actor: User) -> str:
    """The office resets a forgotten password: a random one, shown once, that must be changed at the next
    log-in. Ends the user's sessions and lifts any log-in lock. Returns the new password."""
    require_role(actor, "admin")
    _not_system(user)
    pw = passwords.random_password()
    user.password_hash = _hash(pw)
    user.must_change_password = True
    user.password_changed_at = utcnow()
    end_sessions(session, user_id=user.id, reason="reset")
    unlock(session, user.username)
    record(session, actor=actor, action="reset_password", entity="user", entity_id=user.id)
    return pw


def set_active(session: Session, *, user: User, active: bool, actor: User) -> bool:
    """Disable (every session ends at once) or enable an account; enabling also lifts a log-in lock.
    Returns whether anything changed. The last active administrator cannot be disabled."""
    require_role(actor, "admin")
    _not_system(user)
    if not active and user.role == "admin" and user.active:
        others = session.scalar(select(User.id).where(User.role == "admin", User.active.is_(True),
                                                      User.id != user.id, User.username != SYSTEM,
                                                      User.password_hash != "").limit(1))
        if others is None:
            raise InvalidInput(f"{user.username} 是唯一可登录的管理员，不能停用")
    cleared = unlock(session, user.username) if active else 0
    if user.active == active:
        return cleared > 0
    before = _public(user)
    user.active = active
    if not active:
        end_sessions(session, user_id=user.id, reason="disabled")
    record(session, actor=actor, action="enable" if active else "disable", entity="user", entity_id=user.id,
           before=before, after=_public(user))
    return True


def set_role(session: Session, *, user: User, role: str, department: Department | int | str | None,
             actor: User) -> None:
    """Change an account's role (and department): its sessions end, so the new rights apply at once."""
    require_role(actor, "admin")
    _not_system(user)
    if role not in ROLES:
        raise InvalidInput(f"未知角色 {role!r}，可选 {'/'.join(ROLES)}")
    dept = get_department(session, ref=department) if department not in (None, "") else None
    if role == "department" and dept is None:
        raise InvalidInput("部门用户须指定所属部门")
    before = _public(user)
    new_dept = dept.id if dept is not None and role == "department" else None
    if (user.role, user.department_id) == (role, new_dept):
        return
    user.role, user.department_id = role, new_dept
    end_sessions(session, user_id=user.id, reason="role")
    record(session, actor=actor, action="update", entity="user", entity_id=user.id, before=before,
           after=_public(user))


def _public(user: User) -> dict[str, Any]:
    out = snapshot(user) or {}
    out.pop("password_hash", None)
    return out


def _not_system(user: User) -> None:
    if user.username == SYSTEM:
        raise InvalidInput("system 是命令行使用的内部账户，不能修改")


def get_user(session: Session, *, ref: int | str) -> User:
    user = (
        by_id(session, User, ref)
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
