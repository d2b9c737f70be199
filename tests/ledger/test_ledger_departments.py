"""The department dictionary (aliases), and the office's department operations: rename, disable, merge
without losing history, confirming suggested leads."""

from __future__ import annotations

from typing import Any

import pytest
from ledger_cases import DB
from sqlalchemy import func, select

from luoshi.errors import InvalidInput
from luoshi.ledger import service
from luoshi.ledger.rules import aliases
from luoshi.ledger.storage.models import Assignment, Department, ProgressReport, Target


@pytest.mark.parametrize(("name", "full"), [
    ("发改委", "发展和改革委员会"), ("发改局", "发展和改革委员会"), ("发展和改革局", "发展和改革委员会"),
    ("州发改委", "州发改委"), ("县财政局", "县财政局"), ("卫健委", "卫生健康局"),
    ("市场监督管理局", "市场监督管理局"), ("某某中心", "某某中心"),
])
def test_dictionary_canonical(name: str, full: str) -> None:
    assert aliases.canonical(name) == full


def test_dictionary_names_belong_to_one_department_each() -> None:
    seen: dict[str, str] = {}
    for name, names in aliases.dictionary():
        for n in (name, *names):
            assert seen.setdefault(n, name) == name


def test_find_prefers_exact_then_own_aliases_then_group() -> None:
    rows = [(1, "发展和改革局", True), (2, "财政局", True), (3, "旧财政局", False)]
    assert aliases.find("发改委", rows) == 1
    assert aliases.find("发展和改革委员会", rows) == 1
    assert aliases.find("财政", rows, {2: ["财政"]}) == 2
    assert aliases.find("旧财政局", rows) == 3  # an inactive one only by its exact name
    assert aliases.find("教育局", rows) is None


def test_suggestion_and_lookup_reach_the_department_the_region_has(db: DB) -> None:
    from ledger_cases import REPORT, indicators_for

    import luoshi

    s = db.session()
    admin = service.system_user(s)
    local = service.create_department(s, name="发展和改革局", actor=admin)
    assert service.get_or_create_department(s, name="发展和改革委员会", actor=admin).id == local.id
    assert service.get_department(s, ref="发改委").id == local.id
    doc = luoshi.read_bytes(REPORT.encode("utf-8"), "mouxian-2024")
    service.import_report(s, source=doc, region="某县", year=2024, actor=admin, indicators=indicators_for(doc.text))
    names = set(s.scalars(select(Department.name)))
    assert "发展和改革委员会" not in names and "发展和改革局" in names
    assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.department_id == local.id))
    s.close()


def test_rename_keeps_the_old_name_as_alias(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    d = service.create_department(s, name="县教育局", actor=admin)
    service.rename_department(s, department=d, name="县教育和体育局", actor=admin)
    assert d.name == "县教育和体育局"
    assert service.get_department(s, ref="县教育局").id == d.id
    assert "县教育局" in service.aliases_of(s, d)


def test_aliases_are_checked(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    a = service.create_department(s, name="甲局", actor=admin)
    b = service.create_department(s, name="乙局", actor=admin)
    assert service.set_aliases(s, department=a, aliases=["甲", " 甲 ", "甲局"], actor=admin) == ["甲"]
    with pytest.raises(InvalidInput, match="已是部门"):
        service.set_aliases(s, department=b, aliases=["甲"], actor=admin)
    with pytest.raises(InvalidInput, match="另一个部门的名称"):
        service.set_aliases(s, department=b, aliases=["甲局"], actor=admin)
    assert service.get_department(s, ref="甲").id == a.id


def test_disabled_department_gets_no_new_assignment(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    d = service.create_department(s, name="停用局", actor=admin)
    t = s.scalars(select(Target)).first()
    service.assign(s, target=t, lead=d, actor=admin)
    service.set_department_active(s, department=d, active=False, actor=admin)
    assert service.lead_of(t).id == d.id  # what it had stays
    with pytest.raises(InvalidInput, match="已停用"):
        service.assign(s, target=t, lead=d, actor=admin)
    assert d not in service.list_departments(s)
    # Its own name still finds it (to enable it again), not another department of its dictionary group.
    big = service.get_or_create_department(s, name="发展和改革委员会", actor=admin)
    fg = service.create_department(s, name="发改局", actor=admin)
    service.set_department_active(s, department=fg, active=False, actor=admin)
    assert service.get_department(s, ref="发改局").id == fg.id
    assert service.get_department(s, ref="发改委").id == big.id


def test_merge_moves_history_and_records_it(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    big = service.get_or_create_department(s, name="发展和改革委员会", actor=admin)
    dup = service.create_department(s, name="发改局（旧）", actor=admin)
    targets = list(s.scalars(select(Target).where(Target.value.is_not(None)).order_by(Target.id)))[:3]
    t1, t2, t3 = targets
    service.assign(s, target=t1, lead=dup, actor=admin)
    service.assign(s, target=t2, lead=dup, co=[big], actor=admin)  # both on one target
    service.assign(s, target=t3, lead=big, actor=admin)
    user = service.create_user(s, username="fgj", password="Fagai-desk-2024", role="department", department=dup,
                               actor=admin)
    pr = service.add_progress(s, target=t1, period="2024-Q1", value=1.0, reporter=user)
    service.assign(s, target=t1, lead=dup, actor=admin)  # an ended row in its past
    res = service.merge_departments(s, source=dup, into=big, actor=admin)
    s.flush()
    assert (res.users, res.progress, res.ended_duplicates) == (1, 1, 1)
    assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.department_id == dup.id)) == 0
    assert service.lead_of(t1).id == big.id and service.lead_of(t2).id == big.id
    assert [d.id for d in service.co_of(t2)] == []
    assert s.get(ProgressReport, pr.id).department_id == big.id
    assert user.department_id == big.id
    assert not dup.active
    assert service.get_department(s, ref="发改局（旧）").id == big.id  # the old name leads to the merged one
    assert "发改局（旧）" in service.aliases_of(s, big)
    actions = [e.action for e in service.department_history(s, big)]
    assert "merge" in actions and "merge_in" in actions
    with pytest.raises(InvalidInput):
        service.merge_departments(s, source=big, into=big, actor=admin)


def test_suggestions_wait_for_confirmation(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    rid = s.scalar(select(Target.report_id))
    rows = {r.target.id: r for r in service.ledger_rows(s, report_id=rid)}
    suggested = [tid for tid, r in rows.items() if r.lead and not r.confirmed]
    assert suggested, "import suggests leads, unconfirmed"
    lead = service.lead_of(s.get(Target, suggested[0]))
    user = service.create_user(s, username="dept1", password="Bumen-desk-2024", role="department",
                               department=lead, actor=admin)
    from luoshi.errors import PermissionDenied

    with pytest.raises(PermissionDenied):  # not the department's until the office confirms
        service.add_progress(s, target=suggested[0], period="2024-Q1", value=1.0, stage=None, reporter=user)
    assert service.confirm_many(s, targets=suggested[:2], actor=admin) == 2
    assert service.confirm_many(s, targets=suggested[:2], actor=admin) == 0
    rows = {r.target.id: r for r in service.ledger_rows(s, report_id=rid)}
    assert rows[suggested[0]].confirmed and rows[suggested[1]].confirmed
    t = s.get(Target, suggested[0])
    service.add_progress(s, target=t, period="2024-Q1", value=1.0 if t.value is not None else None,
                         stage=None if t.value is not None else "推进中", reporter=user)
    assert service.history(s, target=t, action="confirm")


def test_dept_commands(dbfile: str) -> None:
    from ledger_cases import run

    run("dept", "add", "发改局", "--db", dbfile)
    out = run("dept", "merge", "发改局", "发展和改革委员会", "--db", dbfile)
    assert "已将“发改局”并入“发展和改革委员会”" in out
    assert "发改局" in run("dept", "alias", "发展和改革委员会", "发改", "发改局", "--db", dbfile)
    assert "已改名为“发展改革委”" in run("dept", "rename", "发展和改革委员会", "发展改革委", "--db", dbfile)
    assert "已停用部门“发展改革委”" in run("dept", "disable", "发改", "--db", dbfile)
    assert "已启用" in run("dept", "disable", "发改局", "--enable", "--db", dbfile)


def test_a_suggested_lead_cannot_split_the_target(loaded: tuple[DB, Any, Any]) -> None:
    from luoshi.errors import PermissionDenied

    _db, s, admin = loaded
    t = next(r.target for r in service.ledger_rows(s) if r.lead and not r.confirmed)
    lead = service.lead_of(t)
    clerk = service.create_user(s, username="lead1", password="Qiantou-desk-2024", role="department",
                                department=lead, actor=admin)
    with pytest.raises(PermissionDenied):
        service.add_subtask(s, parent=t, text="一季度完成选址", actor=clerk)
    service.confirm_assignment(s, target=t, actor=admin)
    assert service.add_subtask(s, parent=t, text="一季度完成选址", actor=clerk).parent_id == t.id
