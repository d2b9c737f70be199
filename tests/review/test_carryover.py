"""Carry-over into the ledger: importing the 2025 report offers its results as pending year-end
progress for the 2024 targets of the same region."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_cases import EXPECTED_2024

from luoshi.extract.keys import key


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Any]:
    from luoshi.ledger.storage.db import init_db, make_engine, session_factory

    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    init_db(engine)
    s = session_factory(engine)()
    try:
        yield s
    finally:
        s.close()
        engine.dispose()


def test_next_report_offers_pending_progress(session: Any, pair: tuple[Path, Path]) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.operations.carryover import SOURCE, offer_results

    admin = service.system_user(session)
    first = service.import_report(session, source=pair[0], region="青川市", actor=admin).report
    # No report of 2023 for this region: nothing to offer.
    assert offer_results(session, report=first, actor=admin).offers == []
    second = service.import_report(session, source=pair[1], region="青川市", actor=admin).report
    co = offer_results(session, report=second, actor=admin)
    session.commit()
    assert co.previous_report_id == first.id and co.year == 2024

    targets = {t.id: t for t in service.list_targets(session, report_id=first.id)}
    verdicts = {key(targets[o.target_id].subject): o.verdict for o in co.offers}
    assert verdicts == EXPECTED_2024

    comparable = {"达成", "基本达成", "未达成"}
    added = co.added
    assert {o.verdict for o in added} <= comparable
    assert len(added) == sum(1 for v in EXPECTED_2024.values() if v in comparable) == 8
    for o in added:
        (pr,) = service.list_progress(session, target=o.target_id)
        assert pr.source == SOURCE and pr.review_state == "pending" and pr.period == "2024"
        assert "2025年政府工作报告" in pr.note and o.verdict in pr.note
    jobs = next(o for o in added if key(targets[o.target_id].subject) == "城镇新增就业")
    assert jobs.value == pytest.approx(3.12)  # 31200人 in the target's unit, 万人
    assert all(o.progress_id is None for o in co.offers if o.verdict in ("未提及", "无法比较"))

    # Importing again adds nothing twice.
    again = offer_results(session, report=second, actor=admin)
    assert again.added == []
    assert sum(len(service.list_progress(session, target=t)) for t in targets) == 8


def test_cli_import_offers_last_years_results(pair: tuple[Path, Path], tmp_path: Path) -> None:
    """`luoshi import` of the next year's report offers its results for the office's review."""
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "luoshi", *args], capture_output=True, text=True, timeout=120)

    first = run("import", str(pair[0]), "--region", "青川市", "--year", "2024", "--db", db)
    assert first.returncode == 0, first.stderr
    assert "年终进展" not in first.stdout  # no report of 2023 for this region
    second = run("import", str(pair[1]), "--region", "青川市", "--year", "2025", "--db", db)
    assert second.returncode == 0, second.stderr
    assert "上年（2024）目标对照：8 项结果已作为年终进展报送，待审核" in second.stdout
    again = run("import", str(pair[1]), "--region", "青川市", "--year", "2025", "--db", db)
    assert "年终进展" not in again.stdout  # offered once only


def test_last_years_target_named_in_the_review_is_not_imported(tmp_path: Path, session: Any) -> None:
    """完成年初确定的…目标 in the review names last year's target: no quantified target of this year."""
    from luoshi.ledger import service

    p = tmp_path / "demo-2024.txt"
    p.write_text("一、2023年工作回顾\n地区生产总值增长6.8%，超额完成年初确定的增长6.5%的目标。\n"
                 "二、2024年工作安排\n地区生产总值增长7%左右。\n", encoding="utf-8")
    admin = service.system_user(session)
    report = service.import_report(session, source=p, region="某县", year=2024, actor=admin).report
    quantified = [t for t in service.list_targets(session, report_id=report.id) if t.type == "quantified"]
    assert [(t.value, t.year) for t in quantified] == [(7.0, 2024)]
