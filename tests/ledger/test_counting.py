"""What a count counts (`rules.counting`), as a table: 跟踪目标 are the live targets without live
sub-targets; a split target counts through its sub-targets, a withdrawn one not at all."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.ledger.rules.counting import CountItem, counted_ids, tally

DAY = date(2024, 6, 30)

# (case, items as (id, parent, withdrawn), counted ids)
CASES = [
    ("flat", [(1, None, False), (2, None, False)], {1, 2}),
    ("a split target counts through its children", [(1, None, False), (2, 1, False), (3, 1, False)], {2, 3}),
    ("two levels", [(1, None, False), (2, 1, False), (3, 2, False), (4, 2, False)], {3, 4}),
    ("all children withdrawn: the parent counts again", [(1, None, False), (2, 1, True), (3, 1, True)], {1}),
    ("one child withdrawn", [(1, None, False), (2, 1, True), (3, 1, False)], {3}),
    ("withdrawn parent, live children", [(1, None, True), (2, 1, False)], {2}),
    ("withdrawn alone", [(1, None, True)], set()),
    ("nothing", [], set()),
    ("a child whose parent is not among the rows", [(5, 99, False)], {5}),
]


@pytest.mark.parametrize(("items", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_counted_ids(items: list[tuple[int, int | None, bool]], expected: set[int]) -> None:
    assert counted_ids(items) == expected


def test_tally_counts_statuses_and_colours_of_counted_targets_only() -> None:
    items = [
        CountItem(1, None, False, "欠进度", "黄"),  # split: its roll-up is not counted
        CountItem(2, 1, False, "欠进度", "黄"),
        CountItem(3, 1, False, "已完成", None),
        CountItem(4, None, False, "未报送", "黄"),
        CountItem(5, None, False, "严重欠进度", "红"),
        CountItem(6, None, True, "已撤销", None),
        CountItem(7, None, False, "达进度", "蓝"),
    ]
    t = tally(items, DAY)
    assert (t.total, t.split, t.withdrawn) == (5, 1, 1)
    assert t.counts == {"已完成": 1, "超进度": 0, "达进度": 1, "欠进度": 1, "严重欠进度": 1, "未报送": 1, "无法判断": 0}
    assert t.warnings == {"红": 1, "黄": 2, "蓝": 1, "无": 1}
    assert t.lagging == 3 and t.done == 1
    assert sum(t.counts.values()) == sum(t.warnings.values()) == t.total
    assert t.to_dict()["as_of"] == "2024-06-30"


def test_ledger_status_rows_and_tally_agree(tmp_path: object) -> None:
    """`ledger_status` (rows + counts) on a ledger with a split target, a withdrawn one and progress:
    the counts are those of the rows marked counted, and `rollups` count the same targets."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
    from webtools import build_ledger

    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction

    url = f"sqlite:///{Path(str(tmp_path)) / 'c.db'}"
    rid, a, _b = build_ledger(url)
    engine, factory = open_db(url)
    with transaction(factory) as session:
        system = s.system_user(session)
        kids = [s.add_subtask(session, parent=a, text=f"分解任务{i}", actor=system) for i in range(3)]
        s.add_progress(session, target=kids[0], period="2024-Q1", stage="已完成", reporter=system, accept=True)
        targets = s.list_targets(session, report_id=rid)
        s.withdraw_target(session, target=targets[-1], reason="重复", actor=system)
    with factory() as session:
        ledger = s.ledger_status(session, as_of=DAY, report_id=rid)
        counted = [r for r in ledger.rows if r.counted]
        assert ledger.tally.total == len(counted) == len(ledger.rows) - 1  # the split parent is listed, not counted
        assert ledger.tally.split == 1
        assert not next(r for r in ledger.rows if r.target.id == a).counted
        assert ledger.tally.counts["已完成"] == 1
        for st, n in ledger.tally.counts.items():
            assert n == sum(1 for r in counted if r.status.status == st)
        by_all = s.rollups(session, as_of=DAY, by="all", report_id=rid)[0]
        assert by_all.total == ledger.tally.total
        assert by_all.counts == {k: v for k, v in ledger.tally.counts.items() if v}
        assert s.count_rows([r.to_dict() for r in ledger.rows], DAY) == ledger.tally
        # The marks the ledger puts on its rows are the pure rule's, withdrawn targets included.
        everything = s.ledger_rows(session, as_of=DAY, report_id=rid, include_withdrawn=True)
        items = [CountItem(r.target.id, r.target.parent_id, r.target.withdrawn_at is not None, r.status.status,
                           r.status.warning) for r in everything]
        assert tally(items, DAY) == s.count_rows(everything, DAY)
        assert tally(items, DAY).withdrawn == 1
        by_lead = {g.label: (g.total, g.counts) for g in s.rollup_rows([r.to_dict() for r in ledger.rows])}
        by_dept = {g.label: (g.total, g.counts) for g in s.rollups(session, as_of=DAY, by="department",
                                                                  report_id=rid)}
        assert by_lead == by_dept
    engine.dispose()
