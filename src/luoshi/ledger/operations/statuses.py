"""Status in bulk (a few queries for any number of targets) and the office's overrides. The rules
themselves are pure (`rules.status`); this module only gathers their facts from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.errors import Conflict, InvalidInput
from luoshi.ledger.operations.context import default_rules, today
from luoshi.ledger.operations.lookup import TargetRef, get_target
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.rules.status import STATUSES, Facts, Reading, Rules, Status, evaluate, rollup
from luoshi.ledger.storage.audit import history, record
from luoshi.ledger.storage.db import claim_version
from luoshi.ledger.storage.models import ProgressReport, StatusOverride, Target, User, utcnow


def latest_readings(session: Session, as_of: date, report_id: int | None, accepted_only: bool,
                    target_ids: Collection[int] | None = None) -> list[Any]:
    """The latest report per target (by period end, then id) with `period_end <= as_of`, in one query:
    SQLite's max() with bare columns, PostgreSQL's DISTINCT ON, a window function elsewhere.
    `target_ids` keeps those targets only."""
    P = ProgressReport
    cols = (P.id, P.target_id, P.period, P.period_end, P.value, P.stage, P.review_state, P.note)
    dialect = session.get_bind().dialect.name

    def scope(q: Any) -> Any:
        q = q.where(P.period_end <= as_of)
        if accepted_only:
            q = q.where(P.review_state == "accepted")
        if report_id is not None:
            q = q.join(Target, Target.id == P.target_id).where(Target.report_id == report_id)
        if target_ids is not None:
            q = q.where(P.target_id.in_(list(target_ids)))
        return q

    if dialect == "sqlite":
        key = func.max(func.printf("%s#%012d", P.period_end, P.id)).label("k")
        return list(session.execute(scope(select(*cols, key)).group_by(P.target_id)))
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import distinct_on

        q = (
            scope(select(*cols))
            .ext(distinct_on(P.target_id))
            .order_by(P.target_id, P.period_end.desc(), P.id.desc())
        )
        return list(session.execute(q))
    rn = (
        func.row_number()
        .over(partition_by=P.target_id, order_by=(P.period_end.desc(), P.id.desc()))
        .label("rn")
    )
    sub = scope(select(*cols, rn)).subquery()
    return list(session.execute(select(sub).where(sub.c.rn == 1)))


def statuses_as_of(
    session: Session, *, as_of: date, report_id: int | None = None, rules: Rules | None = None,
    target_ids: Collection[int] | None = None,
) -> dict[int, Status]:
    """The status of every target (of one report, or all) as of `as_of`, keyed by target id. Four
    queries whatever the number of targets: targets, latest accepted readings, last report states (for
    the sent-back warning), overrides. `target_ids` judges those targets only: give a parent with all
    its descendants, as its status rolls up from theirs."""
    rules = rules or default_rules()
    T = Target
    q = select(
        T.id,
        T.parent_id,
        T.type,
        T.measure,
        T.kind,
        T.bound,
        T.value,
        T.value_max,
        T.unit,
        T.start_date,
        T.deadline,
        T.frequency,
        T.withdrawn_at,
    )
    if report_id is not None:
        q = q.where(T.report_id == report_id)
    if target_ids is not None:
        q = q.where(T.id.in_(list(target_ids)))
    rows = list(session.execute(q))
    readings = {
        r.target_id: Reading(r.period, r.period_end, r.value, r.stage)
        for r in latest_readings(session, as_of, report_id, True, target_ids)
    }
    returned = {
        r.target_id for r in latest_readings(session, as_of, report_id, False, target_ids)
        if r.review_state == "returned"
    }
    oq = (
        select(StatusOverride.target_id, StatusOverride.status, StatusOverride.reason)
        .where(StatusOverride.ended_at.is_(None))
        .order_by(StatusOverride.id)
    )
    if report_id is not None:
        oq = oq.join(T, T.id == StatusOverride.target_id).where(T.report_id == report_id)
    if target_ids is not None:
        oq = oq.where(StatusOverride.target_id.in_(list(target_ids)))
    overrides = {o.target_id: (o.status, o.reason) for o in session.execute(oq)}
    facts: dict[int, Facts] = {}
    kids: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        facts[r.id] = Facts(
            r.type,
            r.measure,
            r.kind,
            r.bound,
            r.value,
            r.value_max,
            r.unit,
            r.start_date,
            r.deadline,
            r.frequency,
            r.withdrawn_at is not None,
        )
        if r.parent_id is not None:
            kids[r.parent_id].append(r.id)
    out: dict[int, Status] = {}

    def judge(tid: int) -> Status:
        if tid in out:
            return out[tid]
        f = facts[tid]
        if tid in kids and not f.withdrawn and tid not in overrides:
            child = [judge(c) for c in kids[tid] if c in facts]
            own = evaluate(f, readings[tid], as_of, rules) if tid in readings else None
            st = rollup(own, child, f, as_of, rules)
        else:
            st = evaluate(
                f, readings.get(tid), as_of, rules, override=overrides.get(tid), returned=tid in returned
            )
        out[tid] = st
        return st

    for tid in facts:
        judge(tid)
    return out


def status_of(
    session: Session, *, target: TargetRef, as_of: date | None = None, rules: Rules | None = None
) -> Status:
    t = get_target(session, ref=target)
    return statuses_as_of(session, as_of=as_of or today(), report_id=t.report_id, rules=rules)[t.id]


def target_conflict(session: Session, t: Target) -> Conflict:
    """The target as it now stands, for the one who decided second: its override and the last change."""
    ov = session.scalars(select(StatusOverride).where(StatusOverride.target_id == t.id,
                                                      StatusOverride.ended_at.is_(None))
                         .order_by(StatusOverride.id.desc())).first()
    last = next(iter(history(session, target=t, limit=1)), None)
    state = "已撤销" if t.withdrawn_at else (f"督查室认定：{ov.status}" if ov else "按规则计算（无人工认定）")
    return Conflict(
        f"目标 #{t.id} 在您打开页面之后已被他人修改，您的操作没有生效",
        current={"entity": "target", "id": t.id, "target_id": t.id, "state": state,
                 "by": last.actor_name if last else None,
                 "at": last.at.isoformat(sep=" ", timespec="minutes") if last else None,
                 "comment": (ov.reason if ov else None) or t.withdrawn_reason, "version": t.version},
    )


def claim_target(session: Session, t: Target, expected_version: int | None) -> None:
    """A status decision on `t` takes its version (the one the page showed, or the one loaded): of two
    decisions at once, one wins and the other gets Conflict, writing nothing."""
    if expected_version is not None and t.version != expected_version:
        raise target_conflict(session, t)
    if not claim_version(session, t, expected_version):
        raise target_conflict(session, t)


def override_status(
    session: Session, *, target: TargetRef, status: str, reason: str, actor: User,
    expected_version: int | None = None,
) -> StatusOverride:
    """The office sets a target's status by hand, with a reason; shown and audited, until cleared."""
    require_role(actor, "admin")
    t = get_target(session, ref=target)
    if status not in STATUSES:
        raise InvalidInput(f"状态须为 {'/'.join(STATUSES)} / unknown status {status!r}")
    if not reason or not reason.strip():
        raise InvalidInput("人工认定状态须说明理由 / a reason is required")
    claim_target(session, t, expected_version)
    now = utcnow()
    before = None
    for o in session.scalars(
        select(StatusOverride).where(StatusOverride.target_id == t.id, StatusOverride.ended_at.is_(None))
    ):
        o.ended_at = now
        before = {"status": o.status, "reason": o.reason}
    ov = StatusOverride(target_id=t.id, status=status, reason=reason.strip(), actor_id=actor.id)
    session.add(ov)
    session.flush()
    record(
        session,
        actor=actor,
        action="override",
        entity="target",
        entity_id=t.id,
        target_id=t.id,
        before=before,
        after={"status": status, "reason": reason.strip()},
    )
    return ov


def clear_override(session: Session, *, target: TargetRef, reason: str = "", actor: User,
                   expected_version: int | None = None) -> None:
    require_role(actor, "admin")
    t = get_target(session, ref=target)
    claim_target(session, t, expected_version)
    rows = list(
        session.scalars(
            select(StatusOverride).where(StatusOverride.target_id == t.id, StatusOverride.ended_at.is_(None))
        )
    )
    if not rows:
        raise InvalidInput(f"目标 {t.id} 没有人工认定的状态 / no override to clear")
    for o in rows:
        o.ended_at = utcnow()
    record(
        session,
        actor=actor,
        action="clear_override",
        entity="target",
        entity_id=t.id,
        target_id=t.id,
        before={"status": rows[-1].status, "reason": rows[-1].reason},
        note=reason,
    )
