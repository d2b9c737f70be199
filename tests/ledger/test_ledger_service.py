"""The ledger API on a real database (SQLite and PostgreSQL): import, responsibility, progress and
review, hand-worked statuses, overrides, permissions, audit, and bad input that writes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from ledger_cases import DB, REPORT, indicators_for
from sqlalchemy import func, select

import luoshi
from luoshi.errors import InvalidInput, NotFound, PermissionDenied
from luoshi.ledger import service
from luoshi.ledger.storage.models import AuditEvent, ProgressReport, Target


def by_subject(s: Any, subject: str, type_: str = "quantified") -> Target:
    return s.scalar(select(Target).where(Target.subject == subject, Target.type == type_))


def test_import_creates_targets_items_tasks(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, _admin = loaded
    ts = service.list_targets(s)
    kinds = sorted((t.type, t.text) for t in ts)
    assert [k for k in kinds if k[0] == "item"] == [
        ("item", "完成农村户厕改造2000户"), ("item", "改造农村公路50公里"), ("item", "新增城镇就业5000人以上")]
    assert sum(1 for t in ts if t.type == "quantified") == 8
    assert {t.text for t in ts if t.type == "task"} == {
        "推动园区道路提质改造，完善水电气配套设施", "支持骨干企业技改扩能，培育本地品牌", "新建幼儿园3所，推动城区学校扩容"}
    road = by_subject(s, "改造农村公路")
    assert road.parent_id is not None and s.get(Target, road.parent_id).type == "item"
    gdp = by_subject(s, "地区生产总值")
    assert (gdp.value, gdp.unit, gdp.kind, gdp.bound, gdp.measure) == (6.0, "%", "growth", "approx", "level")
    assert gdp.text == "地区生产总值增长6%左右"
    assert REPORT[gdp.span_start : gdp.span_end] == "6%"
    assert gdp.deadline == date(2024, 12, 31)
    # Every target has a suggested (unconfirmed) lead department.
    assert all(service.lead_of(t) is not None for t in ts)
    assert service.lead_of(by_subject(s, "新增城镇就业")).name == "人力资源和社会保障局"
    assert service.lead_of(by_subject(s, "新建幼儿园")).name == "教育局"


def test_reimport_same_is_noop_and_changed_keeps_progress(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    doc = luoshi.read_bytes(REPORT.encode("utf-8"), "mouxian-2024")
    n_events = s.scalar(select(func.count()).select_from(AuditEvent))
    n_targets = s.scalar(select(func.count()).select_from(Target))
    res = service.import_report(s, source=doc, region="某县", year=2024, actor=admin, indicators=indicators_for(doc.text))
    assert res.diff.identical and not res.created
    assert s.scalar(select(func.count()).select_from(Target)) == n_targets
    assert s.scalar(select(func.count()).select_from(AuditEvent)) == n_events
    plant = by_subject(s, "新增规模工业企业")
    service.assign(s, target=plant, lead="工业和信息化局", co=[], actor=admin)
    service.add_progress(s, target=plant, period="2024-Q1", value=6, reporter=admin)
    # A changed file: 20户 becomes 25户, the 厂房 sentence is gone, a new task appears.
    new_text = REPORT.replace("20户以上", "25户以上").replace("，建成标准厂房10万平方米", "").replace(
        "培育本地品牌。", "培育本地品牌。开展质量提升行动，培育一批专精特新企业。")
    specs = [sp for sp in [
        ("6%", 1, "地区生产总值", 6.0, "%", "growth", "approx"),
        ("7%", 1, "规模工业增加值", 7.0, "%", "growth", "min"),
        ("25户", 1, "新增规模工业企业", 25.0, "户", "amount", "min"),
        ("3所", 1, "新建幼儿园", 3.0, "所", "amount", "exact"),
        ("5000人", 1, "新增城镇就业", 5000.0, "人", "amount", "min"),
        ("50公里", 1, "改造农村公路", 50.0, "公里", "amount", "exact"),
        ("2000户", 1, "农村户厕改造", 2000.0, "户", "amount", "exact"),
    ]]
    doc2 = luoshi.read_bytes(new_text.encode("utf-8"), "mouxian-2024")
    res2 = service.import_report(s, source=doc2, region="某县", year=2024, actor=admin,
                                 indicators=indicators_for(doc2.text, specs=specs))
    assert not res2.diff.identical
    changed = dict(res2.diff.changed)
    assert changed[plant.id]["value"] == [20.0, 25.0]
    assert len(res2.diff.removed) == 1 and s.get(Target, res2.diff.removed[0]).subject == "标准厂房"
    assert s.get(Target, res2.diff.removed[0]).withdrawn_at is not None
    added = [s.get(Target, i) for i in res2.diff.added]
    assert [t.text for t in added] == ["开展质量提升行动，培育一批专精特新企业"]
    # The plant target kept its id, its confirmed department and its progress.
    assert service.lead_of(plant).name == "工业和信息化局"
    assert [p.value for p in service.list_progress(s, target=plant)] == [6.0]
    assert service.history(s, entity="report", action="reimport")


def test_progress_and_hand_worked_statuses(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    plant = by_subject(s, "新增规模工业企业")  # 20户以上, cumulative
    gdp = by_subject(s, "地区生产总值")  # 6% 左右, level
    road = by_subject(s, "改造农村公路")  # 50公里, item child
    toilets = by_subject(s, "农村户厕改造")  # 2000户
    task = s.scalar(select(Target).where(Target.text == "支持骨干企业技改扩能，培育本地品牌"))
    for t, period, value in [(plant, "2024-Q2", 10), (gdp, "2024-Q2", 5.9), (road, "2024-Q2", 12),
                             (toilets, "2024-Q2", 2000)]:
        service.add_progress(s, target=t, period=period, value=value, reporter=admin)
    service.add_progress(s, target=task, period="2024-Q2", stage="推进中", note="3家企业技改项目开工", reporter=admin)
    st = service.statuses_as_of(s, as_of=date(2024, 7, 5))
    assert st[plant.id].status == "达进度"  # 10/20 = 50% vs 49.7%
    assert st[gdp.id].status == "达进度"  # 5.9 within 6 ± 0.5
    assert st[road.id].status == "严重欠进度"  # 12/50 = 24% vs 49.7%
    assert st[toilets.id].status == "已完成"
    assert st[task.id].status == "达进度"
    item = s.get(Target, road.parent_id)
    assert st[item.id].status == "严重欠进度" and st[item.id].reason == "下属1项：严重欠进度1项"
    # Overdue: a year-end figure short of the target, seen in January.
    service.add_progress(s, target=plant, period="2024-Q4", value=18, reporter=admin)
    late = service.status_of(s, target=plant, as_of=date(2025, 1, 20))
    assert (late.status, late.warning) == ("严重欠进度", "红")
    # A correction is a new report that supersedes; the latest counts.
    first = service.list_progress(s, target=plant)[0]
    service.add_progress(s, target=plant, period="2024-Q4", value=21, reporter=admin, supersedes=first)
    assert service.status_of(s, target=plant, as_of=date(2025, 1, 20)).status == "已完成"
    assert len(service.list_progress(s, target=plant)) == 3
    # Roll-ups count leaves only (the item counts through its child).
    groups = service.rollups(s, as_of=date(2024, 7, 5), by="section")
    assert sum(g.total for g in groups) == len([t for t in service.list_targets(s) if t.type != "item"])
    rows = {r.target.id: r for r in service.ledger_rows(s, as_of=date(2024, 7, 5))}
    assert rows[road.id].progress == "2024-Q2：12公里"
    assert rows[road.id].no.count(".") == 1


def test_department_reports_wait_for_review(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    edu = service.get_or_create_department(s, name="教育局", actor=admin)
    hr = service.get_department(s, ref="人力资源和社会保障局")
    clerk = service.create_user(s, username="edu1", password="correct horse 42", role="department", department=edu, actor=admin)
    kid = by_subject(s, "新建幼儿园")
    service.assign(s, target=kid, lead=edu, co=[hr], actor=admin)
    pr = service.add_progress(s, target=kid, period="2024-Q2", value=2, note="2所已封顶", reporter=clerk)
    assert pr.review_state == "pending"
    # Pending reports do not count: the Q1 report is missing → 未报送.
    assert service.status_of(s, target=kid, as_of=date(2024, 7, 5)).status == "未报送"
    service.review_progress(s, progress=pr, accept=False, comment="请附照片", actor=admin)
    returned = service.status_of(s, target=kid, as_of=date(2024, 7, 5))
    assert returned.warning == "黄" and "退回" in returned.reason
    pr2 = service.add_progress(s, target=kid, period="2024-Q2", value=2, reporter=clerk, supersedes=pr)
    service.review_progress(s, progress=pr2, accept=True, actor=admin)
    assert service.status_of(s, target=kid, as_of=date(2024, 7, 5)).status == "超进度"  # 2/3 = 66.7% vs 49.7%
    # A department may not report on another department's target, nor review, nor assign.
    with pytest.raises(PermissionDenied):
        service.add_progress(s, target=by_subject(s, "地区生产总值"), period="2024-Q2", value=6, reporter=clerk)
    with pytest.raises(PermissionDenied):
        service.review_progress(s, progress=pr2, accept=True, actor=clerk)
    with pytest.raises(PermissionDenied):
        service.assign(s, target=kid, lead=edu, actor=clerk)
    with pytest.raises(PermissionDenied):
        service.override_status(s, target=kid, status="已完成", reason="x", actor=clerk)
    # The lead department may split its target; the parent rolls up from the sub-tasks.
    sub = service.add_subtask(s, parent=kid, text="城东幼儿园主体完工", deadline=date(2024, 9, 30), actor=clerk)
    assert sub.parent_id == kid.id and service.lead_of(sub).id == edu.id
    viewer = service.create_user(s, username="v", password="viewer-desk-2024", role="viewer", actor=admin)
    with pytest.raises(PermissionDenied):
        service.add_progress(s, target=kid, period="2024-Q2", value=3, reporter=viewer)
    assert service.verify_password(s, username="edu1", password="correct horse 42").id == clerk.id
    assert service.verify_password(s, username="edu1", password="wrong") is None
    assert service.verify_password(s, username="nobody", password="x") is None


def test_override_withdraw_and_audit(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    gdp = by_subject(s, "地区生产总值")
    service.add_progress(s, target=gdp, period="2024-Q2", value=4.0, reporter=admin)
    assert service.status_of(s, target=gdp, as_of=date(2024, 7, 5)).status == "严重欠进度"
    service.override_status(s, target=gdp, status="欠进度", reason="统计口径调整，省统计局核定后再评", actor=admin)
    st = service.status_of(s, target=gdp, as_of=date(2024, 7, 5))
    assert (st.status, st.overridden) == ("欠进度", True) and "口径" in st.reason
    service.clear_override(s, target=gdp, actor=admin)
    assert service.status_of(s, target=gdp, as_of=date(2024, 7, 5)).status == "严重欠进度"
    with pytest.raises(InvalidInput):
        service.override_status(s, target=gdp, status="差不多", reason="x", actor=admin)
    with pytest.raises(InvalidInput):
        service.override_status(s, target=gdp, status="已完成", reason=" ", actor=admin)
    service.withdraw_target(s, target=gdp, reason="与省定指标重复", actor=admin)
    assert gdp.id not in {t.id for t in service.list_targets(s)}
    assert gdp.id in {t.id for t in service.list_targets(s, include_withdrawn=True)}
    actions = [e.action for e in service.history(s, target=gdp)]
    assert actions[:5] == ["withdraw", "clear_override", "override", "progress", "suggest"][:5]
    assert "create" in actions
    ev = service.history(s, target=gdp, action="override")[0]
    assert ev.actor_name == "system" and ev.after == {"status": "欠进度", "reason": "统计口径调整，省统计局核定后再评"}


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"target": 99999, "period": "2024-Q2", "value": 1}, NotFound),
    ({"target": "abc", "period": "2024-Q2", "value": 1}, NotFound),
    ({"period": "2025-Q1", "value": 1}, InvalidInput),
    ({"period": "2024-Q9", "value": 1}, InvalidInput),
    ({"period": "2024-Q2", "value": 1, "unit": "公里"}, InvalidInput),
    ({"period": "2024-Q2"}, InvalidInput),
    ({"period": "2024-Q2", "value": float("nan")}, InvalidInput),
    ({"period": "2024-Q2", "value": 1, "stage": "快完了"}, InvalidInput),
])
def test_bad_progress_writes_nothing(loaded: tuple[DB, Any, Any], kwargs: dict[str, Any], error: type) -> None:
    db, s, admin = loaded
    kwargs.setdefault("target", by_subject(s, "新增规模工业企业").id)
    s.commit()
    before = (s.scalar(select(func.count()).select_from(ProgressReport)), s.scalar(select(func.count()).select_from(AuditEvent)))
    with pytest.raises(error):
        service.add_progress(s, reporter=admin, **kwargs)
    s.rollback()
    with db.session() as fresh:
        after = (fresh.scalar(select(func.count()).select_from(ProgressReport)),
                 fresh.scalar(select(func.count()).select_from(AuditEvent)))
    assert after == before


def test_unit_conversion(loaded: tuple[DB, Any, Any]) -> None:
    _db, s, admin = loaded
    jobs = by_subject(s, "新增城镇就业")  # 5000人
    pr = service.add_progress(s, target=jobs, period="2024-06", value=0.3, unit="万人", reporter=admin)
    assert pr.value == pytest.approx(3000)


def test_corrupt_file_writes_nothing(db: DB, tmp_path: Any) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    with db.session() as s:
        admin = service.system_user(s)
        s.commit()
        with pytest.raises(luoshi.LuoshiError):
            service.import_report(s, source=bad, region="某县", year=2024, actor=admin)
        s.rollback()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Target)) == 0
        assert service.list_reports(s) == []


def test_departments_and_users(db: DB) -> None:
    with db.session() as s:
        admin = service.system_user(s)
        d = service.create_department(s, name="州教育局", short_name="教育局", actor=admin)
        assert service.get_department(s, ref="教育局").id == d.id
        with pytest.raises(InvalidInput):
            service.create_department(s, name="州教育局", actor=admin)
        service.update_department(s, department=d, active=False, actor=admin)
        assert d not in service.list_departments(s)
        with pytest.raises(InvalidInput):
            service.create_user(s, username="x", password="short", role="admin", actor=admin)
        with pytest.raises(InvalidInput):
            service.create_user(s, username="y", password="long enough 42", role="department", actor=admin)
        with pytest.raises(InvalidInput):
            service.create_user(s, username="z", password="long enough 42", role="boss", actor=admin)
        u = service.create_user(s, username="office", password="long enough 42", role="admin", actor=admin)
        assert u.password_hash.startswith("$argon2")
        assert "password_hash" not in (service.history(s, entity="user", entity_id=u.id)[0].after or {})


def test_ledger_facade(tmp_path: Any, report_file: Any) -> None:
    from luoshi.ledger.ledger import Ledger

    with Ledger(f"sqlite:///{tmp_path / 'f.db'}") as ledger:
        info = ledger.import_report(report_file, region="某县", year=2024)
        assert info["created"] and info["counts"]["item"] == 3
        rows = ledger.rows(as_of=date(2024, 7, 5))
        plant = next(r for r in rows if r["text"] == "新增规模工业企业20户以上")
        ledger.assign(plant["id"], lead="县工信局", co=["县统计局"], deadline=date(2024, 12, 31))
        ledger.add_progress(plant["id"], period="2024-Q2", value=12, note="新入库12户")
        assert ledger.statuses(as_of=date(2024, 7, 5))[plant["id"]].status == "超进度"
        row = next(r for r in ledger.rows(as_of=date(2024, 7, 5)) if r["id"] == plant["id"])
        assert (row["lead"], row["co"], row["progress"]) == ("县工信局", ["县统计局"], "2024-Q2：12户。新入库12户")
        with pytest.raises(NotFound):
            ledger.add_progress(999, period="2024-Q2", value=1)
