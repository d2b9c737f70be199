"""review.py on Indicators built by hand: every verdict path, bounds, units, synonyms, summary."""

from __future__ import annotations

import pytest
from review_cases import EXPECTED_2024, make

from luoshi.analysis.review import (
    ABSENT,
    INCOMPARABLE,
    MET,
    MISSED,
    NEARLY,
    Band,
    describe,
    judge,
    review,
    summarize,
)


def _pair_by_hand() -> tuple[list, list]:
    """The indicators an extractor should find in REPORT_2024's plan and REPORT_2025's review."""
    sec = ["二、2024年工作安排"]
    targets = [
        make("地区生产总值", 6, bound="approx", section=sec),
        make("规模以上工业增加值", 8, bound="min", section=sec),
        make("社会消费品零售总额", 7, bound="approx", section=sec),
        make("一般公共预算收入", 5, section=sec),
        make("城镇居民人均可支配收入", 6.5, section=sec),
        make("固定资产投资", 10, bound="min", section=sec),
        make("城镇调查失业率", 5.5, kind="percent", bound="max", section=sec),
        make("粮食产量", 60, unit="万吨", kind="amount", bound="min", section=sec),
        make("城镇新增就业", 3, unit="万人", kind="amount", section=sec),
        make("外贸进出口总额", 12, bound="approx", section=sec),
    ]
    a = {"stance": "actual"}
    results = [
        make("生产总值", 870, unit="亿元", kind="amount", bound="min", **a),
        make("生产总值", 5.8, **a),
        make("规上工业增加值", 9.1, **a),
        make("社零总额", 6.2, **a),
        make("地方一般公共预算收入", 4.1, **a),
        make("城镇常住居民人均可支配收入", 6.5, **a),
        make("全社会固定资产投资", 450, unit="亿元", kind="amount", **a),
        make("城镇调查失业率", 5.1, kind="percent", **a),
        make("粮食总产量", 62.3, unit="万吨", kind="amount", **a),
        make("城镇新增就业", 31200, unit="人", kind="amount", **a),
        # Figures of the year before (stated for comparison) must not be taken as results.
        make("外贸进出口总额", 9, year=2023, **a),
    ]
    return targets, results


def test_pair_verdicts_by_hand() -> None:
    targets, results = _pair_by_hand()
    rev = review(targets, results)
    assert rev.year == 2024
    got = {r.subject: r.verdict for r in rev.rows}
    assert got == EXPECTED_2024
    by = {r.subject: r for r in rev.rows}
    assert by["城镇新增就业"].result is not None and by["城镇新增就业"].result.value == 31200
    assert "增幅" in by["固定资产投资"].reason and "总量" in by["固定资产投资"].reason
    assert by["进出口总额"].result is None


def test_pair_summary() -> None:
    targets, results = _pair_by_hand()
    s = review(targets, results).summary()
    assert s.counts == {MET: 5, NEARLY: 1, MISSED: 2, ABSENT: 1, INCOMPARABLE: 1}
    assert s.total == 10 and s.comparable == 8
    assert s.rate == pytest.approx(6 / 8)
    assert s.by_group["二、2024年工作安排"]["total"] == 10


@pytest.mark.parametrize(
    ("target", "result", "verdict"),
    [
        # min / max
        (make("x", 8, bound="min"), make("x", 8, stance="actual"), MET),
        (make("x", 8, bound="min"), make("x", 7.99, stance="actual"), MISSED),
        (make("x", 3, bound="max"), make("x", 3.2, stance="actual"), MISSED),
        # approx: 0.5 points below is still 基本达成, 0.51 is not; above is 达成
        (make("x", 6, bound="approx"), make("x", 5.5, stance="actual"), NEARLY),
        (make("x", 6, bound="approx"), make("x", 5.49, stance="actual"), MISSED),
        (make("x", 6, bound="approx"), make("x", 6.4, stance="actual"), MET),
        # approx on an amount: band is 5% of the target
        (make("x", 100, "亿元", "amount", bound="approx"), make("x", 96, "亿元", "amount", "actual"), NEARLY),
        (make("x", 100, "亿元", "amount", bound="approx"), make("x", 94, "亿元", "amount", "actual"), MISSED),
        # lower is better (居民消费价格, 失业率): at or below the target is met
        (make("居民消费价格", 3, bound="approx"), make("CPI", 2.1, stance="actual"), MET),
        (make("居民消费价格", 3, bound="approx"), make("居民消费价格指数", 3.3, stance="actual"), NEARLY),
        (make("居民消费价格", 3, bound="approx"), make("居民消费价格", 3.8, stance="actual"), MISSED),
        # a decrease: 能耗下降3% met by −3.4, missed by −2
        (make("单位GDP能耗", -3), make("单位生产总值能耗", -3.4, stance="actual"), MET),
        (make("单位GDP能耗", -3, bound="min"), make("单位生产总值能耗", -2, stance="actual"), MISSED),
        # ranges: inside, beyond on the good side, short
        (make("x", 6, bound="range", value_max=6.5), make("x", 6.2, stance="actual"), MET),
        (make("x", 6, bound="range", value_max=6.5), make("x", 7, stance="actual"), MET),
        (make("x", 6, bound="range", value_max=6.5), make("x", 5.9, stance="actual"), MISSED),
        # ranks by position
        (make("x", 3, "位", "rank"), make("x", 2, "位", "rank", "actual"), MET),
        (make("x", 3, "位", "rank"), make("x", 4, "", "rank", "actual"), MISSED),
        # units: 万元 vs 亿元, ‰ vs %, 家 vs 户 (counts), 人 vs 人次 (not comparable)
        (make("x", 1, "亿元", "amount"), make("x", 12000, "万元", "amount", "actual"), MET),
        (make("x", 8, "‰", "percent", bound="max"), make("x", 0.7, "%", "percent", "actual"), MET),
        (make("x", 50, "家", "amount"), make("x", 52, "户", "amount", "actual"), MET),
        (make("x", 5, "万人", "amount"), make("x", 60000, "人次", "amount", "actual"), INCOMPARABLE),
        # growth in % vs in 个百分点: not the same measure
        (make("x", 1, "个百分点"), make("x", 1.2, "%", stance="actual"), INCOMPARABLE),
    ],
)
def test_judge(target, result, verdict) -> None:  # type: ignore[no-untyped-def]
    assert judge(target, result)[0] == verdict


def test_band_is_configurable() -> None:
    t, r = make("x", 6, bound="approx"), make("x", 5.2, stance="actual")
    assert judge(t, r)[0] == MISSED
    assert judge(t, r, Band(points=1.0))[0] == NEARLY


def test_ambiguous_candidates_are_reported() -> None:
    t = make("地区生产总值", 6, bound="approx")
    agree = [make("生产总值", 6.1, stance="actual"), make("GDP", 6.3, stance="actual", start=50)]
    row = review([t], agree).rows[0]
    assert row.verdict == MET and row.ambiguous and len(row.candidates) == 2
    assert "结论一致" in row.reason
    disagree = [make("生产总值", 6.1, stance="actual"), make("GDP", 4.0, stance="actual", start=50)]
    row = review([t], disagree).rows[0]
    assert row.verdict == INCOMPARABLE and row.result is None and len(row.candidates) == 2
    # The same figure twice (headline and body) is not ambiguous.
    twice = [make("生产总值", 6.1, stance="actual"), make("地区生产总值", 6.1, stance="actual", start=80)]
    row = review([t], twice).rows[0]
    assert row.verdict == MET and not row.ambiguous


def test_absent_shows_near_subjects_but_never_uses_them() -> None:
    t = make("新能源电池材料产业产值", 170, "亿元", "amount")
    r = make("新能源电池材料产业产值增加值", 200, "亿元", "amount", "actual")
    row = review([t], [r]).rows[0]
    assert row.verdict == ABSENT and row.result is None and row.near == [r]


def test_traditional_script_and_qualifiers() -> None:
    t = make("全市地區生產總值", 6, bound="approx")
    r = make("全年生产总值", 6.2, stance="actual")
    assert review([t], [r]).rows[0].verdict == MET


def test_subject_full_beats_elliptic_subject() -> None:
    t = make("产值", 10, bound="min", subject_full="现代能源产业产值")
    other = make("产值", 20, stance="actual", subject_full="新型建材产业产值")
    same = make("现代能源产业产值", 8, stance="actual", start=40)
    row = review([t], [other, same]).rows[0]
    assert row.verdict == MISSED and row.result is same


def test_targets_of_other_years_and_optional_are_left_out() -> None:
    ts = [
        make("地区生产总值", 6),
        make("地区生产总值", 3000, "亿元", "amount", year=2027),  # a five-year goal, not due
        make("连续", 3, "年", "amount", optional=True),
        make("新增就业", 1, "万人", "amount", year=None),  # no year: taken as the report's
    ]
    rev = review(ts, [])
    assert rev.year == 2024
    assert [r.target.subject for r in rev.rows] == ["地区生产总值", "新增就业"]
    assert all(r.verdict == ABSENT for r in rev.rows)
    assert summarize(rev.rows).rate is None


def test_result_year_must_match() -> None:
    t = make("地区生产总值", 6)
    old = make("地区生产总值", 7, stance="actual", year=2023)
    undated_review = make("地区生产总值", 6.5, stance="actual", year=None)
    undated_plan = make("地区生产总值", 9, stance="actual", year=None, part="plan")
    assert review([t], [old]).rows[0].verdict == ABSENT
    assert review([t], [undated_review]).rows[0].verdict == MET
    assert review([t], [undated_plan]).rows[0].verdict == ABSENT


def test_describe() -> None:
    assert describe(make("x", 6, bound="approx")) == "增长6%左右"
    assert describe(make("x", -3, bound="min")) == "下降3%以上"
    assert describe(make("x", 170, "亿元", "amount", bound="min")) == "170亿元以上"
    assert describe(make("x", 3, "位", "rank")) == "第3位"
    assert describe(make("x", 1, "所", "amount", bound="range", value_max=2)) == "1—2所"


def test_rows_serialise() -> None:
    targets, results = _pair_by_hand()
    d = review(targets, results).to_dict()
    assert d["summary"]["counts"][MET] == 5
    row = next(r for r in d["rows"] if r["subject"] == "城镇新增就业")
    assert row["target"] == "3万人" and row["result"] == "31200人" and row["verdict"] == MET


def test_optional_results_only_when_nothing_else() -> None:
    t = make("地区生产总值", 6)
    firm = make("地区生产总值", 6.5, stance="actual")
    borderline = make("地区生产总值", 3, stance="actual", optional=True, start=30)
    row = review([t], [borderline, firm]).rows[0]
    assert row.result is firm and not row.ambiguous
    assert review([t], [borderline]).rows[0].verdict == MISSED


def test_band_from_the_ledger_rules() -> None:
    from luoshi.ledger.rules.status import Rules

    band = Band.from_rules(Rules(approx_band=1.0, tolerance=0.1))
    assert band == Band(points=1.0, ratio=0.1)
    assert Band.from_rules(Rules()) == Band()  # the defaults agree


def test_equal_figures_in_other_units_are_equal() -> None:
    # 2.3 × 1e8 and 23000 × 1e4 differ by 3e-8 in floating point
    t = make("地区生产总值", 23000, "万元", "amount", bound="min")
    assert judge(t, make("生产总值", 2.3, "亿元", "amount", "actual"))[0] == MET
    t = make("粮食产量", 0.3, "万吨", "amount")
    assert judge(t, make("粮食产量", 3000, "吨", "amount", "actual"))[0] == MET
