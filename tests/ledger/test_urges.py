"""催办 and 督办单 in the ledger: one per lead department, 文号 numbered per kind and year without
duplicates (also when two offices send at once), one answer only, closing, counts, audit in Chinese."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest

from luoshi.errors import Conflict, InvalidInput, PermissionDenied
from luoshi.ledger import service
from luoshi.ledger.rules import urging

AS_OF = date(2024, 6, 30)


def _setup(s: Any, admin: Any) -> tuple[Any, Any, Any, Any, list[Any]]:
    """Two departments with a user each; the first three targets led by 教育局, the next two by 卫健局."""
    edu = service.get_or_create_department(s, name="教育局", actor=admin)
    health = service.get_or_create_department(s, name="卫生健康局", actor=admin)
    u_edu = service.create_user(s, username="edu1", password="Jiaoyu-desk-2024", role="department",
                                department=edu, actor=admin)
    u_health = service.create_user(s, username="health1", password="Weijian-desk-2024", role="department",
                                   department=health, actor=admin)
    targets = [t for t in service.list_targets(s) if t.parent_id is None][:5]
    assert len(targets) == 5
    for t in targets[:3]:
        service.assign(s, target=t, lead=edu, actor=admin)
    for t in targets[3:]:
        service.assign(s, target=t, lead=health, actor=admin)
    s.flush()
    return edu, health, u_edu, u_health, targets


def test_one_urge_per_department_with_numbers(loaded: Any) -> None:
    _db, s, admin = loaded
    edu, health, _ue, _uh, targets = _setup(s, admin)
    sent = service.send_urges(s, targets=[t.id for t in targets], message="请于一周内报送进展",
                              reply_by=AS_OF + timedelta(days=7), actor=admin, as_of=AS_OF, cc="县政府办公室")
    assert sorted(u.department_id for u in sent) == sorted([edu.id, health.id])
    assert [u.seq for u in sent] == [1, 2]
    assert all(u.year == 2024 and u.state == "waiting" and u.issuer == "某县人民政府督查室" for u in sent)
    by_dept = {u.department_id: u for u in sent}
    assert [i.target_id for i in by_dept[edu.id].items] == [t.id for t in targets[:3]]
    assert all(i.status for i in by_dept[edu.id].items)
    more = service.send_urges(s, targets=[targets[0].id], message="再次催办", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    assert more[0].seq == 3
    assert urging.doc_number(more[0].kind, more[0].year, more[0].seq) == "催办〔2024〕3号"
    # Another year starts again at 1; 督办 has its own numbers.
    nxt = service.send_urges(s, targets=[targets[0].id], message="新年度催办", reply_by=date(2025, 1, 10),
                             actor=admin, as_of=date(2025, 1, 2))
    assert (nxt[0].year, nxt[0].seq) == (2025, 1)
    events = service.history(s, entity="urge", entity_id=sent[0].id)
    assert events and all(e.action == "urge_send" for e in events)
    assert any("发出催办" in e.note and "催办〔2024〕" in e.note for e in events)
    assert any(e.note.startswith("催办") for e in service.history(s, target=targets[0]))


def test_refusals(loaded: Any) -> None:
    _db, s, admin = loaded
    _edu, _health, u_edu, u_health, targets = _setup(s, admin)
    with pytest.raises(InvalidInput, match="内容"):
        service.send_urges(s, targets=[targets[0].id], message="  ", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    with pytest.raises(InvalidInput, match="答复时限"):
        service.send_urges(s, targets=[targets[0].id], message="催", reply_by=AS_OF - timedelta(days=1),
                           actor=admin, as_of=AS_OF)
    with pytest.raises(InvalidInput, match="选择"):
        service.send_urges(s, targets=[], message="催", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    with pytest.raises(PermissionDenied):
        service.send_urges(s, targets=[targets[0].id], message="催", reply_by=AS_OF, actor=u_edu, as_of=AS_OF)
    unassigned = [t for t in service.list_targets(s) if not t.assignments and t.parent_id is None]
    if unassigned:
        with pytest.raises(InvalidInput, match="牵头单位"):
            service.send_urges(s, targets=[unassigned[0].id], message="催", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    # A lead only suggested by the keyword rules, not confirmed by the office, gets no 催办.
    suggested = targets[4]
    service.assign(s, target=suggested, lead=_health, actor=admin, confirmed=False)
    with pytest.raises(InvalidInput, match="确认"):
        service.send_urges(s, targets=[suggested.id], message="催", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    [u] = service.send_urges(s, targets=[targets[0].id], message="催", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    with pytest.raises(PermissionDenied):
        service.reply_urge(s, urge=u, actor=u_health, text="不是我们的")
    with pytest.raises(InvalidInput, match="书面说明"):
        service.reply_urge(s, urge=u, actor=u_edu, text=" ")


def test_supervise_only_red_or_yellow(loaded: Any) -> None:
    _db, s, admin = loaded
    _setup(s, admin)
    late = date(2025, 3, 1)  # every 2024 target not done is past its deadline: 红
    statuses = service.statuses_as_of(s, as_of=late)
    red = [tid for tid, st in statuses.items() if st.warning == "红"]
    led = [t.id for t in service.list_targets(s) if t.assignments]
    pick = [t for t in led if t in red][:2]
    assert pick
    sent = service.send_urges(s, targets=pick, message="请说明滞后原因", reply_by=late + timedelta(days=5),
                              actor=admin, as_of=late, kind="supervise")
    assert sent[0].kind == "supervise" and sent[0].seq == 1
    assert urging.doc_number("supervise", 2025, 1) == "督办〔2025〕1号"
    calm = [tid for tid, st in service.statuses_as_of(s, as_of=date(2024, 1, 15)).items()
            if st.warning not in ("红", "黄") and tid in led]
    if calm:
        with pytest.raises(InvalidInput, match="红色、黄色预警"):
            service.send_urges(s, targets=calm[:1], message="督办", reply_by=date(2024, 2, 1), actor=admin,
                               as_of=date(2024, 1, 15), kind="supervise")


def test_reply_read_close_and_counts(loaded: Any) -> None:
    _db, s, admin = loaded
    edu, _health, u_edu, _uh, targets = _setup(s, admin)
    sent = service.send_urges(s, targets=[t.id for t in targets], message="请报送", reply_by=AS_OF + timedelta(days=3),
                              actor=admin, as_of=AS_OF)
    mine = next(u for u in sent if u.department_id == edu.id)
    c = service.urge_counts(s, as_of=AS_OF)
    assert (c.waiting, c.overdue, c.unread) == (2, 0, 0)
    later = AS_OF + timedelta(days=10)
    assert service.urge_counts(s, as_of=later, department_id=edu.id).overdue == 1
    assert [u.id for u in service.list_urges(s, state="逾期", as_of=later, department_id=edu.id)] == [mine.id]
    assert urging.state_name(mine.state, mine.reply_by, later) == "逾期"
    service.reply_urge(s, urge=mine, actor=u_edu, text="已加快推进，下周报送季度进展", expected_version=1)
    assert mine.state == "replied" and mine.version == 2 and mine.reply_kind == "text"
    assert service.urge_counts(s, as_of=AS_OF).unread == 1
    with pytest.raises(Conflict, match="已答复"):
        service.reply_urge(s, urge=mine, actor=u_edu, text="再答一次")
    assert service.mark_read(s, urge=mine, actor=admin) is True
    assert service.mark_read(s, urge=mine, actor=admin) is False
    assert service.urge_counts(s, as_of=AS_OF).unread == 0
    with pytest.raises(Conflict):
        service.close_urge(s, urge=mine, actor=admin, expected_version=1)  # saw the version before the reply
    service.close_urge(s, urge=mine, actor=admin, note="答复可行", expected_version=2)
    assert mine.state == "closed"
    notes = [e.note for e in service.history(s, entity="urge", entity_id=mine.id)]
    assert any("书面答复" in n for n in notes) and any("办结" in n for n in notes)
    assert [u.id for u in service.list_urges(s, state="已办结")] == [mine.id]


def test_reply_with_progress(loaded: Any) -> None:
    _db, s, admin = loaded
    edu, _health, u_edu, _uh, targets = _setup(s, admin)
    [u] = service.send_urges(s, targets=[targets[0].id], message="请报送", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    t = targets[0]
    pr = service.add_progress(s, target=t, period="2024-Q2", value=t.value, stage=None if t.value else "推进中",
                              reporter=u_edu)
    other = service.add_progress(s, target=targets[1], period="2024-Q2", value=targets[1].value,
                                 stage=None if targets[1].value else "推进中", reporter=u_edu)
    with pytest.raises(InvalidInput, match="不属于"):
        service.reply_urge(s, urge=u, actor=u_edu, progress=other.id)
    service.reply_urge(s, urge=u, actor=u_edu, progress=pr.id)
    assert u.reply_kind == "progress" and u.reply_progress_id == pr.id
    assert edu.id == u.department_id


def test_lagging_targets_of_a_department(loaded: Any) -> None:
    _db, s, admin = loaded
    edu, _health, _ue, _uh, _targets = _setup(s, admin)
    ids = service.lagging_targets(s, department=edu, as_of=AS_OF)
    statuses = service.statuses_as_of(s, as_of=AS_OF)

    def root(tid: int) -> int:
        t = service.get_target(s, ref=tid)
        return root(t.parent_id) if t.parent_id else t.id

    def lead(tid: int) -> str:
        t = service.get_target(s, ref=root(tid))
        return str(service.lead_of(t).name)

    assert ids and all(lead(i) == "教育局" for i in ids)  # parts count under their parent's lead
    assert all(statuses[i].status in ("欠进度", "严重欠进度", "未报送") for i in ids)
    red = service.lagging_targets(s, department=edu, as_of=date(2025, 3, 1), warnings=("红",))
    assert red


def test_two_replies_at_once_one_wins(db: Any) -> None:
    """Two sessions (two people of the department, or the office closing) act on one 催办 at once."""
    from ledger_cases import REPORT, indicators_for

    import luoshi

    with db.session() as s:
        admin = service.system_user(s)
        doc = luoshi.read_bytes(REPORT.encode("utf-8"), "mouxian-2024")
        service.import_report(s, source=doc, region="某县", year=2024, actor=admin, indicators=indicators_for(doc.text))
        _edu, _h, u_edu, _uh, targets = _setup(s, admin)
        [u] = service.send_urges(s, targets=[targets[0].id], message="请报送", reply_by=AS_OF, actor=admin,
                                 as_of=AS_OF)
        s.commit()
        uid, user_id = u.id, u_edu.id
    results: list[Any] = [None, None]
    barrier = threading.Barrier(2)

    def act(i: int) -> None:
        with db.session() as s:
            try:
                urge = service.get_urge(s, ref=uid)
                barrier.wait()
                if i == 0:
                    service.reply_urge(s, urge=urge, actor=service.get_user(s, ref=user_id), text=f"答复{i}",
                                       expected_version=1)
                else:
                    service.close_urge(s, urge=urge, actor=service.system_user(s), expected_version=1)
                s.commit()
                results[i] = "ok"
            except Conflict:
                s.rollback()
                results[i] = "conflict"

    threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    with db.session() as s:
        assert service.get_urge(s, ref=uid).version == 2


def test_numbers_unique_when_sent_at_once(db: Any) -> None:
    """Four offices send at once: four different 文号 (unique constraint + retry)."""
    from ledger_cases import REPORT, indicators_for

    import luoshi

    with db.session() as s:
        admin = service.system_user(s)
        doc = luoshi.read_bytes(REPORT.encode("utf-8"), "mouxian-2024")
        service.import_report(s, source=doc, region="某县", year=2024, actor=admin, indicators=indicators_for(doc.text))
        _setup(s, admin)
        s.commit()
        tid = next(t.id for t in service.list_targets(s) if t.assignments)
    n = 4
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def send() -> None:
        try:
            with db.session() as s:
                barrier.wait()
                service.send_urges(s, targets=[tid], message="催办", reply_by=AS_OF, actor=service.system_user(s),
                                   as_of=AS_OF)
                s.commit()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=send) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with db.session() as s:
        seqs = sorted(u.seq for u in service.list_urges(s))
    assert seqs == list(range(1, len(seqs) + 1))


def test_backup_and_restore_keep_urges(loaded: Any, tmp_path: Any) -> None:
    """催办 and their targets go into a backup and come back; the next 文号 continues after them."""
    from ledger_cases import _make_db

    from luoshi.ledger.operations.backup import backup, restore

    db, s, admin = loaded
    _edu, _health, u_edu, _uh, targets = _setup(s, admin)
    sent = service.send_urges(s, targets=[t.id for t in targets], message="请报送", reply_by=AS_OF, actor=admin,
                              as_of=AS_OF)
    service.reply_urge(s, urge=sent[0], actor=u_edu if sent[0].department_id == u_edu.department_id else admin,
                       text="已答复")
    s.commit()
    f = tmp_path / "b.json.gz"
    counts = backup(db.engine, f)
    assert counts["urges"] == 2 and counts["urge_targets"] == 5
    (tmp_path / "r").mkdir()
    for target in _make_db("sqlite", tmp_path / "r"):
        restore(target.engine, f)
        with target.session() as r:
            back = service.list_urges(r)
            assert sorted(u.seq for u in back) == [1, 2] and sum(len(u.items) for u in back) == 5
            assert any(u.reply_text == "已答复" for u in back)
            more = service.send_urges(r, targets=[targets[0].id], message="再催", reply_by=AS_OF,
                                      actor=service.system_user(r), as_of=AS_OF)
            assert more[0].seq == 3


def test_merged_department_keeps_its_urges(loaded: Any) -> None:
    """A department merged into another: its 催办 move with its accounts, still waiting for an answer."""
    _db, s, admin = loaded
    _edu, health, _ue, u_health, targets = _setup(s, admin)
    [u] = service.send_urges(s, targets=[targets[3].id], message="请报送", reply_by=AS_OF, actor=admin, as_of=AS_OF)
    into = service.create_department(s, name="卫生健康委员会", actor=admin)
    service.merge_departments(s, source=health, into=into, actor=admin)
    s.flush()
    assert u.department_id == into.id and u_health.department_id == into.id
    assert service.urge_counts(s, as_of=AS_OF, department_id=into.id).to_answer == 1
    service.reply_urge(s, urge=u, actor=u_health, text="已合并后答复")
