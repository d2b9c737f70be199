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
) -> AuditEvent:
    ev = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.username if actor is not None else "system",
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
