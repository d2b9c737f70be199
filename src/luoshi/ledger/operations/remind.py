"""Reminders (催办): what is near its deadline, overdue, missing its report, or awaiting review, per
department; `send_reminders` records each one (once per department, target, kind and day)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.ledger.operations.context import default_rules
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.statuses import statuses_as_of
from luoshi.ledger.rules.colours import RED
from luoshi.ledger.rules.status import DONE, MISSING
from luoshi.ledger.storage.audit import record
from luoshi.ledger.storage.models import Assignment, Department, ProgressReport, Reminder, Target, User

KINDS = {"overdue": "已逾期", "missing": "未按时报送", "near": "临近完成时限", "review": "待审核"}


@dataclass(frozen=True, slots=True)
class ReminderItem:
    department_id: int | None
    department: str
    target_id: int
    kind: str  # overdue / missing / near / review
    message: str
    progress_id: int | None = None


def due_reminders(session: Session, *, as_of: date, report_id: int | None = None) -> list[ReminderItem]:
    """Everything a department should be reminded of as of `as_of`, grouped by department (lead
    departments for deadlines and missing reports; the reporting department for reports awaiting review)."""
    statuses = statuses_as_of(session, as_of=as_of, report_id=report_id)
    near_days = default_rules().near_days
    q = select(Target.id, Target.text, Target.deadline, Target.parent_id).where(Target.withdrawn_at.is_(None))
    if report_id is not None:
        q = q.where(Target.report_id == report_id)
    targets = {t.id: t for t in session.execute(q)}
    parents = {t.parent_id for t in targets.values() if t.parent_id is not None}
    leads: dict[int, tuple[int, str]] = {}
    for a in session.execute(
        select(Assignment.target_id, Department.id, Department.name)
        .join(Department)
        .where(Assignment.ended_at.is_(None), Assignment.role == "lead", Assignment.confirmed.is_(True))
    ):
        leads[a.target_id] = (a.id, a.name)
    items: list[ReminderItem] = []
    for tid, t in targets.items():
        if tid in parents:
            continue  # remind on the sub-targets, not their container
        st = statuses.get(tid)
        if st is None:
            continue
        dept_id, dept = leads.get(tid, (None, "（未分配）"))
        short = t.text if len(t.text) <= 40 else t.text[:40] + "…"
        if st.warning == RED:
            items.append(
                ReminderItem(
                    dept_id,
                    dept,
                    tid,
                    "overdue",
                    f"【已逾期】{short}（时限{t.deadline:%Y-%m-%d}）：{st.reason}",
                )
            )
        elif st.status == MISSING:
            items.append(ReminderItem(dept_id, dept, tid, "missing", f"【未按时报送】{short}：{st.reason}"))
        elif st.status != DONE and 0 <= (t.deadline - as_of).days <= near_days:
            days = (t.deadline - as_of).days
            items.append(
                ReminderItem(
                    dept_id,
                    dept,
                    tid,
                    "near",
                    f"【临近时限】{short}：距完成时限{t.deadline:%Y-%m-%d}还有{days}天",
                )
            )
    pq = select(
        ProgressReport.id,
        ProgressReport.target_id,
        ProgressReport.period,
        ProgressReport.department_id,
        ProgressReport.reported_at,
    ).where(ProgressReport.review_state == "pending")
    names: dict[int, str] = {i: n for i, n in session.execute(select(Department.id, Department.name)).all()}
    for p in session.execute(pq):
        if p.target_id not in targets:
            continue
        dept = names.get(p.department_id, "督查室") if p.department_id else "督查室"
        short = targets[p.target_id].text[:40]
        items.append(
            ReminderItem(
                p.department_id,
                dept,
                p.target_id,
                "review",
                f"【待审核】{short}：{p.period}进展于{p.reported_at:%Y-%m-%d}报送，等待督查室审核",
                p.id,
            )
        )
    order = {"overdue": 0, "missing": 1, "near": 2, "review": 3}
    items.sort(key=lambda i: (i.department, order[i.kind], i.target_id))
    return items


def send_reminders(
    session: Session, *, as_of: date, actor: User, report_id: int | None = None
) -> list[ReminderItem]:
    """Record the reminders due today (skipping any already sent for the same department, target, kind
    and day) and return the new ones."""
    require_role(actor, "admin")
    items = due_reminders(session, as_of=as_of, report_id=report_id)
    sent = {
        (r.department_id, r.target_id, r.kind)
        for r in session.scalars(select(Reminder).where(Reminder.as_of == as_of))
    }
    new: list[ReminderItem] = []
    per_dept: dict[str, int] = defaultdict(int)
    for it in items:
        if (it.department_id, it.target_id, it.kind) in sent:
            continue
        session.add(
            Reminder(
                department_id=it.department_id,
                target_id=it.target_id,
                progress_id=it.progress_id,
                kind=it.kind,
                message=it.message,
                as_of=as_of,
            )
        )
        new.append(it)
        per_dept[it.department] += 1
    if new:
        record(
            session,
            actor=actor,
            action="remind",
            entity="reminder",
            entity_id=None,
            after={"as_of": as_of.isoformat(), "per_department": dict(per_dept)},
        )
    return new
