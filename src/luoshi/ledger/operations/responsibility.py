"""Who is responsible: the lead department (牵头单位), co-departments (配合单位), deadlines, and the
keyword rules that suggest them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.ledger.operations.departments import get_or_create_department
from luoshi.ledger.operations.lookup import DepartmentRef, TargetRef, get_department, get_target
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.rules.suggest import Rule, Suggestion, default_rules, parse_rules, suggest
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import (
    FREQUENCIES,
    Assignment,
    Department,
    DepartmentRule,
    Region,
    Report,
    Section,
    Target,
    User,
    utcnow,
)


def lead_of(target: Target) -> Department | None:
    for a in target.assignments:
        if a.role == "lead":
            return a.department
    return None


def co_of(target: Target) -> list[Department]:
    return [a.department for a in target.assignments if a.role == "co"]


def _section_titles(session: Session, target: Target) -> list[str]:
    titles: list[str] = []
    sec = session.get(Section, target.section_id) if target.section_id else None
    while sec is not None:
        titles.append(sec.title)
        sec = session.get(Section, sec.parent_id) if sec.parent_id else None
    return titles[::-1]


def department_rules(session: Session, *, region: Region | int | None) -> list[Rule]:
    rid = region.id if isinstance(region, Region) else region
    rows = session.scalars(
        select(DepartmentRule)
        .where(DepartmentRule.region_id == rid, DepartmentRule.active.is_(True))
        .order_by(DepartmentRule.priority.desc(), DepartmentRule.id)
    )
    return [Rule(tuple(r.keywords), r.lead, tuple(r.co or ()), f"region:{rid}") for r in rows]


def set_department_rules(
    session: Session, *, region: Region, rules: list[Rule] | dict[str, Any], actor: User
) -> int:
    """Replace a region's own keyword rules (ended rows are kept inactive, not deleted)."""
    require_role(actor, "admin")
    parsed = parse_rules(rules, "rules") if isinstance(rules, dict) else rules
    for old in session.scalars(
        select(DepartmentRule).where(DepartmentRule.region_id == region.id, DepartmentRule.active.is_(True))
    ):
        old.active = False
    for i, r in enumerate(parsed):
        session.add(
            DepartmentRule(
                region_id=region.id,
                keywords=list(r.keywords),
                lead=r.lead,
                co=list(r.co),
                priority=len(parsed) - i,
            )
        )
    record(
        session,
        actor=actor,
        action="set_rules",
        entity="region",
        entity_id=region.id,
        after={"rules": [{"keywords": list(r.keywords), "lead": r.lead, "co": list(r.co)} for r in parsed]},
    )
    return len(parsed)


def suggest_departments(session: Session, *, target: TargetRef) -> Suggestion:
    t = get_target(session, ref=target)
    report = session.get(Report, t.report_id)
    region_rules = department_rules(session, region=report.region_id if report else None)
    return suggest(t.subject or "", t.text, _section_titles(session, t), region_rules)


def assign(
    session: Session,
    *,
    target: TargetRef,
    lead: DepartmentRef,
    co: list[DepartmentRef] | tuple[DepartmentRef, ...] = (),
    deadline: date | None = None,
    frequency: str | None = None,
    confirmed: bool = True,
    actor: User,
    _allow_lead_department: bool = False,
) -> list[Assignment]:
    """Set a target's lead and co-departments (ending the current ones) and optionally its deadline and
    reporting frequency. Departments are looked up by id or name."""
    if not _allow_lead_department:
        require_role(actor, "admin")
    t = get_target(session, ref=target)
    if t.withdrawn_at is not None:
        raise InvalidInput(f"目标 {t.id} 已撤销，不能分配 / target withdrawn")
    lead_dept = get_department(session, ref=lead)
    co_depts: list[Department] = []
    for c in co:
        d = get_department(session, ref=c)
        if d.id != lead_dept.id and d not in co_depts:
            co_depts.append(d)
    stopped = [d.name for d in (lead_dept, *co_depts) if not d.active]
    if stopped:
        raise InvalidInput(f"部门“{'、'.join(stopped)}”已停用，不能分配新的目标任务")
    if deadline is not None and not t.start_date <= deadline <= date(t.start_date.year + 5, 12, 31):
        raise InvalidInput(f"完成时限 {deadline} 不在目标年度范围内 / deadline out of range")
    if frequency is not None and frequency not in FREQUENCIES:
        raise InvalidInput(f"报送频次须为 {'/'.join(FREQUENCIES)} / bad frequency")
    current = list(
        session.scalars(select(Assignment).where(Assignment.target_id == t.id, Assignment.ended_at.is_(None)))
    )
    before = {
        "lead": next((a.department.name for a in current if a.role == "lead"), None),
        "co": [a.department.name for a in current if a.role == "co"],
        "deadline": t.deadline.isoformat(),
        "frequency": t.frequency,
        "confirmed": all(a.confirmed for a in current) if current else None,
    }
    now = utcnow()
    for a in current:
        a.ended_at = now
    rows = [
        Assignment(
            target_id=t.id, department_id=lead_dept.id, role="lead", confirmed=confirmed, created_by=actor.id
        )
    ]
    rows += [
        Assignment(target_id=t.id, department_id=d.id, role="co", confirmed=confirmed, created_by=actor.id)
        for d in co_depts
    ]
    session.add_all(rows)
    if deadline is not None:
        t.deadline = deadline
    if frequency is not None:
        t.frequency = frequency
    session.flush()
    session.expire(t, ["assignments"])
    after = {
        "lead": lead_dept.name,
        "co": [d.name for d in co_depts],
        "deadline": t.deadline.isoformat(),
        "frequency": t.frequency,
        "confirmed": confirmed,
    }
    record(
        session,
        actor=actor,
        action="assign" if confirmed else "suggest",
        entity="target",
        entity_id=t.id,
        target_id=t.id,
        before=before,
        after=after,
    )
    return rows


def confirm_assignment(session: Session, *, target: TargetRef, actor: User) -> list[Assignment]:
    """The office confirms the suggested departments as they are: only then do they reach the
    departments (their pages, reports, 催办)."""
    require_role(actor, "admin")
    t = get_target(session, ref=target)
    rows = list(
        session.scalars(select(Assignment).where(Assignment.target_id == t.id, Assignment.ended_at.is_(None)))
    )
    if not rows:
        raise InvalidInput(f"目标 {t.id} 还没有分配部门，请先分配再确认")
    stopped = [a.department.name for a in rows if not a.department.active]
    if stopped:
        raise InvalidInput(f"目标 {t.id} 的建议部门“{'、'.join(stopped)}”已停用，请重新分配后再确认")
    if all(a.confirmed for a in rows):
        return rows
    for a in rows:
        a.confirmed = True
    record(
        session,
        actor=actor,
        action="confirm",
        entity="target",
        entity_id=t.id,
        target_id=t.id,
        after={"departments": [a.department.name for a in rows]},
    )
    return rows


def auto_assign(session: Session, *, report: Report | int, actor: User, confirmed: bool = False) -> int:
    """Suggest departments for every target of a report that has none; returns how many were set."""
    require_role(actor, "admin")
    rid = report if isinstance(report, int) else report.id
    rep = session.get(Report, rid)
    region_rules = department_rules(session, region=rep.region_id if rep else None)
    assigned = set(
        session.scalars(
            select(Assignment.target_id)
            .join(Target)
            .where(Target.report_id == rid, Assignment.ended_at.is_(None))
        )
    )
    sections = {s.id: s for s in session.scalars(select(Section).where(Section.report_id == rid))}
    dept_cache: dict[str, Department] = {}

    def dept(name: str) -> Department:
        if name not in dept_cache:
            dept_cache[name] = get_or_create_department(session, name=name, actor=actor)
        return dept_cache[name]

    def usable(name: str) -> Department | None:
        d = dept(name)
        return d if d.active else None  # a disabled department is suggested nothing new

    n = 0
    for t in session.scalars(
        select(Target).where(Target.report_id == rid, Target.withdrawn_at.is_(None)).order_by(Target.seq)
    ):
        if t.id in assigned:
            continue
        titles: list[str] = []
        sec = sections.get(t.section_id) if t.section_id else None
        while sec is not None:
            titles.append(sec.title)
            sec = sections.get(sec.parent_id) if sec.parent_id else None
        sug = suggest(t.subject or "", t.text, titles[::-1], region_rules)
        lead = usable(sug.lead) or usable(default_rules()[1])
        if lead is None:
            continue
        co: list[DepartmentRef] = [d for d in (usable(c) for c in sug.co) if d is not None]
        assign(session, target=t, lead=lead, co=co, confirmed=confirmed, actor=actor)
        n += 1
    return n


def confirm_many(session: Session, *, targets: Sequence[TargetRef], actor: User) -> int:
    """Confirm the suggested departments of several targets at once; returns how many changed. Targets
    without departments, or whose suggestion names a disabled department, are refused (nothing is saved)."""
    n = 0
    for ref in targets:
        t = get_target(session, ref=ref)
        was = all(a.confirmed for a in t.assignments) and bool(t.assignments)
        confirm_assignment(session, target=t, actor=actor)
        n += 0 if was else 1
    return n


__all__ = [
    "Rule",
    "Suggestion",
    "assign",
    "auto_assign",
    "co_of",
    "confirm_assignment",
    "confirm_many",
    "department_rules",
    "lead_of",
    "set_department_rules",
    "snapshot",
    "suggest_departments",
]
