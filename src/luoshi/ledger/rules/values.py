"""Whether a reported progress value can be what it claims, given the target it is reported on. Pure:
no database. A value past these checks is stored; one that fails them is refused with a message that
says what to fix (most often a unit: 万元 against 亿元).

    check_value(value, kind=..., unit=..., measure=..., target=...)   # InvalidInput, or nothing
"""

from __future__ import annotations

import math

from luoshi.errors import InvalidInput

LIMIT = 1e12  # no figure a county, a prefecture or a province reports comes near this
PERCENT_RANGE = (-100.0, 1000.0)  # a growth below -100 % is impossible; above 1000 % is a typo
RANK_MAX = 10_000
FAR_BEYOND = 100  # a value this many times the target is taken for a wrong unit


def _num(v: float) -> str:
    return f"{v:g}"


def check_value(value: float, *, kind: str | None, unit: str | None, measure: str | None,
                target: float | None) -> None:
    """InvalidInput when `value` (already in the target's unit) cannot be progress on such a target:
    NaN or infinite, absurdly large, a percent out of range, a rank that is not a positive whole number,
    a negative amount, or a value far beyond the target."""
    if not math.isfinite(value):
        raise InvalidInput("数值无效：不能是 NaN 或无穷大")
    if abs(value) > LIMIT:
        raise InvalidInput(f"数值 {_num(value)} 过大，请核对数值和单位")
    if target is None:  # a qualitative task: the value is percent complete
        if not 0 <= value <= 100:
            raise InvalidInput("定性任务的完成百分比须在 0 到 100 之间")
        return
    if kind == "rank":
        if value != int(value) or not 1 <= value <= RANK_MAX:
            raise InvalidInput("位次须为正整数（如 3 表示第 3 位）")
        return
    if kind in ("percent", "growth") or unit in ("%", "个百分点"):
        low, high = PERCENT_RANGE
        if not low <= value <= high:
            raise InvalidInput(f"百分比 {_num(value)} 超出合理范围（{_num(low)} 到 {_num(high)}），请核对")
        return
    if value < 0:
        what = "累计完成值" if measure == "cumulative" else "数值"
        raise InvalidInput(f"{what}不能为负数：{_num(value)}")
    if target > 0 and value > FAR_BEYOND * target:
        raise InvalidInput(f"数值 {_num(value)}{unit or ''} 是目标 {_num(target)}{unit or ''} 的 "
                           f"{value / target:.0f} 倍，请核对单位（如万元与亿元）后再报送")
