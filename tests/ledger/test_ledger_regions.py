"""The region tree: an office sees its region and those below it, never a neighbour's; the roll-up
counts each region over its subtree. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import pytest
from ledger_cases import DB

import luoshi
from luoshi.errors import NotFound, PermissionDenied

SAMPLES = resources.files("luoshi.sample").joinpath("regions")
AS_OF = date(2026, 6, 30)


@pytest.fixture
def tree(db: DB) -> Any:
    from luoshi.ledger import service as s

    session = db.session()
    system = s.system_user(session)
    province = s.get_or_create_region(session, name="云川省", level="省", actor=system)
    qing = s.get_or_create_region(session, name="青川市", level="市", parent=province, actor=system)
    bai = s.get_or_create_region(session, name="白石市", level="市", parent=province, actor=system)
    county = s.get_or_create_region(session, name="青川市东坡区", level="县", parent=qing, actor=system)
    reports = {}
    for region, file, year in ((province, "yunchuan-2026.txt", 2026), (qing, "qingchuan-2026.txt", 2026),
                               (bai, "baishi-2026.txt", 2026), (qing, "qingchuan-2025.txt", 2025)):
        doc = luoshi.read_bytes(SAMPLES.joinpath(file).read_bytes(), file[:-4], file)
        reports[file] = s.import_report(session, source=doc, region=region, year=year, actor=system,
                                        indicators=luoshi.extract(doc)).report
    users = {
        name: s.create_user(session, username=name, password="pass-word-123", role="admin", region=region,
                            actor=system)
        for name, region in (("prov", province), ("qing", qing), ("bai", bai))
    }
    users["all"] = system
    session.commit()
    yield session, {"省": province, "青": qing, "白": bai, "区": county}, reports, users
    session.close()


def test_an_office_sees_its_region_and_those_below(tree: Any) -> None:
    from luoshi.ledger.operations.visibility import can_see_report, visible_region_ids, visible_reports

    session, r, reports, users = tree
    assert visible_region_ids(session, users["prov"]) == {r["省"].id, r["青"].id, r["白"].id, r["区"].id}
    assert visible_region_ids(session, users["qing"]) == {r["青"].id, r["区"].id}
    assert visible_region_ids(session, users["all"]) is None  # no region: the whole deployment
    # The role test: a prefecture cannot see its neighbour, nor its province's own report.
    assert not can_see_report(session, users["qing"], reports["baishi-2026.txt"])
    assert not can_see_report(session, users["qing"], reports["yunchuan-2026.txt"].id)
    assert can_see_report(session, users["qing"], reports["qingchuan-2025.txt"])
    assert {x.region.name for x in visible_reports(session, users["bai"])} == {"白石市"}
    assert len(visible_reports(session, users["prov"])) == 4


def test_an_office_cannot_make_users_for_a_neighbour(tree: Any) -> None:
    from luoshi.ledger import service as s

    session, r, _, users = tree
    with pytest.raises(PermissionDenied):
        s.create_user(session, username="spy", password="pass-word-123", role="viewer", region=r["白"],
                      actor=users["qing"])
    s.create_user(session, username="qing-viewer", password="pass-word-123", role="viewer", region=r["区"],
                  actor=users["qing"])


def test_rollup_counts_each_region_over_its_subtree(tree: Any) -> None:
    from luoshi.ledger import service as s
    from luoshi.ledger.operations.visibility import region_rollups

    session, r, reports, users = tree
    view = region_rollups(session, user=users["prov"], as_of=AS_OF)
    assert view.year == 2026 and view.parent is not None and view.parent.name == "云川省"
    rows = {x.name: x for x in view.rows}
    assert list(rows) == ["云川省", "白石市", "青川市"]
    def live(file: str) -> int:  # trackable targets: live ones without sub-targets
        ts = s.list_targets(session, report_id=reports[file].id)
        parents = {t.parent_id for t in ts}
        return sum(1 for t in ts if t.id not in parents)
    assert rows["青川市"].total == live("qingchuan-2026.txt")  # the 2025 report is another year
    assert rows["白石市"].total == live("baishi-2026.txt")
    assert rows["云川省"].total == live("yunchuan-2026.txt")  # the province's own report only
    assert all(sum(x.counts.values()) == x.total for x in rows.values())
    assert rows["青川市"].has_children and not rows["白石市"].has_children
    assert region_rollups(session, user=users["prov"], as_of=AS_OF, year=2025).rows[2].total == live("qingchuan-2025.txt")
    # Drill down: 青川市 and its district; a city office starts at its own region.
    down = region_rollups(session, user=users["prov"], as_of=AS_OF, parent=r["青"].id)
    assert [x.name for x in down.rows] == ["青川市", "青川市东坡区"]
    assert [n.name for n in down.path] == ["云川省", "青川市"]
    own = region_rollups(session, user=users["qing"], as_of=AS_OF)
    assert [x.name for x in own.rows] == ["青川市", "青川市东坡区"] and [n.name for n in own.path] == ["青川市"]
    with pytest.raises(NotFound):
        region_rollups(session, user=users["qing"], as_of=AS_OF, parent=r["白"].id)
    with pytest.raises(NotFound):
        region_rollups(session, user=users["qing"], as_of=AS_OF, parent=r["省"].id)
