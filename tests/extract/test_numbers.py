"""The number parser on its own: mention → value, unit, inner bound, range (extractor and parser apart)."""

from __future__ import annotations

import pytest

from luoshi.document.normalize import fold
from luoshi.extract.numbers import cn_to_number, find_numbers


@pytest.mark.parametrize(
    ("text", "mention", "value", "unit"),
    [
        ("完成1800.95亿元，", "1800.95亿元", 1800.95, "亿元"),
        ("新增学位2万余个。", "2万余个", 2, "万个"),
        ("活动300余场次，", "300余场次", 300, "场次"),
        ("引流400余万人次。", "400余万人次", 400, "万人次"),
        ("带动740多万人", "740多万人", 740, "万人"),
        ("不少于1个亿。", "1个亿", 1, "亿"),
        ("两家企业", "两家", 2, "家"),
        ("强度达250万元/亩，", "250万元/亩", 250, "万元/亩"),
        ("增长21.4 %，", "21.4 %", 21.4, "%"),
        ("收入3.12 亿元，", "3.12 亿元", 3.12, "亿元"),
        ("百分之五點四", "百分之五點四", 5.4, "%"),
        ("突破千亿元。", "千亿元", 1000, "亿元"),
        ("装机120万千瓦，", "120万千瓦", 120, "万千瓦"),
        ("提升４．５％", "４．５％", 4.5, "％"),
        ("生產總值1250億元", "1250億元", 1250, "億元"),
        ("排全省第3位", "第3位", 3, "位"),
        ("跃居第一。", "第一", 1, ""),
    ],
)
def test_mentions(text: str, mention: str, value: float, unit: str) -> None:
    found = {text[m.start : m.end]: m for m in find_numbers(fold(text), text)}
    assert mention in found, list(found)
    m = found[mention]
    assert m.value == pytest.approx(value)
    assert m.unit == unit


def test_range() -> None:
    text = "建成1—2所学校"
    (m,) = [m for m in find_numbers(fold(text), text)]
    assert (text[m.start : m.end], m.value, m.value_max, m.unit) == ("1—2所", 1, 2, "所")


def test_inner_min() -> None:
    text = "300余场次"
    (m,) = find_numbers(fold(text), text)
    assert m.inner_min


@pytest.mark.parametrize(("cn", "value"), [("两", 2), ("十五", 15), ("一百二十", 120), ("千", 1000), ("五点四", 5.4)])
def test_chinese_numerals(cn: str, value: float) -> None:
    assert cn_to_number(cn) == pytest.approx(value)


def test_fast_path_agrees_with_cn2an() -> None:
    """The numerals the fast path takes give what cn2an gives."""
    import cn2an
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from luoshi.extract.numbers import _simple_cn

    @settings(max_examples=300, deadline=None)
    @given(st.integers(min_value=0, max_value=9999))
    def check(n: int) -> None:
        assert _simple_cn(cn2an.an2cn(n)) == n

    check()
