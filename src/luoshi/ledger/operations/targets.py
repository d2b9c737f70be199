"""Targets: lists with filters, sub-tasks, the office's corrections and withdrawals."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.ledger.operations.context import today
from luoshi.ledger.operations.lookup import DepartmentRef, TargetRef, get_target
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.responsibility import assign, lead_of
from luoshi.ledger.operations.statuses import statuses_as_of
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.db import claim_version
from luoshi.ledger.storage.models import FREQUENCIES, Assignment, Target, User, utcnow


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
    target_ids: Collection[int] | None = None,
) -> list[Target]:
    """Targets in report order. `department_id` (with `role` lead/co, default either) keeps those the
    department is assigned to; `status` needs `as_of` (default today); `target_ids` keeps those."""
    query = select(Target).order_by(Target.report_id, Target.seq, Target.id)
    if target_ids is not None:
        query = query.where(Target.id.in_(list(target_ids)))
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
    p = get_target(session, ref=parent)
    lead = lead_of(p)
    if actor.role != "admin":
        require_role(actor, "department")
        confirmed = any(a.role == "lead" and a.confirmed for a in p.assignments)
        if lead is None or actor.department_id != lead.id or not confirmed:  # a suggestion is not the department's yet
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
