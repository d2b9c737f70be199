"""Departments: created, renamed and retired by the office."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.ledger.operations.lookup import DepartmentRef, get_department
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import Department, Region, User


def create_department(
    session: Session, *, name: str, short_name: str = "", region: Region | None = None, actor: User | None
) -> Department:
    require_role(actor, "admin")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("部门名称不能为空，且不超过 100 个字符 / bad department name")
    if session.scalar(select(Department.id).where(Department.name == name)) is not None:
        raise InvalidInput(f"部门 {name} 已存在 / department exists")
    dept = Department(name=name, short_name=short_name, region_id=region.id if region else None)
    session.add(dept)
    session.flush()
    record(
        session, actor=actor, action="create", entity="department", entity_id=dept.id, after=snapshot(dept)
    )
    return dept


def get_or_create_department(session: Session, *, name: str, actor: User | None) -> Department:
    dept = session.scalar(select(Department).where(Department.name == name.strip()))
    return dept if dept is not None else create_department(session, name=name, actor=actor)


def update_department(
    session: Session,
    *,
    department: DepartmentRef,
    name: str | None = None,
    short_name: str | None = None,
    active: bool | None = None,
    actor: User,
) -> Department:
    require_role(actor, "admin")
    dept = get_department(session, ref=department)
    before = snapshot(dept)
    if name is not None:
        if not name.strip():
            raise InvalidInput("部门名称不能为空 / department name is empty")
        other = session.scalar(
            select(Department.id).where(Department.name == name.strip(), Department.id != dept.id)
        )
        if other is not None:
            raise InvalidInput(f"部门 {name} 已存在 / department exists")
        dept.name = name.strip()
    if short_name is not None:
        dept.short_name = short_name
    if active is not None:
        dept.active = active
    record(
        session,
        actor=actor,
        action="update",
        entity="department",
        entity_id=dept.id,
        before=before,
        after=snapshot(dept),
    )
    return dept


def list_departments(session: Session, *, active_only: bool = True) -> list[Department]:
    q = select(Department).order_by(Department.name)
    if active_only:
        q = q.where(Department.active.is_(True))
    return list(session.scalars(q))
