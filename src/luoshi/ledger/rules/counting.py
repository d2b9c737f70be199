"""What a count counts: one rule for every page, export and command. Pure, no database.

跟踪目标 (a counted target): every live (not withdrawn) target that has no live sub-targets. A target
split into sub-targets (已拆分) is not counted itself: it counts through its sub-targets, and its status
is only their roll-up. A withdrawn target (已撤销) is not counted.

    is_counted(withdrawn, has_live_children)   the rule itself
    counted_ids(items)      the ids that count, from (id, parent_id, withdrawn)
    tally(items, as_of)     counts per status and per warning colour of the counted targets

Every total shown to a user (the home page, the overview, the ledger list, the 任务分解表, the 进展通报,
`luoshi status`, the API) is a `Tally` of the same rows for the same as-of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from luoshi.ledger.rules.colours import WARNINGS
from luoshi.ledger.rules.status import DONE, LAGGING, STATUSES

SPLIT = "已拆分"  # shown instead of a status on a target that counts through its sub-targets
NO_WARNING = "无"


@dataclass(frozen=True, slots=True)
class CountItem:
    id: int
    parent_id: int | None
    withdrawn: bool
    status: str
    warning: str | None = None


def is_counted(withdrawn: bool, has_live_children: bool) -> bool:
    """THE rule: a target counts when it is live and has no live sub-target."""
    return not withdrawn and not has_live_children


def counted_ids(items: Iterable[tuple[int, int | None, bool]]) -> set[int]:
    """The ids of the counted targets among (id, parent_id, withdrawn)."""
    rows = list(items)
    parents = {pid for _id, pid, withdrawn in rows if pid is not None and not withdrawn}
    return {i for i, _pid, withdrawn in rows if is_counted(withdrawn, i in parents)}


@dataclass(frozen=True)
class Tally:
    """Counts of the counted targets as of a date; `split` and `withdrawn` say what was left out."""

    as_of: date
    total: int
    counts: dict[str, int] = field(default_factory=dict)  # every status of STATUSES, zeros included
    warnings: dict[str, int] = field(default_factory=dict)  # 红 / 黄 / 蓝 / 无
    split: int = 0
    withdrawn: int = 0

    @property
    def lagging(self) -> int:
        """欠进度, 严重欠进度 and 未报送 together (滞后)."""
        return sum(self.counts.get(s, 0) for s in LAGGING)

    @property
    def done(self) -> int:
        return self.counts.get(DONE, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "total": self.total, "counts": dict(self.counts),
                "warnings": dict(self.warnings), "lagging": self.lagging, "split": self.split,
                "withdrawn": self.withdrawn}


def tally(items: Iterable[CountItem], as_of: date) -> Tally:
    """Count the counted targets among `items` (all the targets of a ledger, withdrawn ones included
    or not) by status and by warning colour."""
    rows = list(items)
    ok = counted_ids((r.id, r.parent_id, r.withdrawn) for r in rows)
    counts = dict.fromkeys(STATUSES, 0)
    warnings = dict.fromkeys((*WARNINGS, NO_WARNING), 0)
    for r in rows:
        if r.id in ok:
            counts[r.status] = counts.get(r.status, 0) + 1
            warnings[r.warning or NO_WARNING] = warnings.get(r.warning or NO_WARNING, 0) + 1
    withdrawn = sum(1 for r in rows if r.withdrawn)
    return Tally(as_of, len(ok), counts, warnings, split=len(rows) - len(ok) - withdrawn, withdrawn=withdrawn)
