"""The ledger of one report as the pages show it — every target's status and row — kept per process and
brought up to the ledger's current version by redoing only what changed.

A write moves the ledger version (`luoshi.ledger.storage.db`), and the audit events of that write carry
the version. To go from the cached version to the current one, the view asks the audit trail which
targets changed in between (`changed_targets`), judges those targets again with their parents (a
parent's status rolls up from its children) and remakes their rows; anything it cannot patch safely (a
report imported, a department renamed, targets added or withdrawn, a write without audit events) makes
the view afresh. Every version it serves is exactly the database's, so a view is never stale; with
writes mixed in it costs a few milliseconds instead of half a second per worker process.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class LedgerView:
    version: int
    statuses: dict[int, Any]
    rows: list[dict[str, Any]]
    tally: Any  # the counts of the 跟踪目标 (`rules.counting.Tally`), the same as every export's

    def index(self) -> dict[int, int]:
        return {r["id"]: i for i, r in enumerate(self.rows)}


def _row_dict(row: Any) -> dict[str, Any]:
    d: dict[str, Any] = row.to_dict()
    st = row.status
    d.update(ratio=st.ratio, expected=st.expected, lagging=st.lagging, evidence=row.target.evidence,
             mention=row.target.mention, top_section=" / ".join(d["section"].split(" / ")[:2]))
    d["search"] = "\n".join((d["text"], d["subject"] or "", d["section"], d["lead"], *d["co"])).lower()
    return d


def _make(session: Session, version: int, as_of: date, report_id: int | None) -> LedgerView:
    from luoshi.ledger import service

    statuses = service.statuses_as_of(session, as_of=as_of, report_id=report_id)
    ledger = service.ledger_status(session, as_of=as_of, report_id=report_id, statuses=statuses)
    return LedgerView(version, statuses, [_row_dict(r) for r in ledger.rows], ledger.tally)


def _patch(session: Session, old: LedgerView, version: int, as_of: date, report_id: int | None) -> LedgerView | None:
    from luoshi.ledger import service
    from luoshi.ledger.storage.audit import changed_targets

    changed = changed_targets(session, since=old.version, until=version)
    if changed is None:
        return None
    index = old.index()
    parent = {r["id"]: r["parent_id"] for r in old.rows}
    affected: set[int] = set()
    for start in changed & index.keys():  # other reports' targets do not touch this view
        tid: int | None = start
        while tid is not None and tid not in affected:
            affected.add(tid)
            tid = parent.get(tid)
    if not affected:
        return replace(old, version=version)
    children: dict[int, list[int]] = {}
    for tid, pid in parent.items():
        if pid is not None:
            children.setdefault(pid, []).append(tid)
    family = set(affected)
    todo = list(affected)
    while todo:
        for kid in children.get(todo.pop(), ()):
            if kid not in family:
                family.add(kid)
                todo.append(kid)
    statuses = {**old.statuses,
                **service.statuses_as_of(session, as_of=as_of, report_id=report_id, target_ids=family)}
    fresh = service.ledger_rows(session, as_of=as_of, report_id=report_id, statuses=statuses,
                                target_ids=affected)
    if {r.target.id for r in fresh} != affected:
        return None
    rows = list(old.rows)
    for r in fresh:
        d = _row_dict(r)
        d["no"] = old.rows[index[d["id"]]]["no"]  # numbered among all the report's targets
        rows[index[d["id"]]] = d
    return LedgerView(version, statuses, rows, service.count_rows(rows, as_of))


def ledger_view(session: Session, cache: Any, as_of: date, report_id: int | None,
                version: int | None = None) -> LedgerView:
    """The report's view at the ledger's current version (`version`, when the caller has just read it):
    cached, patched from an older one, or made."""
    from luoshi.ledger.storage.db import ledger_version

    if version is None:
        version = ledger_version(session)
    view: LedgerView = cache.current(
        ("view", as_of, report_id), version,
        make=lambda: _make(session, version, as_of, report_id),
        patch=lambda old: _patch(session, old, version, as_of, report_id),
    )
    return view
