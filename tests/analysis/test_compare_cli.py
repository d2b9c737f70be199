"""`luoshi compare` and `luoshi.compare` on reports written for the tests (compare_cases.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from compare_cases import write_reports
from openpyxl import load_workbook
from typer.testing import CliRunner

import luoshi
from luoshi.cli import app
from luoshi.errors import LuoshiError
from luoshi.export.tables import compare_workbook, safe_text

runner = CliRunner()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    return write_reports(tmp_path / "reports")


def test_json_shape(reports: Path) -> None:
    res = runner.invoke(app, ["compare", str(reports), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["indicators"][0] == "地区生产总值" and "居民消费价格" in data["indicators"]
    rows = {r["doc"]: r for r in data["rows"]}
    assert set(rows) == {"baishi-2026", "qingchuan-2025", "qingchuan-2026"}
    b = rows["baishi-2026"]
    assert (b["region"], b["level"], b["year"]) == ("白石市", "市", 2026)
    gdp = b["cells"]["地区生产总值"]
    assert set(gdp) == {"text", "value", "value_max", "unit", "bound", "mention", "span"}
    assert (gdp["text"], gdp["value"], gdp["value_max"], gdp["unit"], gdp["bound"]) == ("5%—5.5%", 5, 5.5, "%", "range")
    text = (reports / "baishi-2026.txt").read_text(encoding="utf-8")
    assert text[gdp["span"][0] : gdp["span"][1]] == gdp["mention"]
    assert b["cells"]["城镇调查失业率"]["text"] == "≤5%"
    assert b["cells"]["城镇居民人均可支配收入"]["text"] == "5%左右"  # 分别…左右: the bound is shared
    words = b["cells"]["固定资产投资"]
    assert words["value"] is None and words["text"] == "固定资产投资实现正增长"
    assert "一般公共预算收入" not in b["cells"]  # no number, no words: empty
    q = rows["qingchuan-2025"]["cells"]
    assert q["城镇新增就业"]["text"] == "≥3万人" and q["粮食产量"]["text"] == "≥60万吨"


def test_scope_list_keeps_to_the_list(reports: Path) -> None:
    listed = runner.invoke(app, ["compare", str(reports / "qingchuan-2026.txt"), "-f", "json"])
    every = runner.invoke(app, ["compare", str(reports / "qingchuan-2026.txt"), "-f", "json", "--scope", "all"])
    assert "高标准农田" not in json.loads(listed.stdout)["indicators"]
    assert json.loads(every.stdout)["rows"][0]["cells"]["高标准农田"]["text"] == "5万亩"


def test_actual_gives_last_years_results(reports: Path) -> None:
    res = runner.invoke(app, ["compare", str(reports / "qingchuan-2026.txt"), "-f", "json", "--stance", "actual"])
    cells = json.loads(res.stdout)["rows"][0]["cells"]
    assert cells["地区生产总值"]["text"] == "5.8%"
    assert cells["城镇调查失业率"]["text"] == "5.1%"
    assert cells["一般公共预算收入"]["value"] == 4.1


def test_table_csv_xlsx_parquet(reports: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["compare", str(reports)])
    assert res.exit_code == 0 and "白石市" in res.stdout and "5%—5.5%" in res.stdout
    res = runner.invoke(app, ["compare", str(reports), "-f", "csv", "-o", str(tmp_path / "t.csv")])
    assert res.exit_code == 0, res.output
    head = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert head.startswith("doc,region,level,year,地区生产总值")
    assert runner.invoke(app, ["compare", str(reports), "-f", "xlsx", "-o", str(tmp_path / "t.xlsx")]).exit_code == 0
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["横向比较", "明细"]
    assert [c.value for c in wb["横向比较"][1]][:4] == ["地区", "层级", "年份", "地区生产总值"]
    assert runner.invoke(app, ["compare", str(reports), "-f", "parquet", "-o", str(tmp_path / "t.parquet")]).exit_code == 0
    frame = pd.read_parquet(tmp_path / "t.parquet")
    row = frame[(frame.doc == "baishi-2026") & (frame.indicator == "地区生产总值")].iloc[0]
    assert (row.value, row.value_max, row.bound) == (5.0, 5.5, "range")


def test_indicator_option_and_errors(reports: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["compare", str(reports), "-f", "csv", "-i", "城镇调查失业率"])
    assert res.stdout.splitlines()[0] == "doc,region,level,year,城镇调查失业率"
    for args in (["-i", "不存在的指标"], ["-f", "xlsx"], ["--stance", "both"]):
        res = runner.invoke(app, ["compare", str(reports), *args])
        assert res.exit_code != 0 and not isinstance(res.exception, AssertionError)
    (tmp_path / "empty").mkdir()
    res = subprocess.run([sys.executable, "-m", "luoshi", "compare", str(tmp_path / "empty")], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2 and res.stderr.startswith("luoshi: error: ") and len(res.stderr.splitlines()) == 1


def test_bad_file_is_one_line_and_the_rest_is_tabulated(reports: Path) -> None:
    (reports / "broken-2026.txt").write_bytes(b"\x00\x01\x02" * 50)
    res = runner.invoke(app, ["compare", str(reports), "-f", "json"])
    assert res.exit_code == 2
    assert len(json.loads(res.stdout)["rows"]) == 3
    errors = [line for line in res.stderr.splitlines() if line]
    assert len(errors) == 1 and errors[0].startswith("luoshi: error: ") and "broken-2026.txt" in errors[0]


def test_user_catalogue_option(reports: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text("indicators:\n  - name: 旅游人次\n    kind: amount\n    unit: 万人次\n    aliases: [高标准农田]\n",
                    encoding="utf-8")
    res = runner.invoke(app, ["compare", str(reports), "-f", "json", "--scope", "all", "--catalogue", str(mine)])
    assert isinstance(res.exception, LuoshiError) and "同时属于" in str(res.exception)  # 高标准农田 is taken
    mine.write_text("indicators:\n  - name: 高标准农田\n    aliases: [良田]\n", encoding="utf-8")
    assert runner.invoke(app, ["compare", str(reports), "--catalogue", str(mine)]).exit_code == 0


def test_python_api_returns_a_dataframe(reports: Path) -> None:
    frame = luoshi.compare(reports)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns[:4]) == ["doc", "region", "level", "year"]
    long = luoshi.compare([reports], long=True)
    assert {"indicator", "value", "value_max", "unit", "bound", "mention", "span_start"} <= set(long.columns)


def test_cells_are_never_formulas(reports: Path) -> None:
    assert safe_text("=1+1") == "'=1+1" and safe_text("5%左右") == "5%左右"
    from luoshi.analysis.compare import compare

    table = compare([reports])
    table.rows[0].cells["地区生产总值"].text = "=HYPERLINK(\"x\")"
    ws = compare_workbook(table)["横向比较"]
    cell = ws.cell(2, 4)
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"


def test_words_only_targets_sharing_one_predicate(tmp_path: Path) -> None:
    from luoshi.analysis.compare import compare

    text = ("松原县2026年政府工作报告\n\n二、2026年工作安排\n\n"
            "今年主要预期目标是：地区生产总值增长6%左右；城镇调查失业率、居民消费价格控制在省定范围内。\n")
    (tmp_path / "songyuan-2026.txt").write_text(text, encoding="utf-8")
    row = compare([tmp_path]).rows[0]
    words = "城镇调查失业率、居民消费价格控制在省定范围内"
    assert row.cells["城镇调查失业率"].text == words and row.cells["居民消费价格"].text == words
    assert row.cells["城镇调查失业率"].value is None and row.cells["地区生产总值"].text == "6%左右"
    assert row.region == "松原县" and row.level == "县" and row.year == 2026


def test_workers_give_the_same_table(reports: Path) -> None:
    from luoshi.analysis.compare import compare

    one = compare([reports]).to_json()
    assert compare([reports], workers=2).to_json() == one


@pytest.mark.slow
def test_on_a_local_dask_cluster_with_a_user_catalogue(reports: Path, tmp_path: Path) -> None:
    """The workers get the user's catalogue as text: they may not see the user's file system."""
    from distributed import LocalCluster

    from luoshi.analysis.compare import compare

    mine = tmp_path / "mine.yaml"
    mine.write_text("indicators:\n  - name: 农村公路\n    kind: amount\n    unit: 公里\n    aliases: [改造农村公路]\n",
                    encoding="utf-8")
    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        table = compare([reports], scope="all", catalogue=mine, scheduler=cluster.scheduler_address)
    rows = {r.doc: r for r in table.rows}
    assert len(rows) == 3 and not table.errors
    assert rows["qingchuan-2026"].cells["农村公路"].text == "180公里"
    assert rows["baishi-2026"].cells["地区生产总值"].text == "5%—5.5%"


def test_unreachable_scheduler_is_one_clear_error(reports: Path) -> None:
    from luoshi.analysis.compare import compare

    with pytest.raises(LuoshiError) as e:
        compare([reports], scheduler="tcp://127.0.0.1:9", scheduler_timeout=2)
    assert "Dask" in str(e.value)
