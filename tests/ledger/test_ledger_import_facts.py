"""Importing takes the region and the year from what the report says of itself, shows them for the
clerk to confirm, warns where what was given says otherwise, and files only this year's targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ledger_cases import DB
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.errors import InvalidInput

# Our own short report: a congress line naming the region and the date, a review, the goals of the
# five-year term and this year's plan.
REPORT = """2026年某某县政府工作报告
——2026年1月18日在某某县第十八届人民代表大会第五次会议上
一、2025年工作回顾
全县生产总值增长5.6%。
二、“十五五”时期主要目标
全县生产总值年均增长6%左右。
三、2026年工作安排
今年主要预期目标是：全县生产总值增长6%左右，新增城镇就业3000人以上。
推动县城道路改造提升，完善水电气配套设施，建设标准厂房5万平方米。
"""


def _import(db: DB, **kw: object) -> tuple[Any, list[str], str, int, list[str]]:
    """(session, warnings, region name, year, texts of the quantified targets) of one import."""
    from luoshi.document import read_bytes
    from luoshi.ledger import service

    s = db.session()
    admin = service.system_user(s)
    res = service.import_report(s, source=read_bytes(REPORT.encode("utf-8"), "mouxian-2026"), actor=admin, **kw)
    s.commit()
    texts = [t.text for t in service.list_targets(s, report_id=res.report.id) if t.type == "quantified"]
    return s, res.warnings, res.report.region.name, res.report.year, texts


def test_region_and_year_come_from_the_report(db: DB) -> None:
    s, warnings, region, year, texts = _import(db)
    assert (region, year, warnings) == ("某某县", 2026, [])
    # The term's 6% for 2030 is no promise of this year; this year's 6% and 3000人 are.
    assert texts == ["生产总值增长6%左右", "新增城镇就业3000人以上", "标准厂房5万平方米"]
    s.close()


def test_a_contradiction_is_a_warning(db: DB) -> None:
    s, warnings, region, year, _ = _import(db, region="另一县", year=2024)
    assert any("2026" in w and "2024" in w for w in warnings)
    assert any("某某县" in w and "另一县" in w for w in warnings)
    assert (region, year) == ("另一县", 2024)  # what was given is kept, with the warning
    s.close()


def test_no_region_anywhere_is_refused(db: DB) -> None:
    from luoshi.document import read_bytes
    from luoshi.ledger import service

    s = db.session()
    try:
        admin = service.system_user(s)
        doc = read_bytes("二、2026年工作安排\n新增城镇就业3000人。\n".encode(), "x")
        with pytest.raises(InvalidInput, match="地区"):
            service.import_report(s, source=doc, actor=admin)
    finally:
        s.close()  # nothing left open that would hold the test schema


def test_cli_shows_what_it_took_from_the_report(tmp_path: Path) -> None:
    f = tmp_path / "mouxian-2026.txt"
    f.write_text(REPORT, encoding="utf-8")
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    res = runner.invoke(app, ["import", str(f), "--db", db])
    assert res.exit_code == 0, res.output
    assert "取自报告自述：地区“某某县”，年度 2026" in res.output
    res = runner.invoke(app, ["import", str(f), "--db", str(tmp_path / "m.db"), "--year", "2024", "--region", "某某县"])
    assert res.exit_code == 0, res.output
    assert "警告：报告自身的年度是 2026 年" in res.output
