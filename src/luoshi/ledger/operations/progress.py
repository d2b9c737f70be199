"""Progress reports: append-only, reviewed by the office (待审核 → accepted / returned)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.ledger.operations.lookup import TargetRef, by_id, get_target
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.rules.schedule import parse_period
from luoshi.ledger.rules.values import check_value
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.db import claim_version
from luoshi.ledger.storage.models import STAGES, Assignment, Attachment, ProgressReport, Target, User, utcnow

_MAGNITUDE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
_SAME = [{"%", "个百分点"}]


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """A 佐证材料 file already stored by the caller (the web app keeps the bytes)."""

    filename: str
    size: int = 0
    content_type: str = ""
    stored_path: str = ""
    sha256: str = ""


def _split_unit(unit: str) -> tuple[float, str]:
    for prefix, factor in _MAGNITUDE.items():
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return 1.0, unit


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """`value` in `from_unit` expressed in `to_unit` (万人 ↔ 人, 亿元 ↔ 万元); InvalidInput if the units
    measure different things."""
    if from_unit == to_unit or any({from_unit, to_unit} <= s for s in _SAME):
        return value
    f1, base1 = _split_unit(from_unit)
    f2, base2 = _split_unit(to_unit)
    if base1 != base2 or not base1:
        raise InvalidInput(
            f"单位不符：报送单位 {from_unit!r}，目标单位 {to_unit!r} / unit {from_unit!r} does not match {to_unit!r}"
        )
    return value * f1 / f2


def _department_may_report(session: Session, actor: User, target: Target) -> bool:
    ids = []
    t: Target | None = target
    while t is not None:
        ids.append(t.id)
        t = session.get(Target, t.parent_id) if t.parent_id else None
    hit = session.scalar(
        select(Assignment.id)
        .where(
            Assignment.target_id.in_(ids),
            Assignment.department_id == actor.department_id,
            Assignment.ended_at.is_(None),
            Assignment.confirmed.is_(True),  # a suggestion nobody confirmed is not the department's yet
        )
        .limit(1)
    )
    return hit is not None


def add_progress(
    session: Session,
    *,
    target: TargetRef,
    period: str,
    value: float | None = None,
    stage: str | None = None,
    note: str = "",
    unit: str | None = None,
    attachments: Sequence[AttachmentInfo] = (),
    reporter: User,
    supersedes: ProgressReport | int | None = None,
    accept: bool | None = None,
    source: str | None = None,
) -> ProgressReport:
    """Record progress of `target` for `period` (2024 / 2024-H1 / 2024-Q2 / 2024-06 / 2024-06-30): the
    value reached to date (in the target's unit, or in `unit`, converted), or a stage for a task. A
    department user reports on its own targets and the report waits for review; the office's own
    reports are accepted at once (`accept` overrides)."""
    t = get_target(session, ref=target)
    require_role(reporter, "admin", "department")
    if reporter.role == "department" and not _department_may_report(session, reporter, t):
        raise PermissionDenied(
            f"目标 {t.id} 不是本部门的任务 / target {t.id} is not assigned to your department"
        )
    if t.withdrawn_at is not None:
        raise InvalidInput(f"目标 {t.id} 已撤销 / target withdrawn")
    try:
        p = parse_period(period)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    if not t.start_date.year <= p.end.year <= t.deadline.year:
        raise InvalidInput(
            f"报送期 {p.label} 不在目标年度 {t.start_date.year} 内 / period {p.label} outside the target's year"
        )
    if stage is not None and stage not in STAGES:
        raise InvalidInput(f"进展阶段须为 {'/'.join(STAGES)} / unknown stage {stage!r}")
    if value is not None:
        if not math.isfinite(value):
            raise InvalidInput("数值无效：不能是 NaN 或无穷大")
        if unit is not None and t.unit is not None:
            value = convert(value, unit.strip(), t.unit)
        elif unit is not None and t.value is None and unit.strip() not in ("%", ""):
            raise InvalidInput(
                f"定性任务的数值是完成百分比，单位须为 % / a task's value is percent complete, not {unit!r}"
            )
        check_value(value, kind=t.kind, unit=t.unit, measure=t.measure, target=t.value)
    if t.value is not None and value is None and stage != "已完成":
        raise InvalidInput(f"目标 {t.id} 是量化指标，须报送数值 / a quantified target needs a value")
    if t.value is None and value is None and stage is None:
        raise InvalidInput(
            f"目标 {t.id} 须报送进展阶段（{'/'.join(STAGES)}）或完成百分比 / give a stage or percent"
        )
    prev_id = None
    if supersedes is not None:
        prev = (
            supersedes if isinstance(supersedes, ProgressReport) else by_id(session, ProgressReport, supersedes)
        )
        if prev is None or prev.target_id != t.id:
            raise InvalidInput(
                f"被更正的报送 {supersedes} 不属于目标 {t.id} / superseded report is not this target's"
            )
        prev_id = prev.id
    accepted = accept if accept is not None else reporter.role == "admin"
    pr = ProgressReport(
        target_id=t.id,
        period=p.label,
        period_end=p.end,
        value=value,
        stage=stage,
        note=note.strip(),
        source=source or ("office" if reporter.role == "admin" else "department"),
        reporter_id=reporter.id,
        department_id=reporter.department_id,
        supersedes_id=prev_id,
        review_state="accepted" if accepted else "pending",
        reviewed_by=reporter.id if accepted else None,
        reviewed_at=utcnow() if accepted else None,
    )
    session.add(pr)
    session.flush()
    for a in attachments:
        if not a.filename:
            raise InvalidInput("附件缺少文件名 / attachment without a file name")
        session.add(
            Attachment(
                progress_id=pr.id,
                filename=a.filename,
                size=a.size,
                content_type=a.content_type,
                stored_path=a.stored_path,
                sha256=a.sha256,
            )
        )
    session.flush()
    after = snapshot(pr) or {}
    after["attachments"] = [a.filename for a in attachments]
    record(
        session,
        actor=reporter,
        action="progress",
        entity="progress",
        entity_id=pr.id,
        target_id=t.id,
        after=after,
    )
    return pr


def get_progress(session: Session, *, ref: ProgressReport | int) -> ProgressReport:
    if isinstance(ref, ProgressReport):
        return ref
    pr = by_id(session, ProgressReport, ref)
    if pr is None:
        raise NotFound(f"没有编号为 {ref} 的进展报送 / no progress report {ref}")
    return pr


REVIEW_NAMES = {"pending": "待审核", "accepted": "已采纳", "returned": "已退回"}


def review_conflict(session: Session, pr: ProgressReport) -> Conflict:
    """The report as it now stands, for the reviewer who came second."""
    by = session.get(User, pr.reviewed_by) if pr.reviewed_by else None
    state = REVIEW_NAMES.get(pr.review_state, pr.review_state)
    who = f"已由 {by.display_name or by.username} " if by is not None else ""
    return Conflict(
        f"第 {pr.id} 号进展报送{who}处理，现在是“{state}”；您的审核没有生效",
        current={"entity": "progress", "id": pr.id, "target_id": pr.target_id, "state": state,
                 "by": (by.display_name or by.username) if by is not None else None,
                 "at": pr.reviewed_at.isoformat(sep=" ", timespec="minutes") if pr.reviewed_at else None,
                 "comment": pr.review_comment, "version": pr.version},
    )


def review_progress(
    session: Session, *, progress: ProgressReport | int, accept: bool, comment: str = "", actor: User,
    expected_version: int | None = None,
) -> ProgressReport:
    """The office accepts a pending report, or sends it back with a comment (required). The decision is
    claimed with one conditional update on the report's version (`expected_version`: the one the
    reviewer saw), so of two reviewers deciding at once exactly one wins; the other gets Conflict."""
    require_role(actor, "admin")
    pr = get_progress(session, ref=progress)
    if not accept and not comment.strip():
        raise InvalidInput("退回须写明意见 / a comment is required to send a report back")
    if pr.review_state != "pending" or (expected_version is not None and pr.version != expected_version):
        raise review_conflict(session, pr)
    before = snapshot(pr)
    if not claim_version(session, pr, expected_version, ProgressReport.review_state == "pending"):
        raise review_conflict(session, pr)
    pr.review_state = "accepted" if accept else "returned"
    pr.reviewed_by = actor.id
    pr.reviewed_at = utcnow()
    pr.review_comment = comment.strip() or None
    record(
        session,
        actor=actor,
        action="accept" if accept else "return",
        entity="progress",
        entity_id=pr.id,
        target_id=pr.target_id,
        before=before,
        after=snapshot(pr),
        note=comment.strip(),
    )
    return pr


def list_progress(
    session: Session,
    *,
    target: TargetRef | None = None,
    review_state: str | None = None,
    department_id: int | None = None,
) -> list[ProgressReport]:
    """Progress reports, newest first; `department_id` keeps those on targets the department is assigned to.
    Their targets and attachments come in the same round trips (pages list them: no query per row)."""
    q = (select(ProgressReport).order_by(ProgressReport.id.desc())
         .options(joinedload(ProgressReport.target), selectinload(ProgressReport.attachments)))
    if target is not None:
        q = q.where(ProgressReport.target_id == get_target(session, ref=target).id)
    if review_state is not None:
        q = q.where(ProgressReport.review_state == review_state)
    if department_id is not None:
        sub = select(Assignment.target_id).where(
            Assignment.department_id == department_id, Assignment.ended_at.is_(None)
        )
        q = q.where(ProgressReport.target_id.in_(sub))
    return list(session.scalars(q))
