"""Ledger rows for tables and exports (one per target, with departments, latest progress and status) and
roll-ups (counts per status by section, department or region)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.ledger.operations.context import today
from luoshi.ledger.operations.statuses import latest_readings, statuses_as_of
from luoshi.ledger.operations.targets import list_targets
from luoshi.ledger.rules import status as status_rules
from luoshi.ledger.rules.colours import WARNINGS
from luoshi.ledger.rules.counting import NO_WARNING, Tally, counted_ids, is_counted
from luoshi.ledger.rules.formatting import value_text
from luoshi.ledger.rules.status import Rules, Status
from luoshi.ledger.storage.models import Assignment, Department, Region, Report, Section, Target


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
    counted: bool = True  # a 跟踪目标 (rules.counting): False for a target split into sub-targets

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
            "counted": self.counted,
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
    statuses: dict[int, Status] | None = None,
    target_ids: Collection[int] | None = None,
) -> list[LedgerRow]:
    """One row per target with departments, latest progress and status, in report order (children
    after their parent). Bulk: a fixed number of queries. `statuses` (from `statuses_as_of` for the same
    date and report) spares computing them again; `target_ids` makes rows for those targets only (their
    序号 then counts among them alone: a caller patching a full list keeps the numbers it had)."""
    as_of = as_of or today()
    targets = list_targets(
        session,
        report_id=report_id,
        department_id=department_id,
        type=type,
        kind=kind,
        q=q,
        include_withdrawn=include_withdrawn,
        target_ids=target_ids,
    )
    if statuses is None:
        statuses = statuses_as_of(session, as_of=as_of, report_id=report_id, rules=rules)
    aq = (
        select(Assignment.target_id, Assignment.role, Assignment.confirmed, Department.name)
        .join(Department)
        .where(Assignment.ended_at.is_(None))
        .order_by(Assignment.id)
    )
    if report_id is not None:
        aq = aq.join(Target, Target.id == Assignment.target_id).where(Target.report_id == report_id)
    if target_ids is not None:
        aq = aq.where(Assignment.target_id.in_(list(target_ids)))
    lead: dict[int, str] = {}
    co: dict[int, list[str]] = defaultdict(list)
    confirmed: dict[int, bool] = {}
    for a in session.execute(aq):
        if a.role == "lead":
            lead[a.target_id] = a.name
        else:
            co[a.target_id].append(a.name)
        confirmed[a.target_id] = confirmed.get(a.target_id, True) and a.confirmed
    latest = {r.target_id: r for r in latest_readings(session, as_of, report_id, True, target_ids)}
    sq = select(Section.id, Section.path)
    if report_id is not None:
        sq = sq.where(Section.report_id == report_id)
    paths: dict[int, str] = {sid: p for sid, p in session.execute(sq).all()}
    # Targets with live sub-targets (in the whole report, whatever the filters): not counted themselves.
    pq = select(Target.parent_id).where(Target.parent_id.is_not(None), Target.withdrawn_at.is_(None)).distinct()
    if report_id is not None:
        pq = pq.where(Target.report_id == report_id)
    split = set(session.scalars(pq))
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
        st = statuses.get(t.id) or Status(status_rules.UNKNOWN, "")
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
                counted=is_counted(t.withdrawn_at is not None, t.id in split),
            )
        )
    return rows


@dataclass
class LedgerStatus:
    """A ledger as of a date: its rows and the counts of its 跟踪目标 (`rules.counting`)."""

    as_of: date
    rows: list[LedgerRow]
    tally: Tally


def count_rows(rows: Collection[Any], as_of: date) -> Tally:
    """`rules.counting.tally` of ledger rows (LedgerRow or their dicts) as the ledger marked them
    `counted` (so that a filtered list still leaves out a split target whose sub-targets are not among
    the rows). One pass: a view counts its 2,000 rows again after every write."""
    counts = dict.fromkeys(status_rules.STATUSES, 0)
    warnings = dict.fromkeys((*WARNINGS, NO_WARNING), 0)
    total = withdrawn = split = 0
    for r in rows:
        if isinstance(r, dict):
            ok, gone, st, w = r["counted"], r["withdrawn"], r["status"], r["warning"]
        else:
            ok, gone, st, w = r.counted, r.target.withdrawn_at is not None, r.status.status, r.status.warning
        if ok:
            total += 1
            counts[st] = counts.get(st, 0) + 1
            warnings[w or NO_WARNING] = warnings.get(w or NO_WARNING, 0) + 1
        elif gone:
            withdrawn += 1
        else:
            split += 1
    return Tally(as_of, total, counts, warnings, split=split, withdrawn=withdrawn)


def rollup_rows(rows: Collection[Any], by: str = "lead") -> list[Rollup]:
    """`rollups(by="department")` of ledger rows already made (LedgerRow or their dicts): the counted
    rows grouped by lead department, without going back to the database."""
    if by != "lead":
        raise InvalidInput("只能按牵头单位汇总已有的台账行")
    groups: dict[str, Rollup] = {}
    for r in rows:
        if isinstance(r, dict):
            ok, lead, st, w = r["counted"], r["lead"], r["status"], r["warning"]
        else:
            ok, lead, st, w = r.counted, r.lead, r.status.status, r.status.warning
        if not ok:
            continue
        label = lead or "（未分配）"
        g = groups.setdefault(label, Rollup(lead or "-", label))
        g.total += 1
        g.counts[st] = g.counts.get(st, 0) + 1
        if w:
            g.warnings[w] = g.warnings.get(w, 0) + 1
    return list(groups.values())


def ledger_status(
    session: Session,
    *,
    as_of: date | None = None,
    report_id: int | None = None,
    rules: Rules | None = None,
    statuses: dict[int, Status] | None = None,
) -> LedgerStatus:
    """THE status computation every page, export and command uses: one row per target of the report
    (split targets and their sub-targets alike) and the counts of its 跟踪目标 as of `as_of`."""
    as_of = as_of or today()
    rows = ledger_rows(session, as_of=as_of, report_id=report_id, rules=rules, statuses=statuses)
    return LedgerStatus(as_of, rows, count_rows(rows, as_of))


@dataclass
class Rollup:
    key: str
    label: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.counts.get(status_rules.DONE, 0)

    @property
    def lagging(self) -> int:
        return sum(self.counts.get(s, 0) for s in status_rules.LAGGING)

    @property
    def completion(self) -> float:
        """Share of targets done."""
        return self.done / self.total if self.total else 0.0

    @property
    def on_track_share(self) -> float:
        """Share done, ahead or on track."""
        good = sum(self.counts.get(s, 0) for s in (status_rules.DONE, status_rules.AHEAD, status_rules.ON_TRACK))
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
    statuses: dict[int, Status] | None = None,
) -> list[Rollup]:
    """Counts per status and completion, by section (the report's second-level headings of the plan,
    e.g. （一）…), by lead department, or by region, over the trackable targets: every live target that
    has no sub-targets (a list item or a split target counts through its children)."""
    if by not in ("section", "department", "region", "top_region", "all"):
        raise InvalidInput("--by 须为 section / department / region / top_region / all")
    as_of = as_of or today()
    if statuses is None:
        statuses = statuses_as_of(session, as_of=as_of, report_id=report_id, rules=rules)
    q = select(Target.id, Target.parent_id, Target.section_id, Target.report_id).where(
        Target.withdrawn_at.is_(None)
    )
    if report_id is not None:
        q = q.where(Target.report_id == report_id)
    trows = list(session.execute(q))
    counted = counted_ids((r.id, r.parent_id, False) for r in trows)  # the rule of rules.counting
    leaves = [r for r in trows if r.id in counted]
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
        if report_id is not None:  # only this report's assignments, not every report's
            aq = aq.join(Target, Target.id == Assignment.target_id).where(Target.report_id == report_id)
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
