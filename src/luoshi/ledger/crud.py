"""Regions, departments, reports and targets: lookups, lists and the plain changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.ledger.audit import record, snapshot
from luoshi.ledger.db import claim_version
from luoshi.ledger.models import FREQUENCIES, Assignment, Department, Region, Report, Target, User, utcnow
from luoshi.ledger.users import require_role

TargetRef = Target | int | str
DepartmentRef = Department | int | str


# ---- regions ---------------------------------------------------------------------------------------


def get_or_create_region(
    session: Session, *, name: str, level: str = "", parent: Region | None = None, actor: User | None
) -> Region:
    name = name.strip()
    if not name:
        raise InvalidInput("地区名称不能为空 / region name is empty")
    region = session.scalar(select(Region).where(Region.name == name))
    if region is None:
        require_role(actor, "admin")
        region = Region(name=name, level=level, parent_id=parent.id if parent else None)
        session.add(region)
        session.flush()
        record(
            session,
            actor=actor,
            action="create",
            entity="region",
            entity_id=region.id,
            after=snapshot(region),
        )
    return region


# ---- departments -----------------------------------------------------------------------------------


def get_department(session: Session, *, ref: DepartmentRef) -> Department:
    if isinstance(ref, Department):
        return ref
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        dept = session.get(Department, int(ref))
    else:
        name = ref.strip()
        dept = session.scalar(
            select(Department).where(or_(Department.name == name, Department.short_name == name))
        )
    if dept is None:
        raise NotFound(f"没有部门 {ref} / no such department")
    return dept


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


# ---- reports ---------------------------------------------------------------------------------------


def get_report(session: Session, *, ref: Report | int | None = None) -> Report:
    """A report by id; `None` means the latest imported one."""
    if isinstance(ref, Report):
        return ref
    report = (
        session.get(Report, ref)
        if ref is not None
        else session.scalar(select(Report).order_by(Report.year.desc(), Report.id.desc()).limit(1))
    )
    if report is None:
        raise NotFound(
            f"没有报告 {ref} / no such report"
            if ref is not None
            else "还没有导入报告 / no report imported yet"
        )
    return report


def list_reports(session: Session) -> list[Report]:
    return list(session.scalars(select(Report).order_by(Report.year.desc(), Report.id)))


# ---- targets ---------------------------------------------------------------------------------------


def get_target(session: Session, *, ref: TargetRef | str) -> Target:
    if isinstance(ref, Target):
        return ref
    try:
        tid = int(ref)
    except (TypeError, ValueError):
        raise NotFound(f"目标编号须为数字：{ref!r} / target id must be a number") from None
    target = session.get(Target, tid)
    if target is None:
        raise NotFound(f"没有编号为 {ref} 的目标 / no target with id {ref}")
    return target


def children(session: Session, *, target: TargetRef) -> list[Target]:
    tid = get_target(session, ref=target).id
    return list(
        session.scalars(select(Target).where(Target.parent_id == tid).order_by(Target.seq, Target.id))
    )


def list_targets(
    session: Session,
    *,
    report_id: int | None = None,
    department_id: int | None = None,
    role: str | None = None,
    status: str | None = None,
    type: str | None = None,
    kind: str | None = None,
    section_id: int | None = None,
    q: str | None = None,
    as_of: date | None = None,
    include_withdrawn: bool = False,
) -> list[Target]:
    """Targets in report order. `department_id` (with `role` lead/co, default either) keeps those the
    department is assigned to; `status` needs `as_of` (default today)."""
    query = select(Target).order_by(Target.report_id, Target.seq, Target.id)
    if report_id is not None:
        query = query.where(Target.report_id == report_id)
    if not include_withdrawn:
        query = query.where(Target.withdrawn_at.is_(None))
    if type is not None:
        query = query.where(Target.type == type)
    if kind is not None:
        query = query.where(Target.kind == kind)
    if section_id is not None:
        query = query.where(Target.section_id == section_id)
    if q:
        like = f"%{q}%"
        query = query.where(
            or_(Target.text.like(like), Target.subject.like(like), Target.evidence.like(like))
        )
    if department_id is not None:
        sub = select(Assignment.target_id).where(
            Assignment.department_id == department_id, Assignment.ended_at.is_(None)
        )
        if role is not None:
            sub = sub.where(Assignment.role == role)
        query = query.where(Target.id.in_(sub))
    targets = list(session.scalars(query))
    if status is not None:
        from luoshi.ledger.tracking import statuses_as_of, today

        st = statuses_as_of(session, as_of=as_of or today(), report_id=report_id)
        targets = [t for t in targets if t.id in st and st[t.id].status == status]
    return targets


def withdraw_target(session: Session, *, target: TargetRef, reason: str, actor: User) -> Target:
    require_role(actor, "admin")
    t = get_target(session, ref=target)
    if not reason or not reason.strip():
        raise InvalidInput("撤销目标须说明理由 / a reason is required")
    if t.withdrawn_at is not None:
        raise InvalidInput(f"目标 {t.id} 已撤销 / already withdrawn")
    before = snapshot(t)
    if not claim_version(session, t, None, Target.withdrawn_at.is_(None)):
        raise Conflict(f"目标 {t.id} 刚被他人修改或撤销，请刷新后再操作")
    t.withdrawn_at = utcnow()
    t.withdrawn_reason = reason.strip()
    record(
        session,
        actor=actor,
        action="withdraw",
        entity="target",
        entity_id=t.id,
        target_id=t.id,
        before=before,
        after=snapshot(t),
        note=reason.strip(),
    )
    return t


_EDITABLE = {
    "text",
    "subject",
    "value",
    "value_max",
    "unit",
    "kind",
    "bound",
    "measure",
    "deadline",
    "start_date",
    "frequency",
}


def update_target(session: Session, *, target: TargetRef, actor: User, **fields: Any) -> Target:
    """Change a target's fields (the office's corrections: value, unit, deadline, frequency …)."""
    require_role(actor, "admin")
    t = get_target(session, ref=target)
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise InvalidInput(f"不能修改字段 {sorted(unknown)} / cannot change these fields")
    if "frequency" in fields and fields["frequency"] not in FREQUENCIES:
        raise InvalidInput(f"报送频次须为 {'/'.join(FREQUENCIES)} / bad frequency")
    if "measure" in fields and fields["measure"] not in ("cumulative", "level", None):
        raise InvalidInput("measure 须为 cumulative 或 level")
    before = snapshot(t)
    for k, v in fields.items():
        setattr(t, k, v)
    if t.deadline < t.start_date:
        raise InvalidInput("完成时限早于开始日期 / deadline before start")
    t.updated_at = utcnow()
    record(
        session,
        actor=actor,
        action="update",
        entity="target",
        entity_id=t.id,
        target_id=t.id,
        before=before,
        after=snapshot(t),
    )
    return t


def add_subtask(
    session: Session,
    *,
    parent: TargetRef,
    text: str,
    deadline: date | None = None,
    co: list[DepartmentRef] | tuple[DepartmentRef, ...] = (),
    value: float | None = None,
    unit: str | None = None,
    actor: User,
) -> Target:
    """A sub-task (具体工作内容) of a target, by the office or the target's lead department; the lead
    department leads it, `co` departments help. The parent's status rolls up from its sub-tasks."""
    from luoshi.ledger.responsibility import assign, lead_of

    p = get_target(session, ref=parent)
    lead = lead_of(p)
    if actor.role != "admin":
        require_role(actor, "department")
        if lead is None or actor.department_id != lead.id:
            raise PermissionDenied(
                "只有牵头单位或督查室可以分解目标 / only the lead department may split a target"
            )
    if not text or not text.strip():
        raise InvalidInput("子任务内容不能为空 / sub-task text is empty")
    dl = deadline or p.deadline
    if not p.start_date <= dl <= date(p.deadline.year, 12, 31):
        raise InvalidInput(
            f"子任务时限 {dl} 须在 {p.start_date} 至 {p.deadline.year}-12-31 之间 / deadline out of range"
        )
    seq = max((c.seq for c in children(session, target=p)), default=0) + 1
    sub = Target(
        report_id=p.report_id,
        section_id=p.section_id,
        parent_id=p.id,
        type="subtask",
        seq=p.seq * 1000 + seq,
        text=text.strip(),
        evidence=p.evidence,
        subject=p.subject if value is not None else None,
        value=value,
        unit=unit if value is not None else None,
        kind="amount" if value is not None else None,
        bound="exact" if value is not None else None,
        measure="cumulative" if value is not None else None,
        year=p.year,
        start_date=p.start_date,
        deadline=dl,
        frequency=p.frequency,
    )
    session.add(sub)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity="target",
        entity_id=sub.id,
        target_id=sub.id,
        after=snapshot(sub),
        note=f"分解自目标 {p.id}",
    )
    if lead is not None:
        assign(session, target=sub, lead=lead, co=list(co), actor=actor, _allow_lead_department=True)
    return sub
