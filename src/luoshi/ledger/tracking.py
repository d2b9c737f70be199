"""Status in bulk (a few queries for any number of targets), overrides, ledger rows and roll-ups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.errors import Conflict, InvalidInput
from luoshi.ledger import status as rules_mod
from luoshi.ledger.audit import record
from luoshi.ledger.crud import TargetRef, get_target
from luoshi.ledger.db import claim_version
from luoshi.ledger.importer import value_text
from luoshi.ledger.models import (
    Assignment,
    Department,
    ProgressReport,
    Region,
    Report,
    Section,
    StatusOverride,
    Target,
    User,
    utcnow,
)
from luoshi.ledger.status import STATUSES, Facts, Reading, Rules, Status, evaluate, rollup
from luoshi.ledger.users import require_role


def today() -> date:
    from luoshi.config import get_settings

    return get_settings().today or date.today()


def default_rules() -> Rules:
    from luoshi.config import get_settings

    return Rules.from_settings(get_settings())


def _latest(session: Session, as_of: date, report_id: int | None, accepted_only: bool) -> list[Any]:
    """The latest report per target (by period end, then id) with `period_end <= as_of`, in one query:
    SQLite's max() with bare columns, PostgreSQL's DISTINCT ON, a window function elsewhere."""
    P = ProgressReport
    cols = (P.id, P.target_id, P.period, P.period_end, P.value, P.stage, P.review_state, P.note)
    dialect = session.get_bind().dialect.name

    def scope(q: Any) -> Any:
        q = q.where(P.period_end <= as_of)
        if accepted_only:
            q = q.where(P.review_state == "accepted")
        if report_id is not None:
            q = q.join(Target, Target.id == P.target_id).where(Target.report_id == report_id)
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


def _sent_back(session: Session, report_id: int | None) -> set[int]:
    """Targets whose most recent report (by submission) was sent back and not yet followed by another."""
    P = ProgressReport
    q = select(P.target_id, P.review_state, func.max(P.id)).group_by(P.target_id, P.review_state)
    if report_id is not None:
        q = q.join(Target, Target.id == P.target_id).where(Target.report_id == report_id)
    last: dict[int, tuple[int, str]] = {}
    for tid, state, mid in session.execute(q):
        if tid not in last or mid > last[tid][0]:
            last[tid] = (mid, state)
    return {tid for tid, (_mid, state) in last.items() if state == "returned"}


def statuses_as_of(
    session: Session, *, as_of: date, report_id: int | None = None, rules: Rules | None = None
) -> dict[int, Status]:
    """The status of every target (of one report, or all) as of `as_of`, keyed by target id. Four
    queries whatever the number of targets: targets, latest accepted readings, last report states (for
    the sent-back warning), overrides."""
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
    rows = list(session.execute(q))
    readings = {
        r.target_id: Reading(r.period, r.period_end, r.value, r.stage)
        for r in _latest(session, as_of, report_id, True)
    }
    returned = {
        r.target_id for r in _latest(session, as_of, report_id, False) if r.review_state == "returned"
    }
    oq = (
        select(StatusOverride.target_id, StatusOverride.status, StatusOverride.reason)
        .where(StatusOverride.ended_at.is_(None))
        .order_by(StatusOverride.id)
    )
    if report_id is not None:
        oq = oq.join(T, T.id == StatusOverride.target_id).where(T.report_id == report_id)
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
    from luoshi.ledger.audit import history

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


# ---- rows for tables and exports --------------------------------------------------------------------


@dataclass
class LedgerRow:
    target: Target
    no: str  # 序号 as shown: 1, 2 … and 12.1 for a child
    section: str  # the section path
    value_text: str  # 指标值
    lead: str
    co: list[str]
    confirmed: bool
    deadline: date
    progress: str  # 进展情况: the latest accepted report, in words
    progress_value: float | None
    progress_period: str | None
    status: Status

    def to_dict(self) -> dict[str, Any]:
        t = self.target
        return {
            "id": t.id,
            "no": self.no,
            "type": t.type,
            "section": self.section,
            "text": t.text,
            "subject": t.subject,
            "value": t.value,
            "value_max": t.value_max,
            "unit": t.unit,
            "kind": t.kind,
            "bound": t.bound,
            "value_text": self.value_text,
            "lead": self.lead,
            "co": self.co,
            "confirmed": self.confirmed,
            "deadline": self.deadline.isoformat(),
            "progress": self.progress,
            "progress_value": self.progress_value,
            "progress_period": self.progress_period,
            "status": self.status.status,
            "reason": self.status.reason,
            "warning": self.status.warning,
            "overridden": self.status.overridden,
            "parent_id": t.parent_id,
            "report_id": t.report_id,
            "withdrawn": t.withdrawn_at is not None,
        }


def ledger_rows(
    session: Session,
    *,
    as_of: date | None = None,
    report_id: int | None = None,
    department_id: int | None = None,
    status: str | None = None,
    type: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    include_withdrawn: bool = False,
    rules: Rules | None = None,
) -> list[LedgerRow]:
    """One row per target with departments, latest progress and status, in report order (children
    after their parent). Bulk: a fixed number of queries."""
    from luoshi.ledger.crud import list_targets

    as_of = as_of or today()
    targets = list_targets(
        session,
        report_id=report_id,
        department_id=department_id,
        type=type,
        kind=kind,
        q=q,
        include_withdrawn=include_withdrawn,
    )
    statuses = statuses_as_of(session, as_of=as_of, report_id=report_id, rules=rules)
    aq = (
        select(Assignment.target_id, Assignment.role, Assignment.confirmed, Department.name)
        .join(Department)
        .where(Assignment.ended_at.is_(None))
        .order_by(Assignment.id)
    )
    if report_id is not None:
        aq = aq.join(Target, Target.id == Assignment.target_id).where(Target.report_id == report_id)
    lead: dict[int, str] = {}
    co: dict[int, list[str]] = defaultdict(list)
    confirmed: dict[int, bool] = {}
    for a in session.execute(aq):
        if a.role == "lead":
            lead[a.target_id] = a.name
        else:
            co[a.target_id].append(a.name)
        confirmed[a.target_id] = confirmed.get(a.target_id, True) and a.confirmed
    latest = {r.target_id: r for r in _latest(session, as_of, report_id, True)}
    sq = select(Section.id, Section.path)
    if report_id is not None:
        sq = sq.where(Section.report_id == report_id)
    paths: dict[int, str] = {sid: p for sid, p in session.execute(sq).all()}
    # 序号: top-level targets numbered in order within each report, children as parent.n
    numbers: dict[int, str] = {}
    count: dict[Any, int] = defaultdict(int)
    ordered = sorted(targets, key=lambda t: (t.report_id, t.seq, t.id))
    ids = {t.id for t in ordered}
    for t in ordered:
        if t.parent_id is None or t.parent_id not in ids:
            count[t.report_id] += 1
            numbers[t.id] = str(count[t.report_id])
    for t in ordered:
        if t.id not in numbers:
            count[("p", t.parent_id)] += 1
            numbers[t.id] = f"{numbers.get(t.parent_id or 0, '?')}.{count[('p', t.parent_id)]}"
    rows: list[LedgerRow] = []
    for t in ordered:
        st = statuses.get(t.id) or Status(rules_mod.UNKNOWN, "")
        if status is not None and st.status != status:
            continue
        r = latest.get(t.id)
        progress = ""
        if r is not None:
            said = (
                f"{r.value:g}{t.unit or ('%' if t.value is None else '')}"
                if r.value is not None
                else (r.stage or "")
            )
            progress = f"{r.period}：{said}" + (f"。{r.note}" if r.note else "")
        rows.append(
            LedgerRow(
                target=t,
                no=numbers[t.id],
                section=paths.get(t.section_id or -1, ""),
                value_text=value_text(t.kind, t.bound, t.value, t.unit, t.mention, t.value_max),
                lead=lead.get(t.id, ""),
                co=co.get(t.id, []),
                confirmed=confirmed.get(t.id, False),
                deadline=t.deadline,
                progress=progress,
                progress_value=r.value if r is not None else None,
                progress_period=r.period if r is not None else None,
                status=st,
            )
        )
    return rows


@dataclass
class Rollup:
    key: str
    label: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.counts.get(rules_mod.DONE, 0)

    @property
    def lagging(self) -> int:
        return sum(self.counts.get(s, 0) for s in rules_mod.LAGGING)

    @property
    def completion(self) -> float:
        """Share of targets done."""
        return self.done / self.total if self.total else 0.0

    @property
    def on_track_share(self) -> float:
        """Share done, ahead or on track."""
        good = sum(self.counts.get(s, 0) for s in (rules_mod.DONE, rules_mod.AHEAD, rules_mod.ON_TRACK))
        return good / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "total": self.total,
            "counts": self.counts,
            "warnings": self.warnings,
            "done": self.done,
            "lagging": self.lagging,
            "completion": round(self.completion, 4),
            "on_track_share": round(self.on_track_share, 4),
        }


def rollups(
    session: Session,
    *,
    as_of: date | None = None,
    by: str = "section",
    report_id: int | None = None,
    rules: Rules | None = None,
) -> list[Rollup]:
    """Counts per status and completion, by section (the report's second-level headings of the plan,
    e.g. （一）…), by lead department, or by region, over the trackable targets: every live target that
    has no sub-targets (a list item or a split target counts through its children)."""
    if by not in ("section", "department", "region", "top_region", "all"):
        raise InvalidInput("--by 须为 section / department / region / top_region / all")
    as_of = as_of or today()
    statuses = statuses_as_of(session, as_of=as_of, report_id=report_id, rules=rules)
    q = select(Target.id, Target.parent_id, Target.section_id, Target.report_id).where(
        Target.withdrawn_at.is_(None)
    )
    if report_id is not None:
        q = q.where(Target.report_id == report_id)
    trows = list(session.execute(q))
    parents = {r.parent_id for r in trows if r.parent_id is not None}
    leaves = [r for r in trows if r.id not in parents]
    key_of: dict[int, tuple[str, str]] = {}
    if by == "section":
        sq = select(Section.id, Section.parent_id, Section.level, Section.marker, Section.title, Section.part)
        if report_id is not None:
            sq = sq.where(Section.report_id == report_id)
        secs = {s.id: s for s in session.execute(sq)}

        def top(sid: int | None) -> tuple[str, str]:
            chain = []
            while sid is not None and sid in secs:
                chain.append(secs[sid])
                sid = secs[sid].parent_id
            chain.reverse()
            pick = chain[1] if len(chain) > 1 else (chain[0] if chain else None)
            return (str(pick.id), f"{pick.marker}{pick.title}") if pick else ("-", "（无章节）")

        for r in leaves:
            key_of[r.id] = top(r.section_id)
    elif by == "department":
        aq = (
            select(Assignment.target_id, Department.id, Department.name)
            .join(Department)
            .where(Assignment.ended_at.is_(None), Assignment.role == "lead")
        )
        leads = {a.target_id: (str(a.id), a.name) for a in session.execute(aq)}
        for r in leaves:
            key_of[r.id] = leads.get(r.id, ("-", "（未分配）"))
    elif by in ("region", "top_region"):
        # region: the report's own region; top_region: its highest ancestor (a county's targets count
        # under its prefecture).
        all_regions = {x.id: x for x in session.execute(select(Region.id, Region.name, Region.parent_id))}

        def top_of(rid: int) -> int:
            seen: set[int] = set()
            while all_regions[rid].parent_id is not None and rid not in seen:
                seen.add(rid)
                rid = all_regions[rid].parent_id
            return rid

        regions: dict[int, tuple[str, str]] = {}
        for rep_id, reg_id in session.execute(select(Report.id, Report.region_id)).all():
            rid = top_of(reg_id) if by == "top_region" else reg_id
            regions[rep_id] = (str(rid), all_regions[rid].name)
        for r in leaves:
            key_of[r.id] = regions.get(r.report_id, ("-", "-"))
    else:
        for r in leaves:
            key_of[r.id] = ("all", "全部")
    groups: dict[str, Rollup] = {}
    for r in leaves:
        k, label = key_of[r.id]
        g = groups.setdefault(k, Rollup(k, label))
        st = statuses[r.id]
        g.total += 1
        g.counts[st.status] = g.counts.get(st.status, 0) + 1
        if st.warning:
            g.warnings[st.warning] = g.warnings.get(st.warning, 0) + 1
    return list(groups.values())
