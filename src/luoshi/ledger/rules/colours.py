"""Warning colours (预警): 红 overdue, 黄 lagging, 蓝 the deadline near. Pure rules."""

from __future__ import annotations

RED, YELLOW, BLUE = "红", "黄", "蓝"
WARNINGS: tuple[str, ...] = (RED, YELLOW, BLUE)
# Worst first when a roll-up keeps the most urgent colour of its members.
WARNING_RANK: dict[str | None, int] = {RED: 3, YELLOW: 2, BLUE: 1, None: 0}


def warning(*, settled: bool, overdue: bool, lagging: bool, days_left: int, near_days: int) -> str | None:
    """None once settled (done or withdrawn); 红 past the deadline; 黄 behind 时序进度, a report
    missing or sent back; 蓝 with the deadline within `near_days`; else None."""
    if settled:
        return None
    if overdue:
        return RED
    if lagging:
        return YELLOW
    if days_left <= near_days:
        return BLUE
    return None
