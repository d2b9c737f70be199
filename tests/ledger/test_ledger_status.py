"""The status rules, table-tested with hand-worked expectations (no database).

Year 2024 (366 days), start 2024-01-01, deadline 2024-12-31, quarterly reports due 10 days after each
quarter; tolerance 5 points, serious gap 20 points, 左右 band 0.5 points.
时序进度 at 2024-06-30 = 182/366 = 49.7 %; at 2024-09-30 = 274/366 = 74.9 %.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from luoshi.ledger.rules.schedule import checkpoints, elapsed, parse_period
from luoshi.ledger.rules.status import (
    Facts,
    Reading,
    Rules,
    Status,
    evaluate,
    rollup,
)

R = Rules()
AMOUNT = Facts(type="quantified", measure="cumulative", kind="amount", bound="exact", value=20, unit="户")
GROWTH = Facts(type="quantified", measure="level", kind="growth", bound="approx", value=6, unit="%")
GROWTH_MIN = replace(GROWTH, bound="min", value=7)
CPI = Facts(type="quantified", measure="level", kind="growth", bound="max", value=3, unit="%")
RANK = Facts(type="quantified", measure="level", kind="rank", bound="exact", value=3, unit="位")
TASK = Facts(type="task", measure=None, kind=None, bound=None, value=None, unit=None)

Q1, Q2, Q3, Q4 = (Reading(f"2024-Q{q}", e, None) for q, e in
                  ((1, date(2024, 3, 31)), (2, date(2024, 6, 30)), (3, date(2024, 9, 30)), (4, date(2024, 12, 31))))


def at(reading: Reading, value: float | None = None, stage: str | None = None) -> Reading:
    return replace(reading, value=value, stage=stage)


CASES = [
    # (name, facts, reading, as_of, status, warning)
    ("amount on track at half year", AMOUNT, at(Q2, 10), date(2024, 7, 1), "达进度", None),
    ("amount ahead", AMOUNT, at(Q2, 12), date(2024, 7, 1), "超进度", None),
    ("amount behind", AMOUNT, at(Q2, 8), date(2024, 7, 1), "欠进度", "黄"),
    ("amount seriously behind", AMOUNT, at(Q2, 4), date(2024, 7, 1), "严重欠进度", "黄"),
    ("amount done early", AMOUNT, at(Q2, 20), date(2024, 7, 1), "已完成", None),
    ("amount overdue", AMOUNT, at(Q4, 15), date(2025, 1, 5), "严重欠进度", "红"),
    ("amount done at year end", AMOUNT, at(Q4, 21), date(2025, 1, 5), "已完成", None),
    ("amount near deadline", AMOUNT, at(Q3, 15), date(2024, 12, 20), "达进度", "蓝"),
    ("Q2 report due and missing", AMOUNT, at(Q1, 5), date(2024, 7, 11), "未报送", "黄"),
    ("Q2 report not yet due", AMOUNT, at(Q1, 5), date(2024, 7, 10), "达进度", None),
    ("nothing due yet", AMOUNT, None, date(2024, 3, 15), "无法判断", None),
    ("nothing ever reported", AMOUNT, None, date(2024, 5, 1), "未报送", "黄"),
    ("nothing reported, overdue", AMOUNT, None, date(2025, 2, 1), "未报送", "红"),
    ("growth 左右 within band", GROWTH, at(Q2, 5.8), date(2024, 7, 1), "达进度", None),
    ("growth 左右 above band", GROWTH, at(Q2, 6.6), date(2024, 7, 1), "超进度", None),
    ("growth 左右 just below band", GROWTH, at(Q2, 5.2), date(2024, 7, 1), "欠进度", "黄"),
    ("growth 左右 far below", GROWTH, at(Q2, 4.0), date(2024, 7, 1), "严重欠进度", "黄"),
    ("growth met for the year", GROWTH, at(Q4, 6.0), date(2025, 1, 5), "已完成", None),
    ("growth missed for the year", GROWTH, at(Q4, 5.0), date(2025, 1, 5), "严重欠进度", "红"),
    ("growth 以上 met", GROWTH_MIN, at(Q2, 7.0), date(2024, 7, 1), "达进度", None),
    ("growth 以上 exceeded", GROWTH_MIN, at(Q2, 8.0), date(2024, 7, 1), "超进度", None),
    ("growth 以上 short", GROWTH_MIN, at(Q2, 6.9), date(2024, 7, 1), "欠进度", "黄"),
    ("以内 kept", CPI, at(Q2, 2.5), date(2024, 7, 1), "达进度", None),
    ("以内 broken", CPI, at(Q2, 3.5), date(2024, 7, 1), "欠进度", "黄"),
    ("rank better than target", RANK, at(Q2, 2), date(2024, 7, 1), "超进度", None),
    ("rank at target", RANK, at(Q2, 3), date(2024, 7, 1), "达进度", None),
    ("rank worse", RANK, at(Q2, 4), date(2024, 7, 1), "严重欠进度", "黄"),
    ("task in progress", TASK, at(Q2, stage="推进中"), date(2024, 7, 1), "达进度", None),
    ("task done", TASK, at(Q2, stage="已完成"), date(2024, 7, 1), "已完成", None),
    ("task not started, early", TASK, at(Q1, stage="未启动"), date(2024, 4, 1), "达进度", None),
    ("task not started by mid-year", TASK, at(Q2, stage="未启动"), date(2024, 7, 1), "欠进度", "黄"),
    ("task not started by Q3", TASK, at(Q3, stage="未启动"), date(2024, 10, 1), "严重欠进度", "黄"),
    ("task lagging", TASK, at(Q2, stage="滞后"), date(2024, 7, 1), "欠进度", "黄"),
    ("task overdue", TASK, at(Q4, stage="推进中"), date(2025, 1, 5), "严重欠进度", "红"),
    ("task as percent complete, on time", TASK, at(Q2, 50), date(2024, 7, 1), "达进度", None),
    ("quantified report without a value", AMOUNT, at(Q2), date(2024, 7, 1), "无法判断", None),
]


@pytest.mark.parametrize(("name", "facts", "reading", "as_of", "status", "warning"), CASES, ids=[c[0] for c in CASES])
def test_status(name: str, facts: Facts, reading: Reading | None, as_of: date, status: str, warning: str | None) -> None:
    st = evaluate(facts, reading, as_of, R)
    assert (st.status, st.warning) == (status, warning), st.reason
    assert st.reason


def test_reason_in_words() -> None:
    st = evaluate(AMOUNT, at(Q2, 8), date(2024, 7, 1), R)
    assert st.reason == "2024-Q2累计8户（目标20户），完成40.0%，时序进度49.7%，落后9.7%"
    assert st.ratio == pytest.approx(0.4)
    assert st.expected == pytest.approx(182 / 366)
    assert evaluate(GROWTH, at(Q2, 5.2), date(2024, 7, 1), R).reason == "2024-Q2为5.2%，目标6%左右，差0.3个百分点"
    assert evaluate(RANK, at(Q2, 4), date(2024, 7, 1), R).reason.startswith("2024-Q2排第4位，目标第3位，差1位")
    missing = evaluate(AMOUNT, at(Q1, 5), date(2024, 7, 11), R)
    assert missing.reason.startswith("截至2024-06-30的进展应于2024-07-10前报送，尚未报送；最近一次（2024-Q1）")


def test_tolerance_is_the_offices() -> None:
    # 8 of 20 at mid-year is 9.7 points behind: behind at 5 points' tolerance, on track at 10.
    assert evaluate(AMOUNT, at(Q2, 8), date(2024, 7, 1), Rules(tolerance=0.10)).status == "达进度"


def test_approx_amount_done_within_tolerance() -> None:
    f = replace(AMOUNT, bound="approx", value=100)
    assert evaluate(f, at(Q3, 96), date(2024, 10, 1), R).status == "已完成"
    assert evaluate(f, at(Q3, 90), date(2024, 10, 1), R).status != "已完成"


def test_override_and_returned() -> None:
    st = evaluate(AMOUNT, at(Q2, 4), date(2024, 7, 1), R, override=("达进度", "已签约待入统"))
    assert (st.status, st.overridden, st.reason) == ("达进度", True, "督查室认定：已签约待入统")
    ret = evaluate(AMOUNT, at(Q2, 10), date(2024, 7, 1), R, returned=True)
    assert (ret.status, ret.warning) == ("达进度", "黄")
    assert "退回" in ret.reason
    assert evaluate(replace(AMOUNT, withdrawn=True), at(Q2, 10), date(2024, 7, 1)).status == "已撤销"


def test_rollup() -> None:
    ok = Status("达进度", "")
    done = Status("已完成", "")
    behind = Status("欠进度", "", "黄")
    ahead = Status("超进度", "")
    day = date(2024, 7, 1)
    assert rollup(None, [done, done], AMOUNT, day).status == "已完成"
    assert rollup(None, [ok, done], AMOUNT, day).status == "达进度"
    r = rollup(None, [behind, ahead, done], AMOUNT, day)
    assert (r.status, r.warning) == ("欠进度", "黄")
    assert r.reason == "下属3项：欠进度1项，超进度1项，已完成1项"
    assert rollup(None, [], AMOUNT, day).status == "无法判断"


@pytest.mark.parametrize(("text", "label", "end"), [
    ("2024", "2024", date(2024, 12, 31)),
    ("2024-H1", "2024-H1", date(2024, 6, 30)),
    ("2024-h2", "2024-H2", date(2024, 12, 31)),
    ("2024-Q2", "2024-Q2", date(2024, 6, 30)),
    ("2024-06", "2024-06", date(2024, 6, 30)),
    ("2024-02", "2024-02", date(2024, 2, 29)),
    ("2024-06-15", "2024-06-15", date(2024, 6, 15)),
    ("2024年二季度", "2024-Q2", date(2024, 6, 30)),
    ("2024年上半年", "2024-H1", date(2024, 6, 30)),
    ("2024年6月", "2024-06", date(2024, 6, 30)),
])
def test_parse_period(text: str, label: str, end: date) -> None:
    p = parse_period(text)
    assert (p.label, p.end) == (label, end)


@pytest.mark.parametrize("text", ["2024-Q5", "2024-13", "abc", "2024-02-30", "", "24-Q1"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_checkpoints_and_elapsed() -> None:
    assert checkpoints(date(2024, 1, 1), date(2024, 12, 31), "quarter") == [
        date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)]
    assert checkpoints(date(2024, 1, 1), date(2024, 8, 15), "half") == [date(2024, 6, 30), date(2024, 8, 15)]
    assert len(checkpoints(date(2024, 1, 1), date(2024, 12, 31), "month")) == 12
    assert elapsed(date(2024, 1, 1), date(2024, 12, 31), date(2024, 6, 30)) == pytest.approx(182 / 366)
    assert elapsed(date(2024, 1, 1), date(2024, 12, 31), date(2023, 12, 1)) == 0.0
    assert elapsed(date(2024, 1, 1), date(2024, 12, 31), date(2025, 3, 1)) == 1.0


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_RANK = {"已完成": 0, "超进度": 1, "达进度": 2, "欠进度": 3, "严重欠进度": 4}


@given(a=st.floats(0, 40), b=st.floats(0, 40), month=st.integers(1, 12))
def test_more_progress_is_never_worse(a: float, b: float, month: int) -> None:
    """For a cumulative amount, a larger value reached by the same date never gives a worse status."""
    lo, hi = sorted((a, b))
    end = parse_period(f"2024-{month:02d}").end
    day = end if month == 12 else date(2024, month + 1, 1)
    s_lo = evaluate(AMOUNT, Reading("p", end, lo), day, R).status
    s_hi = evaluate(AMOUNT, Reading("p", end, hi), day, R).status
    assert _RANK[s_hi] <= _RANK[s_lo]


@given(v=st.floats(-5, 20))
def test_approx_level_band_is_symmetric(v: float) -> None:
    st_ = evaluate(GROWTH, Reading("2024-Q2", date(2024, 6, 30), v), date(2024, 7, 1), R).status
    assert (st_ == "达进度") == (5.5 - 1e-9 <= v <= 6.5)
