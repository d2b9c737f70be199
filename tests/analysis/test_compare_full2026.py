"""The main expected targets of the 21 whole 2026 provincial reports, side by side.

The table below was written by hand from our own reading of each report's 主要预期目标 paragraph
(never from Luoshi's output). A cell is the target as the list states it: `5%左右` (approx),
`≥60万人` (min, 以上), `≤5%` (max, 以内/控制在…以内), `4.5%—5%` (range), `2%` (exact). `Q` marks a
target the list states in words only (居民收入增长与经济增长同步): the cell must hold that text and
no number. An indicator a report's list does not name has no entry: its cell must stay empty.
城乡居民人均可支配收入分别增长… gives the 城镇 and 农村 indicators; a list that names 居民收入 only
gives 居民人均可支配收入.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.analysis.compare import CompareTable, compare

Q = "Q"
GDP, CPI, UNEMP, JOBS, BUDGET = "地区生产总值", "居民消费价格", "城镇调查失业率", "城镇新增就业", "一般公共预算收入"
INC, INC_U, INC_R = "居民人均可支配收入", "城镇居民人均可支配收入", "农村居民人均可支配收入"
FAI, RETAIL, GRAIN = "固定资产投资", "社会消费品零售总额", "粮食产量"
CORE = [GDP, CPI, UNEMP, JOBS, BUDGET, INC, INC_U, INC_R, FAI, RETAIL, GRAIN]

EXPECTED: dict[str, dict[str, str]] = {
    "beijing-2026": {GDP: "5%左右", BUDGET: "4%左右", UNEMP: "≤5%", CPI: "2%左右", INC: Q},
    "chongqing-2026": {GDP: "≥5%", FAI: "3%", RETAIL: "≥4%", JOBS: "≥65万人", BUDGET: "3%", INC: Q},
    "gansu-2026": {GDP: "5.5%左右", FAI: "4.5%左右", RETAIL: "4%左右", BUDGET: "5.5%左右", UNEMP: "5.5%左右",
                   INC_U: "5%左右", INC_R: "6.5%左右", CPI: "2%", GRAIN: "≥1300万吨"},
    "guangxi-2026": {GDP: "5%左右", UNEMP: "5.5%左右", CPI: "≤2%", INC: Q, GRAIN: Q},
    "guizhou-2026": {GDP: "5%左右", FAI: "3%左右", RETAIL: "4%左右", BUDGET: "2%左右", INC_U: "4%左右",
                     INC_R: "6%左右", JOBS: "60万人左右", UNEMP: "5.5%左右", CPI: "2%左右"},
    "hainan-2026": {GDP: "6%左右", FAI: "7%左右", RETAIL: "6%左右", UNEMP: "5.5%左右", CPI: "2%左右", INC: Q},
    "heilongjiang-2026": {GDP: "4.5%—5%", GRAIN: "≥1600亿斤", JOBS: "≥30万人", UNEMP: "5.7%左右", CPI: "2%左右",
                          INC: Q},
    "henan-2026": {GDP: "5%左右", FAI: "5%左右", RETAIL: "5.5%左右", BUDGET: "4%左右", UNEMP: "5.5%左右",
                   JOBS: "≥110万人", CPI: "2%左右", INC: Q, GRAIN: "≥1300亿斤"},
    "hunan-2026": {GDP: "5%左右", BUDGET: "1.5%左右", FAI: Q, RETAIL: "≥4.5%", JOBS: "70万人", INC: Q,
                   CPI: "2%左右", GRAIN: "615亿斤左右"},
    "jiangsu-2026": {GDP: "5%", BUDGET: "2%", JOBS: "120万人", UNEMP: "5%左右", CPI: "2%左右", INC: Q,
                     RETAIL: "5%左右", GRAIN: Q},
    "jiangxi-2026": {GDP: "5%—5.5%", FAI: "3.5%左右", RETAIL: "≥4.5%", INC_U: "4.5%左右", INC_R: "5.5%左右",
                     CPI: "2%左右", UNEMP: "5.5%左右"},
    "jilin-2026": {GDP: "5%左右", RETAIL: "5%左右", BUDGET: "3.7%", FAI: "3%", INC: Q, UNEMP: "5.5%左右",
                   CPI: "2%左右"},
    "liaoning-2026": {GDP: "4.5%左右", BUDGET: "2.5%左右", JOBS: "≥45万人", UNEMP: "5.5%左右", CPI: "2%左右", INC: Q},
    "neimenggu-2026": {GDP: "5%左右", UNEMP: "5.7%左右", JOBS: "≥18万人", CPI: "2%左右", INC: Q, GRAIN: "≥840亿斤"},
    "ningxia-2026": {GDP: "5%左右", FAI: "5%左右", RETAIL: "3%左右", BUDGET: "3%左右", INC: "≥5%", UNEMP: "5.5%左右",
                     CPI: "2%左右", GRAIN: Q},
    "qinghai-2026": {GDP: "4.5%左右", JOBS: "≥6万人", UNEMP: "5.5%左右", CPI: "2%左右", INC: Q, GRAIN: "≥110万吨"},
    "shaanxi-2026": {GDP: "5%左右", FAI: Q, BUDGET: "3%", INC: Q, JOBS: "≥40万人", UNEMP: "5.5%左右", CPI: "2%左右"},
    "shandong-2026": {GDP: "≥5%", BUDGET: "2%", INC: Q, UNEMP: "5.5%左右", JOBS: "≥110万人", CPI: Q},
    "shanxi-2026": {GDP: "4.5%—5%", FAI: "5%", RETAIL: "5%", INC: Q, CPI: "2%左右", JOBS: "45万人", UNEMP: "5.5%左右"},
    "tianjin-2026": {GDP: "4.5%", BUDGET: "2%", FAI: Q, UNEMP: "5.5%左右", JOBS: "28万人", CPI: "2%左右", INC: Q},
    "xizang-2026": {GDP: "≥7%", FAI: "15%左右", RETAIL: "7%左右", INC_U: "7%左右", INC_R: "8%左右", UNEMP: "≤5%",
                    CPI: Q},
}  # fmt: skip

_CELL = re.compile(r"^(?P<sign>[≥≤]?)(?P<v>[\d.]+)(?P<u>[^\d.—左]*)(?:—(?P<max>[\d.]+)(?P=u))?(?P<approx>左右)?$")


def parse(cell: str) -> tuple[float, float | None, str, str]:
    """`≥60万人` → (60, None, 万人, min): the test's own reading of its notation."""
    m = _CELL.match(cell)
    assert m, cell
    bound = {"≥": "min", "≤": "max"}.get(m["sign"], "approx" if m["approx"] else "range" if m["max"] else "exact")
    return float(m["v"]), float(m["max"]) if m["max"] else None, m["u"], bound


@pytest.fixture(scope="module")
def table(shared: Path) -> CompareTable:
    folder = shared / "corpus" / "full-2026"
    if not folder.is_dir():
        pytest.skip("full-2026 corpus not found")
    return compare([folder])


def _cells(table: CompareTable) -> dict[str, dict[str, object]]:
    return {r.doc: r.cells for r in table.rows}  # type: ignore[misc]


def test_every_report_is_a_row_with_region_level_and_year(table: CompareTable) -> None:
    assert sorted(r.doc for r in table.rows) == sorted(EXPECTED)
    assert not table.errors
    for r in table.rows:
        assert r.year == 2026 and r.level == "省" and r.region and r.region.endswith(("省", "市", "自治区"))


@pytest.mark.parametrize("doc", sorted(EXPECTED))
def test_main_expected_targets(table: CompareTable, doc: str) -> None:
    row = next(r for r in table.rows if r.doc == doc)
    for name in CORE:
        want = EXPECTED[doc].get(name)
        cell = row.cells.get(name)
        if want is None:
            assert cell is None or cell.value is None, f"{doc} {name}: no number in the report, got {cell.text}"
            continue
        assert cell is not None, f"{doc} {name}: missing, want {want}"
        if want == Q:
            assert cell.value is None and cell.text and cell.span, f"{doc} {name}: want words, got {cell.text}"
            continue
        value, value_max, unit, bound = parse(want)
        got = (cell.value, cell.value_max, cell.unit, cell.bound)
        assert got == (value, value_max, unit, bound), f"{doc} {name}: want {want}, got {cell.text} {got}"
        assert cell.text == want
        assert cell.span is not None and cell.mention


def test_table_as_printed(table: CompareTable, capsys: pytest.CaptureFixture[str]) -> None:
    """Print the table (for the record) and count the cells right: all of them."""
    right = total = 0
    for r in table.rows:
        for name in CORE:
            want = EXPECTED[r.doc].get(name)
            cell = r.cells.get(name)
            got = None if cell is None else (Q if cell.value is None else cell.text)
            total += 1
            right += got == want or (want is None and got == Q)
    frame = table.frame(CORE)
    with capsys.disabled():
        print()
        print(frame.drop(columns=["doc", "level", "year"]).fillna("").to_string(index=False))
        print(f"cells right: {right}/{total}")
    assert right == total
