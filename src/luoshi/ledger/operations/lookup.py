"""Finding one row by reference (an id, a name, or the row itself) and the plain lists of reports:
the lookups every other operation starts from."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.errors import NotFound
from luoshi.ledger.rules import aliases as dictionary
from luoshi.ledger.storage.models import MAX_ID, AuditEvent, Base, Department, Report, Target

TargetRef = Target | int | str
DepartmentRef = Department | int | str
M = TypeVar("M", bound=Base)


def by_id(session: Session, model: type[M], ident: int) -> M | None:
    """The row with this id, or None; an id no row can have (0, negative, past the 32-bit range) is
    never sent to the database, where it would be an overflow error instead of "not found"."""
    if not 1 <= ident <= MAX_ID:
        return None
    return session.get(model, ident)


def get_target(session: Session, *, ref: TargetRef | str) -> Target:
    if isinstance(ref, Target):
        return ref
    try:
        tid = int(ref)
    except (TypeError, ValueError):
        raise NotFound(f"目标编号须为数字：{ref!r} / target id must be a number") from None
    target = by_id(session, Target, tid)
    if target is None:
        raise NotFound(f"没有编号为 {ref} 的目标 / no target with id {ref}")
    return target


def get_department(session: Session, *, ref: DepartmentRef) -> Department:
    if isinstance(ref, Department):
        return ref
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        dept = by_id(session, Department, int(ref))
    else:
        name = ref.strip()
        dept = session.scalar(
            select(Department).where(or_(Department.name == name, Department.short_name == name))
        )
        if dept is None:
            dept = resolve_department(session, name)
        elif not dept.active:
            dept = follow_merges(session, dept)  # a merged department's name leads to the one it joined
    if dept is None:
        raise NotFound(f"没有部门 {ref} / no such department")
    return dept


def department_aliases(session: Session) -> dict[int, list[str]]:
    """Each department's own aliases: the names of departments merged into it and those the office
    added. Kept as the department's latest `aliases` audit event (no column of their own: the list is
    short and changes rarely)."""
    out: dict[int, list[str]] = {}
    rows = session.execute(
        select(AuditEvent.entity_id, AuditEvent.after)
        .where(AuditEvent.entity == "department", AuditEvent.action == "aliases")
        .order_by(AuditEvent.id)
    )
    for did, after in rows:
        if did is not None:
            out[did] = [str(a) for a in (after or {}).get("aliases", [])]
    return out


def merged_into(session: Session) -> dict[int, int]:
    """Department id → the id of the department it was merged into."""
    out: dict[int, int] = {}
    rows = session.execute(
        select(AuditEvent.entity_id, AuditEvent.after)
        .where(AuditEvent.entity == "department", AuditEvent.action == "merge")
        .order_by(AuditEvent.id)
    )
    for did, after in rows:
        into = (after or {}).get("into")
        if did is not None and isinstance(into, int):
            out[did] = into
    return out


def resolve_department(session: Session, name: str) -> Department | None:
    """The department a name means, through the dictionary and the ledger's own aliases (发改委 finds the
    发展和改革局 the region created); a merged department's name leads to the one it was merged into."""
    rows = [(d.id, d.name, d.active) for d in session.scalars(select(Department))]
    did = dictionary.find(name, rows, department_aliases(session))
    dept = session.get(Department, did) if did is not None else None
    return follow_merges(session, dept) if dept is not None else None


def follow_merges(session: Session, dept: Department) -> Department:
    """The department `dept` was merged into (through any chain of merges); itself when never merged."""
    into = merged_into(session)
    did, seen = dept.id, set()
    while did in into and did not in seen:
        seen.add(did)
        did = into[did]
    found = session.get(Department, did) if did != dept.id else dept
    return found if found is not None else dept


def get_report(session: Session, *, ref: Report | int | None = None) -> Report:
    """A report by id; `None` means the latest imported one."""
    if isinstance(ref, Report):
        return ref
    report = (
        by_id(session, Report, ref)
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
