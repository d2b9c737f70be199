"""Reminders (催办): near the deadline, overdue, missing, awaiting review; recorded once a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger_cases import DB
from sqlalchemy import func, select

from luoshi.ledger import service
from luoshi.ledger.operations.remind import due_reminders, send_reminders
from luoshi.ledger.storage.models import Reminder, Target


def test_reminder_kinds(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    plant = s.scalar(select(Target).where(Target.subject == "新增规模工业企业"))
    kid = s.scalar(select(Target).where(Target.subject == "新建幼儿园"))
    gdp = s.scalar(select(Target).where(Target.subject == "地区生产总值"))
    edu = service.get_department(s, ref="教育局")
    clerk = service.create_user(s, username="edu", password="long enough 42", role="department", department=edu, actor=admin)
    service.assign(s, target=plant, lead="工业和信息化局", deadline=date(2024, 9, 30), actor=admin)
    service.confirm_assignment(s, target=kid, actor=admin)  # a suggested lead reaches 教育局 once confirmed
    for q in ("2024-Q1", "2024-Q2"):
        service.add_progress(s, target=plant, period=q, value=10, reporter=admin)
        service.add_progress(s, target=gdp, period=q, value=6, reporter=admin)
    pr = service.add_progress(s, target=kid, period="2024-Q2", value=1, reporter=clerk)  # pending
    items = due_reminders(s, as_of=date(2024, 9, 20))
    kinds = {(i.target_id, i.kind) for i in items}
    assert (plant.id, "near") in kinds  # deadline 9-30, 10 days away
    assert (kid.id, "missing") in kinds and (kid.id, "review") in kinds
    assert not any(t == gdp.id for t, _k in kinds)  # reported, deadline far
    review = next(i for i in items if i.kind == "review")
    assert review.department == "教育局" and review.progress_id == pr.id
    late = {(i.target_id, i.kind) for i in due_reminders(s, as_of=date(2024, 10, 15))}
    assert (plant.id, "overdue") in late
    # Sent once per department, target, kind and day; the send is audited.
    sent = send_reminders(s, as_of=date(2024, 9, 20), actor=admin)
    assert len(sent) == len(items)
    assert send_reminders(s, as_of=date(2024, 9, 20), actor=admin) == []
    assert s.scalar(select(func.count()).select_from(Reminder)) == len(items)
    ev = service.history(s, action="remind")[0]
    assert sum(ev.after["per_department"].values()) == len(items)
