"""催办 and 督办单: the office sends a department a message about some of its targets with a reply
deadline; the department answers once (a progress report or a written explanation); the office reads
the answer and closes the matter. Every step is audited in Chinese.

    send_urges(s, targets=, message=, reply_by=, actor=, kind=, as_of=, issuer=, cc=) -> list[Urge]
        (one per lead department of the targets; each gets the next 文号 of its kind and year)
    reply_urge(s, urge=, actor=, text=, progress=, expected_version=) -> Urge
    close_urge(s, urge=, actor=, note=, expected_version=) -> Urge
    mark_read(s, urge=, actor=) -> bool
    get_urge(s, ref=) / list_urges(s, department_id=, state=, kind=, as_of=, report_ids=)
    urge_counts(s, as_of=, department_id=) -> UrgeCounts      (for badges and "what needs my action")
    lagging_targets(s, department=, as_of=, report_id=, warnings=) -> list[int]

A reply or a close is claimed with one conditional update on the row's version (as reviews are), so of
two people acting on the same 催办 at once exactly one wins and the other gets Conflict. Sending, replying
and closing do not move the ledger's version: no target's status changes by them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Date, Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luoshi.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from luoshi.ledger.operations.context import today
from luoshi.ledger.operations.lookup import TargetRef, by_id, get_target
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.statuses import statuses_as_of
from luoshi.ledger.rules import urging
from luoshi.ledger.rules.status import LAGGING, Status
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.db import claim_version
from luoshi.ledger.storage.models import (
    URGE_KINDS,
    Assignment,
    Department,
    ProgressReport,
    Report,
    Target,
    Urge,
    UrgeTarget,
    User,
    utcnow,
)

MAX_MESSAGE = 2000
MAX_REPLY = 4000
NUMBER_TRIES = 20


def _who(user: User | None) -> str:
    if user is None:
        return "系统"
    return user.display_name or user.username


def number_of(u: Urge) -> str:
    return urging.doc_number(u.kind, u.year, u.seq)


def _next_seq(session: Session, kind: str, year: int) -> int:
    top = session.scalar(select(func.max(Urge.seq)).where(Urge.kind == kind, Urge.year == year))
    return int(top or 0) + 1


def _insert_numbered(session: Session, urge: Urge) -> None:
    """Give `urge` the next 文号 of its kind and year and insert it. The number is unique in the
    database: when another office took it meanwhile (its insert committed first), the savepoint is
    rolled back and the next number is tried."""
    for _ in range(NUMBER_TRIES):
        urge.seq = _next_seq(session, urge.kind, urge.year)
        try:
            with session.begin_nested():
                session.add(urge)
                session.flush()
            return
        except IntegrityError:
            continue
    raise Conflict(f"{urging.KIND_NAMES[urge.kind]}文号分配冲突，请稍后重试")


def _leads(session: Session, target_ids: Iterable[int]) -> dict[int, int]:
    """target id → its lead department's id (the target's own, else its nearest parent's), as confirmed
    by the office: a keyword suggestion nobody confirmed is not the department's business yet."""
    ids = list(target_ids)
    parents: dict[int, int | None] = {}
    todo = set(ids)
    while todo:
        rows = session.execute(select(Target.id, Target.parent_id).where(Target.id.in_(list(todo)))).all()
        todo = set()
        for tid, pid in rows:
            parents[tid] = pid
            if pid is not None and pid not in parents:
                todo.add(pid)
    lead = {a.target_id: a.department_id for a in session.execute(
        select(Assignment.target_id, Assignment.department_id).where(
            Assignment.target_id.in_(list(parents)), Assignment.role == "lead", Assignment.ended_at.is_(None),
            Assignment.confirmed.is_(True)))}
    out: dict[int, int] = {}
    for tid in ids:
        t: int | None = tid
        seen: set[int] = set()
        while t is not None and t not in lead and t not in seen:
            seen.add(t)
            t = parents.get(t)
        if t is not None and t in lead:
            out[tid] = lead[t]
    return out


def send_urges(
    session: Session,
    *,
    targets: Sequence[TargetRef],
    message: str,
    reply_by: date,
    actor: User,
    kind: str = "urge",
    as_of: date | None = None,
    issuer: str = "",
    cc: str = "",
) -> list[Urge]:
    """Send a 催办 (or a 督办单, `kind="supervise"`, only for targets with a 红 or 黄 warning) about
    `targets`: one to each lead department, with `message` and the reply deadline `reply_by`. Each gets
    the next 文号 of its kind and the year of `as_of`."""
    require_role(actor, "admin")
    if kind not in URGE_KINDS:
        raise InvalidInput("类型须为 催办 或 督办")
    word = urging.KIND_NAMES[kind]
    as_of = as_of or today()
    message = message.strip()
    if not message:
        raise InvalidInput(f"请填写{word}内容")
    if len(message) > MAX_MESSAGE:
        raise InvalidInput(f"{word}内容不能超过 {MAX_MESSAGE} 字")
    if reply_by < as_of:
        raise InvalidInput(f"答复时限 {reply_by} 早于今天（{as_of}）")
    if len(cc) > 300 or len(issuer) > 100:
        raise InvalidInput("抄送单位不能超过 300 字，发文机关不能超过 100 字")
    rows: list[Target] = []
    for ref in targets:
        t = get_target(session, ref=ref)
        if t.withdrawn_at is not None:
            raise InvalidInput(f"目标 {t.id} 已撤销，不能{word}")
        if t.id not in {r.id for r in rows}:
            rows.append(t)
    if not rows:
        raise InvalidInput(f"请先选择要{word}的目标任务")
    leads = _leads(session, [t.id for t in rows])
    orphans = [t.id for t in rows if t.id not in leads]
    if orphans:
        shown = "、".join(str(i) for i in orphans[:10])
        raise InvalidInput(f"目标 {shown} 还没有确认的牵头单位，请先分配并确认分工后再{word}")
    statuses: dict[int, Status] = {}
    for report_id in sorted({t.report_id for t in rows}):
        statuses.update(statuses_as_of(session, as_of=as_of, report_id=report_id))
    if kind == "supervise":
        mild = [t.id for t in rows if getattr(statuses.get(t.id), "warning", None) not in urging.SUPERVISE_WARNINGS]
        if mild:
            shown = "、".join(str(i) for i in mild[:10])
            raise InvalidInput(f"督办单只用于红色、黄色预警的目标任务；目标 {shown} 没有红/黄预警，可改为催办")
    groups: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for t in rows:
        groups[(t.report_id, leads[t.id])].append(t)
    sent: list[Urge] = []
    for (report_id, dept_id), items in groups.items():
        report = session.get(Report, report_id)
        dept = session.get(Department, dept_id)
        region = report.region.name if report is not None else ""
        u = Urge(kind=kind, year=as_of.year, seq=0, report_id=report_id, department_id=dept_id, message=message,
                 reply_by=reply_by, as_of=as_of, issuer=(issuer.strip() or f"{region}人民政府督查室")[:100],
                 cc=cc.strip(), sent_by=actor.id, sent_at=utcnow(), state="waiting", version=1)
        _insert_numbered(session, u)
        for pos, t in enumerate(items):
            st = statuses.get(t.id)
            session.add(UrgeTarget(urge_id=u.id, target_id=t.id, position=pos,
                                   status=str(getattr(st, "status", "")), warning=getattr(st, "warning", None),
                                   reason=str(getattr(st, "reason", ""))))
        session.flush()
        session.refresh(u)
        name = dept.name if dept is not None else str(dept_id)
        note = (f"{_who(actor)}向{name}发出{word}（{number_of(u)}），涉及目标任务 {len(items)} 项，"
                f"答复时限 {reply_by.isoformat()}：{message[:200]}")
        record(session, actor=actor, action="urge_send", entity="urge", entity_id=u.id, after=snapshot(u), note=note)
        for t in items:
            record(session, actor=actor, action="urge_send", entity="urge", entity_id=u.id, target_id=t.id,
                   note=f"{word}{name}（{number_of(u)}），答复时限 {reply_by.isoformat()}")
        sent.append(u)
    return sent


def get_urge(session: Session, *, ref: Urge | int) -> Urge:
    if isinstance(ref, Urge):
        return ref
    u = by_id(session, Urge, int(ref))
    if u is None:
        raise NotFound(f"没有编号为 {ref} 的催办")
    return u


def urge_conflict(session: Session, u: Urge) -> Conflict:
    """The 催办 as it now stands, for whoever came second."""
    state = urging.STATE_NAMES.get(u.state, u.state)
    by_id_ = u.closed_by if u.state == "closed" else u.replied_by
    by = session.get(User, by_id_) if by_id_ else None
    at = u.closed_at if u.state == "closed" else u.replied_at
    return Conflict(
        f"{number_of(u)}已由 {_who(by)} 处理，现在是“{state}”；您的操作没有生效",
        current={"entity": "urge", "id": u.id, "state": state, "by": _who(by) if by else None,
                 "at": at.isoformat(sep=" ", timespec="minutes") if at else None,
                 "comment": u.close_note if u.state == "closed" else u.reply_text, "version": u.version},
    )


def reply_urge(
    session: Session,
    *,
    urge: Urge | int,
    actor: User,
    text: str = "",
    progress: ProgressReport | int | None = None,
    expected_version: int | None = None,
) -> Urge:
    """The department answers: with a progress report on one of the 催办's targets (sent since the 催办),
    or in writing (`text`, required without a report). The office may record an answer received on paper.
    Answered once: a second answer, or one to a closed 催办, gets Conflict."""
    require_role(actor, "admin", "department")
    u = get_urge(session, ref=urge)
    if actor.role == "department" and actor.department_id != u.department_id:
        raise PermissionDenied("这不是发给本部门的催办")
    text = text.strip()
    if len(text) > MAX_REPLY:
        raise InvalidInput(f"答复内容不能超过 {MAX_REPLY} 字")
    pr: ProgressReport | None = None
    if progress is not None:
        pr = progress if isinstance(progress, ProgressReport) else by_id(session, ProgressReport, int(progress))
        if pr is None or pr.target_id not in {i.target_id for i in u.items}:
            raise InvalidInput("所选进展报送不属于本次催办的目标任务")
        if actor.role == "department" and pr.reported_at < u.sent_at:
            raise InvalidInput("请选择收到催办之后报送的进展")
    elif not text:
        raise InvalidInput("请填写书面说明，或选择已报送的进展")
    if u.state != "waiting" or (expected_version is not None and u.version != expected_version):
        raise urge_conflict(session, u)
    before = snapshot(u)
    if not claim_version(session, u, expected_version, Urge.state == "waiting", content=False):
        raise urge_conflict(session, u)
    u.state = "replied"
    u.reply_kind = "progress" if pr is not None else "text"
    u.reply_text = text or None
    u.reply_progress_id = pr.id if pr is not None else None
    u.replied_by = actor.id
    u.replied_at = utcnow()
    session.flush()
    how = f"以进展报送（{pr.period}）答复" if pr is not None else "书面答复"
    late = "（逾期答复）" if urging.replied_late(u.reply_by, u.replied_at.date()) else ""
    on_behalf = "（督查室代为登记）" if actor.role == "admin" else ""
    record(session, actor=actor, action="urge_reply", entity="urge", entity_id=u.id, before=before,
           after=snapshot(u), note=f"{_who(actor)}{how}{number_of(u)}{late}{on_behalf}：{text[:200]}")
    return u


def close_urge(
    session: Session, *, urge: Urge | int, actor: User, note: str = "", expected_version: int | None = None
) -> Urge:
    """The office closes (办结) a 催办, answered or not; closed once."""
    require_role(actor, "admin")
    u = get_urge(session, ref=urge)
    note = note.strip()
    if len(note) > MAX_REPLY:
        raise InvalidInput(f"办结意见不能超过 {MAX_REPLY} 字")
    if u.state == "closed" or (expected_version is not None and u.version != expected_version):
        raise urge_conflict(session, u)
    before = snapshot(u)
    if not claim_version(session, u, expected_version, Urge.state != "closed", content=False):
        raise urge_conflict(session, u)
    was = u.state
    u.state = "closed"
    u.closed_by = actor.id
    u.closed_at = utcnow()
    u.close_note = note or None
    if u.read_at is None and was == "replied":
        u.read_at, u.read_by = u.closed_at, actor.id
    session.flush()
    unanswered = "（未答复）" if was == "waiting" else ""
    record(session, actor=actor, action="urge_close", entity="urge", entity_id=u.id, before=before,
           after=snapshot(u), note=f"{_who(actor)}办结{number_of(u)}{unanswered}" + (f"：{note[:200]}" if note else ""))
    return u


def mark_read(session: Session, *, urge: Urge | int, actor: User) -> bool:
    """The office has read the answer (first reader wins; nothing to decide, so no version)."""
    require_role(actor, "admin", "viewer")
    u = get_urge(session, ref=urge)
    if u.state != "replied" or u.read_at is not None or actor.role != "admin":
        return False
    now = utcnow()
    res = session.execute(update(Urge).where(Urge.id == u.id, Urge.read_at.is_(None))
                          .values(read_at=now, read_by=actor.id).execution_options(synchronize_session=False))
    session.refresh(u)
    return bool(res.rowcount)  # type: ignore[attr-defined]


def _state_filter(q: Select[Any], state: str | None, as_of: date) -> Select[Any]:
    if not state:
        return q
    if state in ("waiting", urging.WAITING):
        return q.where(Urge.state == "waiting", Urge.reply_by >= as_of)
    if state in ("overdue", urging.OVERDUE):
        return q.where(Urge.state == "waiting", Urge.reply_by < as_of)
    if state in ("replied", urging.REPLIED):
        return q.where(Urge.state == "replied")
    if state in ("closed", urging.CLOSED):
        return q.where(Urge.state == "closed")
    if state in ("open", "未办结"):
        return q.where(Urge.state != "closed")
    raise InvalidInput(f"状态须为 {'、'.join(urging.STATE_FILTERS)}")


def list_urges(
    session: Session,
    *,
    department_id: int | None = None,
    state: str | None = None,
    kind: str | None = None,
    as_of: date | None = None,
    report_ids: Iterable[int] | None = None,
    unread: bool = False,
    limit: int | None = None,
) -> list[Urge]:
    """催办, newest first; `state` is 待答复 / 逾期 / 已答复 / 已办结 (or the codes) as of `as_of`."""
    as_of = as_of or today()
    q = select(Urge).order_by(Urge.id.desc())
    if department_id is not None:
        q = q.where(Urge.department_id == department_id)
    if kind:
        q = q.where(Urge.kind == (kind if kind in URGE_KINDS else urging.kind_of(kind)))
    if report_ids is not None:
        q = q.where(Urge.report_id.in_(list(report_ids)))
    if unread:
        q = q.where(Urge.state == "replied", Urge.read_at.is_(None))
    q = _state_filter(q, state, as_of)
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q).unique())


@dataclass(frozen=True, slots=True)
class UrgeCounts:
    waiting: int  # awaiting an answer, deadline not passed
    overdue: int  # awaiting an answer past the deadline
    unread: int  # answered, not yet read by the office

    @property
    def to_answer(self) -> int:
        """What a department has to answer."""
        return self.waiting + self.overdue

    @property
    def office_action(self) -> int:
        """What needs the office: overdue ones to chase, answers to read."""
        return self.overdue + self.unread


def urge_counts(
    session: Session, *, as_of: date | None = None, department_id: int | None = None,
    report_ids: Iterable[int] | None = None,
) -> UrgeCounts:
    """Counts for badges: one query, asked on every page, so built once with bound parameters."""
    params: dict[str, Any] = {"as_of": as_of or today()}
    if department_id is not None:
        params["department_id"] = department_id
    if report_ids is not None:
        params["report_ids"] = list(report_ids)
    row = session.execute(_counts_query(department_id is not None, report_ids is not None), params).one()
    return UrgeCounts(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))


@cache
def _counts_query(by_department: bool, by_reports: bool) -> Select[Any]:
    from sqlalchemy import and_, bindparam, case

    as_of = bindparam("as_of", type_=Date)
    waiting = func.sum(case((and_(Urge.state == "waiting", Urge.reply_by >= as_of), 1), else_=0))
    overdue = func.sum(case((and_(Urge.state == "waiting", Urge.reply_by < as_of), 1), else_=0))
    unread = func.sum(case((and_(Urge.state == "replied", Urge.read_at.is_(None)), 1), else_=0))
    q = select(waiting, overdue, unread).where(Urge.state != "closed")
    if by_department:
        q = q.where(Urge.department_id == bindparam("department_id"))
    if by_reports:
        q = q.where(Urge.report_id.in_(bindparam("report_ids", expanding=True)))
    return q


def lagging_targets(
    session: Session, *, department: Department | int, as_of: date | None = None, report_id: int | None = None,
    warnings: Sequence[str] | None = None,
) -> list[int]:
    """The live targets a department leads that are 滞后 (欠进度, 严重欠进度, 未报送) as of `as_of`, or, with
    `warnings`, that carry one of those colours; leaves only (a parent counts through its parts)."""
    as_of = as_of or today()
    dept_id = department.id if isinstance(department, Department) else int(department)
    q = select(Target.id, Target.parent_id, Target.report_id).where(Target.withdrawn_at.is_(None))
    if report_id is not None:
        q = q.where(Target.report_id == report_id)
    rows = session.execute(q).all()
    parents = {r.parent_id for r in rows if r.parent_id is not None}
    leaves = [r.id for r in rows if r.id not in parents]
    leads = _leads(session, leaves)
    mine = [t for t in leaves if leads.get(t) == dept_id]
    statuses = statuses_as_of(session, as_of=as_of, report_id=report_id)
    out = []
    for tid in mine:
        st = statuses.get(tid)
        if st is None:
            continue
        if (st.warning in warnings) if warnings else (st.status in LAGGING):
            out.append(tid)
    return sorted(out)
