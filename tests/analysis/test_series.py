"""Series: the target of year N beside the result the report of N+1 gives, per catalogue indicator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compare_cases import write_reports
from openpyxl import load_workbook
from typer.testing import CliRunner

from luoshi.analysis.series import series_paths
from luoshi.cli import app

runner = CliRunner()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    return write_reports(tmp_path / "reports")


def test_target_and_next_years_result(reports: Path) -> None:
    s = series_paths([reports])
    got = {(p.region, p.indicator, p.year): (p.target.text if p.target else None,
                                             p.result.text if p.result else None, p.verdict) for p in s.points}
    # 青川市 2025 targets judged by its 2026 report's review (our own hand-worked verdicts).
    assert got[("青川市", "地区生产总值", 2025)] == ("6%左右", "5.8%", "基本达成")  # 0.2 short, inside 0.5
    assert got[("青川市", "城镇调查失业率", 2025)] == ("5.5%左右", "5.1%", "达成")  # lower is better
    assert got[("青川市", "城镇新增就业", 2025)] == ("≥3万人", "3.2万人", "达成")
    assert got[("青川市", "一般公共预算收入", 2025)] == ("5%", "4.1%", "未达成")
    assert got[("青川市", "粮食产量", 2025)] == ("≥60万吨", "62.3万吨", "达成")
    # The last year has no next report yet: no verdict, never a guess.
    assert got[("青川市", "地区生产总值", 2026)] == ("5.5%左右", None, "")
    assert got[("白石市", "地区生产总值", 2026)] == ("5%—5.5%", None, "")
    # Words-only targets are not points.
    assert ("青川市", "居民人均可支配收入", 2025) not in got


def test_series_cli_formats(reports: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["series", str(reports / "qingchuan-2025.txt"), str(reports / "qingchuan-2026.txt"),
                              "-f", "json", "-i", "地区生产总值"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["indicators"] == ["地区生产总值"] and [p["year"] for p in data["points"]] == [2025, 2026]
    res = runner.invoke(app, ["series", str(reports), "-f", "xlsx", "-o", str(tmp_path / "s.xlsx")])
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == ["历年对比", "图表"]
    assert wb["图表"]._charts  # a chart per region and indicator with two years
    res = runner.invoke(app, ["series", str(reports)])
    assert "基本达成" in res.stdout
