"""Audit events: who did what, when, to which row, with the row before and after."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.ledger.storage.models import AuditEvent, Base, Target, User


def snapshot(obj: Base | None, *, skip: tuple[str, ...] = ("text",)) -> dict[str, Any] | None:
    """A row's columns as JSON-safe values (dates as ISO strings); long report text left out."""
    if obj is None:
        return None
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:
        if col.key in skip and obj.__tablename__ == "reports":
            continue
        v = getattr(obj, col.key)
        if isinstance(v, datetime | date):
            v = v.isoformat()
        out[col.key] = v
    return out


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    target_id: int | None = None,
    note: str = "",
    actor_name: str | None = None,
) -> AuditEvent:
    """One audit event. Where it came from is the session's: `session.info["address"]` (the web client's
    address, or `cli@<host>`) and `session.info["operator"]` (the person at the command line, who acts
    through the `system` account and is named instead of it)."""
    operator = session.info.get("operator")
    if actor_name is None:
        if actor is None:
            actor_name = "system"
        elif operator and actor.username == "system":
            actor_name = str(operator)
        else:
            actor_name = actor.username
    ev = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor_name[:80],
        address=str(session.info.get("address") or "")[:100],
        action=action,
        entity=entity,
        entity_id=entity_id,
        target_id=target_id,
        before=before,
        after=after,
        note=note,
    )
    session.add(ev)
    return ev


def history(
    session: Session,
    *,
    target: Target | int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    action: str | None = None,
    limit: int | None = 500,
) -> list[AuditEvent]:
    """Audit events, newest first: of one target (its own changes, assignments, progress, overrides), or
    of any entity."""
    q = select(AuditEvent)
    if target is not None:
        tid = target if isinstance(target, int) else target.id
        q = q.where(
            or_(AuditEvent.target_id == tid, (AuditEvent.entity == "target") & (AuditEvent.entity_id == tid))
        )
    if entity is not None:
        q = q.where(AuditEvent.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEvent.entity_id == entity_id)
    if action is not None:
        q = q.where(AuditEvent.action == action)
    q = q.order_by(AuditEvent.id.desc())
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q))


# Events that say nothing about the ledger's content (views need not be redone for them).
_NOT_CONTENT_ENTITIES = ("user", "login", "database")
# Target events that add or remove rows, or renumber them: a view is then made afresh.
_ROW_SET_ACTIONS = ("create", "withdraw", "import", "reimport", "delete")


def changed_targets(session: Session, *, since: int, until: int, limit: int = 200) -> set[int] | None:
    """The targets whose rows may differ between ledger versions `since` and `until` (audit events
    stamped with the versions in between), or None when a view must be made afresh: a change that is
    not about one target (a department renamed, a report imported), rows added or withdrawn, more than
    `limit` targets, or a version in the range with no stamped event (a write outside the operations)."""
    if until <= since:
        return set()
    rows = session.execute(
        select(AuditEvent.ledger_version, AuditEvent.target_id, AuditEvent.entity, AuditEvent.action)
        .where(AuditEvent.ledger_version > since, AuditEvent.ledger_version <= until)
    ).all()
    if {r.ledger_version for r in rows} != set(range(since + 1, until + 1)):
        return None
    out: set[int] = set()
    for r in rows:
        if r.entity in _NOT_CONTENT_ENTITIES:
            continue
        if r.target_id is None or (r.entity == "target" and r.action in _ROW_SET_ACTIONS):
            return None
        out.add(r.target_id)
        if len(out) > limit:
            return None
    return out
