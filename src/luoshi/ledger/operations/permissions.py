"""Who may act: every operation that changes the ledger checks its actor's role here first."""

from __future__ import annotations

from luoshi.errors import PermissionDenied
from luoshi.ledger.storage.models import User


def require_role(actor: User | None, *roles: str) -> None:
    """PermissionDenied unless `actor` is active and has one of `roles`."""
    if actor is None or not actor.active or actor.role not in roles:
        who = actor.username if actor is not None else "匿名"
        raise PermissionDenied(f"{who} 无权执行此操作（需要 {'/'.join(roles)} 角色）/ permission denied")
