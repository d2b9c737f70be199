"""Properties of the verdict rules, over many generated values."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st
from review_cases import make

from luoshi.analysis.review import MET, MISSED, NEARLY, judge

_RANK = {MISSED: 0, NEARLY: 1, MET: 2}
values = st.floats(min_value=0.1, max_value=1e5, allow_nan=False, allow_infinity=False)
bounds = st.sampled_from(["exact", "approx", "min"])


@given(t=values, a=values, b=values, bound=bounds)
def test_a_larger_result_is_never_judged_worse(t: float, a: float, b: float, bound: str) -> None:
    lo, hi = sorted((a, b))
    target = make("地区生产总值", t, "亿元", "amount", bound=bound)
    v_lo = judge(target, make("地区生产总值", lo, "亿元", "amount", "actual"))[0]
    v_hi = judge(target, make("地区生产总值", hi, "亿元", "amount", "actual"))[0]
    assert _RANK[v_hi] >= _RANK[v_lo]


@given(t=values, a=values, bound=bounds)
def test_lower_is_better_mirrors(t: float, a: float, bound: str) -> None:
    # For 失业率 a result at or below a plain or 左右 target is met; above it never is.
    assume(abs(a - t) > 1e-6)  # equality is judged with a tiny tolerance
    target = make("城镇调查失业率", t, kind="percent", bound="approx" if bound == "min" else bound)
    verdict = judge(target, make("城镇调查失业率", a, kind="percent", stance="actual"))[0]
    assert (verdict == MET) == (a <= t)


@given(t=values, a=values, bound=bounds)
def test_the_unit_a_result_is_written_in_does_not_matter(t: float, a: float, bound: str) -> None:
    target = make("城镇新增就业", t, "万人", "amount", bound=bound)
    in_wan = judge(target, make("城镇新增就业", a, "万人", "amount", "actual"))[0]
    in_ren = judge(target, make("城镇新增就业", a * 10000, "人", "amount", "actual"))[0]
    assert in_wan == in_ren


@given(t=values, a=values)
def test_min_bound_is_met_exactly_when_reached(t: float, a: float) -> None:
    assume(abs(a - t) > 1e-6)
    verdict = judge(make("x", t, bound="min"), make("x", a, stance="actual"))[0]
    assert (verdict == MET) == (a >= t)
