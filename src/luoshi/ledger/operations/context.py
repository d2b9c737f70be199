"""What every operation reads from the settings: today's date (LUOSHI_TODAY pins it) and the office's
status rules (tolerance, bands, grace and warning days); and the ledger's own as-of date.

The as-of date (截至日期) a page, an export or `luoshi status` uses when none is given:
`today` of the settings (LUOSHI_TODAY or the configuration file) if set, else the date the ledger itself
is pinned to (`pin_as_of`: `luoshi demo` pins its database inside the report's year), else the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.config import get_settings
from luoshi.ledger.rules.status import Rules
from luoshi.ledger.storage.audit import record
from luoshi.ledger.storage.db import bump_ledger_version
from luoshi.ledger.storage.models import AuditEvent

PIN_ACTION = "pin_as_of"


def today() -> date:
    return get_settings().today or date.today()


def default_rules() -> Rules:
    return Rules.from_settings(get_settings())


def pinned_as_of(session: Session) -> date | None:
    """The as-of date the ledger is pinned to (the latest `pin_as_of` event), or None."""
    ev = session.scalar(select(AuditEvent).where(AuditEvent.action == PIN_ACTION, AuditEvent.entity == "ledger")
                        .order_by(AuditEvent.id.desc()).limit(1))
    value = (ev.after or {}).get("as_of") if ev is not None else None
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def as_of_default(session: Session, settings: Any = None) -> date:
    """The as-of date when none is asked for: the settings' `today`, else the ledger's pin, else today."""
    pinned = getattr(settings or get_settings(), "today", None)
    if isinstance(pinned, date):
        return pinned
    return pinned_as_of(session) or date.today()


def pin_as_of(session: Session, *, as_of: date | None, actor: Any) -> None:
    """Pin the ledger's as-of date (None: back to the clock); audited, and every view is made afresh."""
    before = pinned_as_of(session)
    bump_ledger_version(session)
    record(session, actor=actor, action=PIN_ACTION, entity="ledger", entity_id=None,
           before={"as_of": before.isoformat() if before else ""},
           after={"as_of": as_of.isoformat() if as_of else ""},
           note=f"截至日期固定为 {as_of.isoformat()}" if as_of else "截至日期恢复为当天")
