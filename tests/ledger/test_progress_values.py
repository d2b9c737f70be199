"""Finding 8 (values): a progress value is checked against its target's kind and unit before it is
stored. The rules are a pure function, table-tested here; the web and API refuse the same (test_web
tests), and the chart never gets an infinite or absurd point."""

from __future__ import annotations

import math

import pytest

from luoshi.errors import InvalidInput
from luoshi.ledger.rules.values import check_value

# (value, kind, unit, measure, target, words in the message or None when accepted)
CASES = [
    (12.0, "amount", "户", "cumulative", 20.0, None),
    (0.0, "amount", "户", "cumulative", 20.0, None),
    (-3.0, "amount", "户", "cumulative", 20.0, "不能为负数"),
    (2500.0, "amount", "户", "cumulative", 20.0, "倍，请核对单位"),
    (1999.0, "amount", "户", "cumulative", 20.0, None),
    (math.nan, "amount", "户", "cumulative", 20.0, "NaN"),
    (math.inf, "growth", "%", "level", 6.0, "无穷大"),
    (-math.inf, "growth", "%", "level", 6.0, "无穷大"),
    (1e13, "amount", "万元", "cumulative", 1e13, "过大"),
    (5.8, "growth", "%", "level", 6.0, None),
    (-2.5, "growth", "%", "level", 6.0, None),
    (-120.0, "growth", "%", "level", 6.0, "超出合理范围"),
    (5000.0, "percent", "%", "level", 63.5, "超出合理范围"),
    (3.0, "rank", "位", "level", 3.0, None),
    (2.5, "rank", "位", "level", 3.0, "正整数"),
    (0.0, "rank", "位", "level", 3.0, "正整数"),
    (50.0, None, None, None, None, None),
    (120.0, None, None, None, None, "0 到 100"),
    (-1.0, None, "%", None, None, "0 到 100"),
    (41000.0, "amount", "元", "level", 41260.0, None),
    (-5.0, "amount", "元", "level", 41260.0, "不能为负数"),
]


@pytest.mark.parametrize("value, kind, unit, measure, target, words", CASES)
def test_check_value(value: float, kind: str | None, unit: str | None, measure: str | None,
                     target: float | None, words: str | None) -> None:
    if words is None:
        check_value(value, kind=kind, unit=unit, measure=measure, target=target)
    else:
        with pytest.raises(InvalidInput, match=words):
            check_value(value, kind=kind, unit=unit, measure=measure, target=target)
