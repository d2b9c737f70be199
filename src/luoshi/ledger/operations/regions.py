"""Regions (州, 县 …): found by name, created by the office when new."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import Region, User


def get_or_create_region(
    session: Session, *, name: str, level: str = "", parent: Region | None = None, actor: User | None
) -> Region:
    name = name.strip()
    if not name:
        raise InvalidInput("地区名称不能为空 / region name is empty")
    region = session.scalar(select(Region).where(Region.name == name))
    if region is None:
        require_role(actor, "admin")
        region = Region(name=name, level=level, parent_id=parent.id if parent else None)
        session.add(region)
        session.flush()
        record(
            session,
            actor=actor,
            action="create",
            entity="region",
            entity_id=region.id,
            after=snapshot(region),
        )
    return region
