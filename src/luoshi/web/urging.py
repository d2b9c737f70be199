"""催办 for the pages: who sees which (the office its regions' 催办, a department its own), the rows of
the 催办记录, the compose page's selection, the badge in the navigation, and "what needs my action"."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotFound
from luoshi.ledger.rules import urging
from luoshi.web.security import Forbidden

if TYPE_CHECKING:
    from starlette.requests import Request

    from luoshi.web.deps import WebUser


def svc() -> Any:
    from luoshi.ledger import service

    return service


def visible_reports(session: Session, user: WebUser) -> list[int] | None:
    """The reports whose 催办 the office user may see; None: all."""
    from luoshi.ledger.operations.visibility import visible_region_ids
    from luoshi.ledger.operations.visibility import visible_reports as reports

    if visible_region_ids(session, user) is None:
        return None
    return [r.id for r in reports(session, user)]


def urge_for(session: Session, user: WebUser, urge_id: int) -> Any:
    """The 催办 if this user may see it: a department only its own; the office those of its regions."""
    u = svc().get_urge(session, ref=urge_id)
    if user.role == "department":
        if u.department_id != user.department_id:
            raise Forbidden("这不是发给本部门的催办")
        return u
    seen = visible_reports(session, user)
    if seen is not None and u.report_id not in seen:
        raise NotFound(f"没有编号为 {urge_id} 的催办")
    return u


def row(u: Any, as_of: date) -> dict[str, Any]:
    """One 催办 as the pages show it."""
    state = urging.state_name(u.state, u.reply_by, as_of)
    return {
        "id": u.id, "kind": urging.KIND_NAMES.get(u.kind, u.kind), "doc": urging.DOC_NAMES.get(u.kind, ""),
        "number": urging.doc_number(u.kind, u.year, u.seq), "department": u.department.name,
        "department_id": u.department_id, "message": u.message, "reply_by": u.reply_by, "sent_at": u.sent_at,
        "state": state, "state_code": u.state, "overdue": state == urging.OVERDUE,
        "late": urging.replied_late(u.reply_by, u.replied_at.date() if u.replied_at else None),
        "unread": u.state == "replied" and u.read_at is None,
        "reply_kind": urging.REPLY_NAMES.get(u.reply_kind or "", ""), "reply_text": u.reply_text or "",
        "reply_progress_id": u.reply_progress_id, "replied_at": u.replied_at, "closed_at": u.closed_at,
        "close_note": u.close_note or "", "version": u.version, "issuer": u.issuer, "cc": u.cc,
        "targets": [{"id": i.target_id, "text": i.target.text, "status": i.status, "warning": i.warning,
                     "reason": i.reason, "deadline": i.target.deadline} for i in u.items],
        "supervise": u.kind == "supervise",
    }


def people(u: Any) -> dict[str, str]:
    """Who sent, answered and closed a 催办, by name."""
    from luoshi.export.urge_docs import person

    return {"sent_by": person(u.sender), "replied_by": person(u.replier), "closed_by": person(u.closer)}


def listing(session: Session, user: WebUser, as_of: date, *, department: int | None = None, state: str = "",
            kind: str = "") -> list[dict[str, Any]]:
    s = svc()
    if user.role == "department":
        department = user.department_id
        seen = None
    else:
        seen = visible_reports(session, user)
    urges = s.list_urges(session, department_id=department, state=state or None, kind=kind or None, as_of=as_of,
                         report_ids=seen)
    return [row(u, as_of) for u in urges]


def raw_listing(session: Session, user: WebUser, as_of: date, *, department: int | None = None, state: str = "",
                kind: str = "") -> list[Any]:
    seen = None if user.role == "department" else visible_reports(session, user)
    if user.role == "department":
        department = user.department_id
    return list(svc().list_urges(session, department_id=department, state=state or None, kind=kind or None,
                                 as_of=as_of, report_ids=seen))


def action_lists(session: Session, user: WebUser, as_of: date) -> dict[str, list[dict[str, Any]]]:
    """What needs this user: the office — overdue, awaiting an answer, answers not yet read; a department
    — the 催办 to answer, overdue first."""
    rows = listing(session, user, as_of, state="open")
    if user.role == "department":
        todo = sorted((r for r in rows if r["state_code"] == "waiting"), key=lambda r: (not r["overdue"], r["reply_by"]))
        return {"to_answer": todo}
    return {"overdue": [r for r in rows if r["overdue"]],
            "waiting": [r for r in rows if r["state_code"] == "waiting" and not r["overdue"]],
            "unread": [r for r in rows if r["unread"]]}


def badge_count(session: Session, user: Any, as_of: date) -> int:
    """The number on the 催办 tab: a department's 催办 to answer; for the office, overdue ones and answers
    not yet read."""
    s = svc()
    if user.role == "department":
        if user.department_id is None:
            return 0
        return int(s.urge_counts(session, as_of=as_of, department_id=user.department_id).to_answer)
    if user.role != "admin":
        return 0
    return int(s.urge_counts(session, as_of=as_of, report_ids=visible_reports(session, user)).office_action)


def nav_badges(request: Request, user: Any) -> dict[str, int]:
    """{path: count} for the navigation, read in the page's own session (never a second connection: with
    every pooled connection held by a page waiting for another, the pages would wait on each other).
    Nothing without one (an error page after the session ended) or if it cannot be read."""
    from luoshi.web.store import today

    session = getattr(request.state, "db", None)
    if session is None:
        return {}
    try:
        n = badge_count(session, user, today(request.app.state.settings))
    except Exception:  # an error page must still render, whatever the database says
        return {}
    return {"/urges": n} if n else {}


# ---- composing -------------------------------------------------------------------------------------


def compose(session: Session, cache: Any, user: WebUser, as_of: date, *, target_ids: list[int],
            department: int | None, scope: str, kind: str, report: int | None) -> dict[str, Any]:
    """The compose page: the selected targets (or a department's 滞后 / 红黄 ones) grouped by lead
    department, as they stand today."""
    from luoshi.web import store

    s = svc()
    if kind not in ("urge", "supervise"):
        kind = "urge"
    if target_ids:
        first = s.get_target(session, ref=target_ids[0])
        report_id = first.report_id
    else:
        report_id = store.current_report_id(session, report, user)
    if report_id is None:
        raise InvalidInput("还没有导入报告，无法催办")
    rows = {r["id"]: r for r in store.all_rows(session, cache, as_of, report_id)}
    if department and not target_ids:
        warnings = urging.SUPERVISE_WARNINGS if scope == "warning" else None
        target_ids = s.lagging_targets(session, department=department, as_of=as_of, report_id=report_id,
                                       warnings=warnings)
    picked = [rows[t] for t in target_ids if t in rows]
    leads = _lead_names(session, [r["id"] for r in picked])
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in picked:
        groups.setdefault(leads.get(r["id"], "（牵头单位未分配或未确认）"), []).append(r)
    report_row = s.get_report(session, ref=report_id)
    return {"groups": list(groups.items()), "picked": picked, "kind": kind, "report_id": report_id,
            "region": report_row.region.name, "year": report_row.year,
            "departments": store.departments(session), "department": department, "scope": scope,
            "default_reply_by": as_of + timedelta(days=7),
            "default_issuer": f"{report_row.region.name}人民政府督查室",
            "mild": [r for r in picked if r["warning"] not in urging.SUPERVISE_WARNINGS]}


def _lead_names(session: Session, target_ids: list[int]) -> dict[int, str]:
    from sqlalchemy import select

    from luoshi.ledger.operations.urges import _leads
    from luoshi.ledger.storage.models import Department

    leads = _leads(session, target_ids)
    names: dict[int, str] = {i: n for i, n in session.execute(select(Department.id, Department.name))}
    return {t: names.get(d, "") for t, d in leads.items()}


def send(session: Session, user: WebUser, as_of: date, *, target_ids: list[int], message: str, reply_by: date,
         kind: str, issuer: str, cc: str) -> list[Any]:
    from luoshi.web import store

    s = svc()
    for tid in target_ids:
        store.target_for(session, user, tid)  # a target of a region the user may not see does not exist
    return list(s.send_urges(session, targets=target_ids, message=message, reply_by=reply_by,
                             actor=store.actor(session, user), kind=kind, as_of=as_of, issuer=issuer, cc=cc))


def reply_choices(session: Session, user: WebUser, u: Any) -> list[Any]:
    """The progress reports a department may answer with: its own, on the 催办's targets, since it came."""
    s = svc()
    out = []
    for item in u.items:
        for p in s.list_progress(session, target=item.target_id):
            if p.reported_at >= u.sent_at and (user.role == "admin" or p.department_id == user.department_id):
                out.append(p)
    return sorted(out, key=lambda p: -p.id)
