"""Who sees which region: one deployment holds a province and its prefectures and counties as a
region tree (`regions.parent_id`); an office sees its own region and every region below it, never a
neighbour's. Every page and API that lists reports or targets asks here.

    visible_region_ids(s, user) -> set[int] | None     None: the whole deployment (no region set)
    can_see_report(s, user, report) -> bool
    visible_reports(s, user) -> list[Report]
    region_rollups(s, user=, as_of=, parent=None, year=None) -> RegionView   counts per status per region
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.errors import NotFound
from luoshi.ledger.storage.models import Department, Region, Report, User


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    level: str
    parent_id: int | None


def region_tree(session: Session) -> dict[int, Node]:
    return {r.id: Node(r.id, r.name, r.level or "", r.parent_id)
            for r in session.execute(select(Region.id, Region.name, Region.level, Region.parent_id))}


def children_of(tree: dict[int, Node]) -> dict[int | None, list[int]]:
    out: dict[int | None, list[int]] = {}
    for n in sorted(tree.values(), key=lambda n: n.name):
        out.setdefault(n.parent_id if n.parent_id in tree else None, []).append(n.id)
    return out


def subtree(tree: dict[int, Node], root: int) -> set[int]:
    """`root` and every region below it (a cycle in bad data ends the walk, never loops)."""
    kids = children_of(tree)
    seen: set[int] = set()
    todo = [root]
    while todo:
        rid = todo.pop()
        if rid in seen or rid not in tree:
            continue
        seen.add(rid)
        todo.extend(kids.get(rid, []))
    return seen


def user_region_id(session: Session, user: User | Any) -> int | None:
    """The region an account belongs to: its own, else its department's."""
    rid = getattr(user, "region_id", None)
    if rid is None and getattr(user, "department_id", None) is not None:
        rid = session.scalar(select(Department.region_id).where(Department.id == user.department_id))
    return rid


def visible_region_ids(session: Session, user: User | Any) -> set[int] | None:
    """The regions `user` may see: its region and those below; None when it has no region (the
    office of a one-region deployment, or the top of the tree) and may see all."""
    rid = user_region_id(session, user)
    if rid is None:
        return None
    return subtree(region_tree(session), rid)


def can_see_region(session: Session, user: User | Any, region_id: int | None) -> bool:
    seen = visible_region_ids(session, user)
    return seen is None or region_id in seen


def can_see_report(session: Session, user: User | Any, report: Report | int) -> bool:
    region_id = (session.scalar(select(Report.region_id).where(Report.id == report))
                 if isinstance(report, int) else report.region_id)
    return region_id is not None and can_see_region(session, user, region_id)


def visible_reports(session: Session, user: User | Any) -> list[Report]:
    q = select(Report).order_by(Report.year.desc(), Report.id)
    seen = visible_region_ids(session, user)
    if seen is not None:
        q = q.where(Report.region_id.in_(seen))
    return list(session.scalars(q))


def filter_visible(session: Session, user: User | Any, report_ids: Iterable[int]) -> list[int]:
    """The ids of `report_ids` that `user` may see, in the order given."""
    ids = list(report_ids)
    seen = visible_region_ids(session, user)
    if seen is None:
        return ids
    ok = set(session.scalars(select(Report.id).where(Report.id.in_(ids), Report.region_id.in_(seen))))
    return [i for i in ids if i in ok]


# ---- the roll-up ---------------------------------------------------------------------------------


@dataclass
class RegionRow:
    """One region of the roll-up: counts over its own reports of the year and those of every region
    below it."""

    id: int
    name: str
    level: str
    has_children: bool
    reports: int = 0
    own_report: int | None = None  # the region's own report of the year (its ledger)
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)

    @property
    def lagging(self) -> int:
        from luoshi.ledger.rules.status import LAGGING

        return sum(self.counts.get(s, 0) for s in LAGGING)

    @property
    def done(self) -> int:
        return self.counts.get("已完成", 0)

    @property
    def colour(self) -> str:
        """The worst warning (预警: 红, then 黄, then 蓝) among the region's targets, else 绿."""
        for w in ("红", "黄", "蓝"):
            if self.warnings.get(w):
                return w
        return "绿"


@dataclass
class RegionView:
    parent: Node | None  # the region whose children are listed (None: the user's top)
    path: list[Node]  # from the user's top region down to `parent`
    year: int | None
    years: list[int]
    rows: list[RegionRow]


def region_rollups(
    session: Session, *, user: User | Any, as_of: date, parent: int | None = None, year: int | None = None
) -> RegionView:
    """Counts per status and warning for `parent` (default: the user's own region) over its own
    reports, and for each region directly below it over its whole subtree, for the reports of `year`
    (default: the latest year the user can see). A region the user may not see is NotFound."""
    from luoshi.ledger.operations.tracking import rollups

    tree = region_tree(session)
    seen = visible_region_ids(session, user)
    top = user_region_id(session, user)
    if parent is None and top is not None and top in tree:
        parent = top
    if parent is not None and (parent not in tree or (seen is not None and parent not in seen)):
        raise NotFound("没有这个地区，或无权查看 / no such region")
    reports = [r for r in session.execute(select(Report.id, Report.region_id, Report.year))
               if seen is None or r.region_id in seen]
    years = sorted({r.year for r in reports}, reverse=True)
    year = year if year is not None else (years[0] if years else None)
    kids = children_of(tree)
    if parent is None:  # a user without a region: the roots of the tree, each with all below it
        listed = kids.get(None, [])
        node = None
    else:  # the region itself (its own reports), then each region below it (with all below that)
        listed = [parent, *kids.get(parent, [])]
        node = tree[parent]
    rows: dict[int, RegionRow] = {}
    for rid in listed:
        n = tree[rid]
        rows[rid] = RegionRow(rid, n.name, n.level, bool(kids.get(rid)))
    # Which listed row each region counts under: itself if listed, else its nearest listed ancestor
    # (the parent's own row counts only its own reports).
    owner: dict[int, int] = {}
    for rid in tree:
        cur: int | None = rid
        hops = 0
        while cur is not None and cur not in rows and hops < len(tree):
            cur = tree[cur].parent_id
            hops += 1
        if cur is not None and (cur != parent or rid == parent):
            owner[rid] = cur
    for rep in reports:
        if rep.year != year or rep.region_id not in owner:
            continue
        row = rows[owner[rep.region_id]]
        row.reports += 1
        if rep.region_id == row.id:
            row.own_report = rep.id
        for g in rollups(session, as_of=as_of, by="all", report_id=rep.id):
            row.total += g.total
            for k, v in g.counts.items():
                row.counts[k] = row.counts.get(k, 0) + v
            for k, v in g.warnings.items():
                row.warnings[k] = row.warnings.get(k, 0) + v
    path: list[Node] = []
    cur = parent
    while cur is not None and cur in tree:
        path.append(tree[cur])
        if cur == top:
            break
        cur = tree[cur].parent_id
    path.reverse()
    return RegionView(parent=node, path=path, year=year, years=years, rows=list(rows.values()))
