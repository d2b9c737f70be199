"""Departments: created, renamed, merged and retired by the office; their aliases (the dictionary in
data/departments.yaml, plus the ledger's own: merged departments' names and the office's additions)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.ledger.operations.lookup import (
    DepartmentRef,
    department_aliases,
    follow_merges,
    get_department,
    merged_into,
    resolve_department,
)
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.rules import aliases as dictionary
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import (
    Assignment,
    AuditEvent,
    Department,
    ProgressReport,
    Region,
    Reminder,
    Urge,
    User,
    utcnow,
)


def create_department(
    session: Session, *, name: str, short_name: str = "", region: Region | None = None, actor: User | None
) -> Department:
    require_role(actor, "admin")
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("部门名称不能为空，且不超过 100 个字符")
    if session.scalar(select(Department.id).where(Department.name == name)) is not None:
        raise InvalidInput(f"部门“{name}”已存在")
    dept = Department(name=name, short_name=short_name, region_id=region.id if region else None)
    session.add(dept)
    session.flush()
    record(
        session, actor=actor, action="create", entity="department", entity_id=dept.id, after=snapshot(dept)
    )
    return dept


def get_or_create_department(session: Session, *, name: str, actor: User | None) -> Department:
    """The department `name` means (exactly, or through the dictionary and the ledger's aliases: 发改委
    finds 发展和改革局), else a new one of that name."""
    name = name.strip()
    dept = session.scalar(select(Department).where(Department.name == name))
    if dept is None:
        dept = resolve_department(session, name)
    elif not dept.active:
        dept = follow_merges(session, dept)
    return dept if dept is not None else create_department(session, name=name, actor=actor)


def aliases_of(session: Session, department: DepartmentRef) -> list[str]:
    """A department's own aliases (merged departments' names, the office's additions)."""
    dept = get_department(session, ref=department)
    return department_aliases(session).get(dept.id, [])


def set_aliases(session: Session, *, department: DepartmentRef, aliases: list[str], actor: User) -> list[str]:
    """Replace a department's own aliases. A name another department has (its name or alias) is refused."""
    require_role(actor, "admin")
    dept = get_department(session, ref=department)
    clean: list[str] = []
    for a in aliases:
        a = dictionary.clean(a)
        if not a or a == dept.name or a in clean:
            continue
        if len(a) > dictionary.MAX_ALIAS:
            raise InvalidInput(f"别名“{a[:20]}…”过长（不超过 {dictionary.MAX_ALIAS} 个字）")
        clash = session.scalar(select(Department).where(Department.name == a, Department.id != dept.id))
        if clash is not None and clash.active:
            raise InvalidInput(f"“{a}”是另一个部门的名称，不能作为别名；如是同一部门请合并")
        for other, names in department_aliases(session).items():
            if other != dept.id and a in names:
                owner = session.get(Department, other)
                if owner is not None and owner.active:
                    raise InvalidInput(f"“{a}”已是部门“{owner.name}”的别名")
        clean.append(a)
    before = department_aliases(session).get(dept.id, [])
    if clean != before:
        record(session, actor=actor, action="aliases", entity="department", entity_id=dept.id,
               before={"aliases": before}, after={"aliases": clean}, note=f"{dept.name} 的别名：{'、'.join(clean) or '无'}")
    return clean


def rename_department(session: Session, *, department: DepartmentRef, name: str, actor: User) -> Department:
    """A new name; the old one stays an alias, so imports and rules that write it still find the department."""
    dept = get_department(session, ref=department)
    old = dept.name
    update_department(session, department=dept, name=name, actor=actor)
    if dept.name != old:
        set_aliases(session, department=dept, aliases=[*aliases_of(session, dept), old], actor=actor)
    return dept


def set_department_active(session: Session, *, department: DepartmentRef, active: bool, actor: User) -> Department:
    """Disable (or enable again) a department: a disabled one gets no new assignments; what it has stays."""
    return update_department(session, department=department, active=active, actor=actor)


@dataclass
class MergeResult:
    source: Department
    into: Department
    assignments: int = 0
    progress: int = 0
    users: int = 0
    reminders: int = 0
    ended_duplicates: int = 0


def merge_departments(session: Session, *, source: DepartmentRef, into: DepartmentRef, actor: User) -> MergeResult:
    """Merge `source` into `into` without losing history: its assignments (current and past), progress
    reports, accounts, reminders and 催办 move over; a target that had both keeps one row (the lead, if either
    led it); `source` is disabled, its name and aliases become `into`'s aliases, and the merge is one
    audit event on each of the two departments (the source's events stay under its id; `department_history`
    reads both)."""
    require_role(actor, "admin")
    src = get_department(session, ref=source)
    dst = get_department(session, ref=into)
    if src.id == dst.id:
        raise InvalidInput("不能把部门合并到它自己")
    if not dst.active:
        raise InvalidInput(f"部门“{dst.name}”已停用，不能作为合并目标")
    result = MergeResult(src, dst)
    now = utcnow()
    live_dst = {(a.target_id): a for a in session.scalars(
        select(Assignment).where(Assignment.department_id == dst.id, Assignment.ended_at.is_(None)))}
    for a in session.scalars(select(Assignment).where(Assignment.department_id == src.id)):
        other = live_dst.get(a.target_id) if a.ended_at is None else None
        if other is not None:
            # Both on one target: keep the lead row, end the other (a department is lead or co, not both).
            keep, drop = (a, other) if a.role == "lead" and other.role != "lead" else (other, a)
            drop.ended_at = now
            result.ended_duplicates += 1
            if keep is a:
                live_dst[a.target_id] = a
        a.department_id = dst.id
        result.assignments += 1
    for p in session.scalars(select(ProgressReport).where(ProgressReport.department_id == src.id)):
        p.department_id = dst.id
        result.progress += 1
    for u in session.scalars(select(User).where(User.department_id == src.id)):
        u.department_id = dst.id
        result.users += 1
    for r in session.scalars(select(Reminder).where(Reminder.department_id == src.id)):
        r.department_id = dst.id
        result.reminders += 1
    for urge in session.scalars(select(Urge).where(Urge.department_id == src.id)):  # 催办, answered or not
        urge.department_id = dst.id
    names = [*aliases_of(session, dst), src.name, *aliases_of(session, src)]
    if src.short_name:
        names.append(src.short_name)
    before_src = snapshot(src)
    src.active = False
    session.flush()
    counts = {"assignments": result.assignments, "progress": result.progress, "users": result.users,
              "reminders": result.reminders, "ended_duplicates": result.ended_duplicates}
    record(session, actor=actor, action="merge", entity="department", entity_id=src.id, before=before_src,
           after={"into": dst.id, "into_name": dst.name, **counts},
           note=f"“{src.name}”并入“{dst.name}”：分工 {result.assignments} 条，报送 {result.progress} 条，"
                f"账户 {result.users} 个")
    record(session, actor=actor, action="merge_in", entity="department", entity_id=dst.id,
           after={"from": src.id, "from_name": src.name, **counts}, note=f"并入“{src.name}”")
    set_aliases(session, department=dst, aliases=[n for n in names if n != src.name] + [src.name], actor=actor)
    return result


def department_history(session: Session, department: DepartmentRef, limit: int = 100) -> list[AuditEvent]:
    """A department's audit events, with those of the departments merged into it."""
    dept = get_department(session, ref=department)
    into = merged_into(session)
    ids = {dept.id}
    changed = True
    while changed:
        changed = False
        for s, d in into.items():
            if d in ids and s not in ids:
                ids.add(s)
                changed = True
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "department", AuditEvent.entity_id.in_(ids))
        .order_by(AuditEvent.id.desc()).limit(limit)))


def department_counts(session: Session) -> dict[int, dict[str, int]]:
    """Per department: live assignments (confirmed, to confirm) and accounts, for the admin page."""
    out: dict[int, dict[str, int]] = {}
    rows = session.execute(
        select(Assignment.department_id, Assignment.confirmed, func.count())
        .where(Assignment.ended_at.is_(None)).group_by(Assignment.department_id, Assignment.confirmed))
    for did, confirmed, n in rows:
        c = out.setdefault(did, {"confirmed": 0, "suggested": 0, "users": 0})
        c["confirmed" if confirmed else "suggested"] += n
    for uid, n in session.execute(select(User.department_id, func.count()).where(User.department_id.is_not(None))
                                  .group_by(User.department_id)):
        if uid is not None:
            out.setdefault(uid, {"confirmed": 0, "suggested": 0, "users": 0})["users"] = n
    return out


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
            raise InvalidInput("部门名称不能为空")
        other = session.scalar(
            select(Department.id).where(Department.name == name.strip(), Department.id != dept.id)
        )
        if other is not None:
            raise InvalidInput(f"部门“{name}”已存在")
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
