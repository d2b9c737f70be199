"""Round trips through the number layer: an integer written out in Chinese by a writer of our own
(with the 零 rules of GB/T 15835 usage) reads back as itself; so do decimals, 万/亿 forms, thousands
separators, full-width digits and traditional characters; and no text makes the layer fail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import luoshi
from luoshi.extract.numbers import read_numeral
from luoshi.extract.numbers.tables import magnitude_factor

DIGITS = "零一二三四五六七八九"


def _section(n: int, liang: bool) -> str:
    """1 ≤ n < 10000 in Chinese: 一千零五, 三百二十, 两千 (with `liang`, 2 before 百/千 is 两)."""
    out, zero = "", False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out, zero = out + "零", False
        out += ("两" if liang and d == 2 and name in ("百", "千") else DIGITS[d]) + name
    return out


def to_chinese(n: int, liang: bool = False) -> str:
    """0 ≤ n < 10¹⁶ in Chinese numerals: 七亿零九, 一万零一十五 → 一万零一十五, 三万亿, 十五."""
    if n == 0:
        return "零"
    out = ""
    gap = False  # a group of four digits left empty between two that are not: a 零 is due
    for size, name in ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"), (1, "")):
        group = n // size % 10**4
        if group == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += ("两" if liang and group == 2 and name else _section(group, liang)) + name  # 两万, 两亿
        gap = False
    return out[1:] if out.startswith("一十") else out  # 十五, not 一十五, at the start only


def test_writer_writes_what_a_report_writes() -> None:
    assert [to_chinese(n) for n in (15, 10015, 700000009, 36800, 100001000, 3 * 10**12, 1050)] == [
        "十五", "一万零一十五", "七亿零九", "三万六千八百", "一亿零一千", "三万亿", "一千零五十"]
    assert [to_chinese(n, liang=True) for n in (2200, 20000, 2 * 10**8 + 2)] == ["两千两百", "两万", "两亿零二"]


ints = st.integers(min_value=0, max_value=10**15)


@settings(max_examples=500, deadline=None)
@given(ints, st.booleans())
def test_chinese_integers_read_back(n: int, liang: bool) -> None:
    cn = to_chinese(n, liang)
    r = read_numeral(cn)
    assert r is not None and r.value == n, cn


@settings(max_examples=300, deadline=None)
@given(ints, st.booleans())
def test_chinese_integers_in_running_text(n: int, liang: bool) -> None:
    """In a sentence, one mention spans the whole numeral; a trailing 万/亿 is its magnitude."""
    cn = to_chinese(n, liang)
    text = f"全年完成{cn}，"
    (m,) = luoshi.parse_numbers(text)
    assert (m.start, m.end) == (4, 4 + len(cn))
    assert m.absolute == n
    assert m.value * magnitude_factor(m.magnitude) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**8), st.text(alphabet="0123456789", min_size=1, max_size=4))
def test_chinese_decimals_read_back(whole: int, frac: str) -> None:
    cn = to_chinese(whole) + "点" + "".join(DIGITS[int(d)] for d in frac)
    r = read_numeral(cn)
    assert r is not None and r.value == float(f"{whole}.{frac}")


decimals = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(decimals, st.sampled_from(["万", "亿", "万亿", ""]), st.sampled_from(["元", "人", "吨", "%", ""]))
def test_arabic_with_magnitudes(x: Decimal, mag: str, unit: str) -> None:
    written = format(x.normalize(), "f")
    (m,) = luoshi.parse_numbers(f"达到{written}{mag}{unit}。")
    factor = {"万": 10**4, "亿": 10**8, "万亿": 10**12, "": 1}[mag]
    assert (m.value, m.magnitude, m.unit) == (float(written), mag, mag + unit)
    assert m.absolute == pytest.approx(float(written) * factor)


_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")
_TRAD = str.maketrans("万亿两点负", "萬億兩點負")


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1000, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_written_forms_agree(n: int, cents: int) -> None:
    """Thousands separators, full-width digits and traditional characters read as the plain forms."""
    plain = f"{n}.{cents:02d}"
    assert read_numeral(f"{n:,}.{cents:02d}") == read_numeral(plain)
    assert read_numeral(plain.translate(_FULL)) == read_numeral(plain)
    cn = "负" + to_chinese(n, liang=True)
    trad = read_numeral(cn.translate(_TRAD))
    assert trad is not None and trad.value == -n


REPORTISH = list("0123456789０１２.．。,，%％‰—-−～~ 　\n") + list(
    "零〇一二两三四五六七八九十百千万亿几余多点负分之第成番翻倍个位名家人元亿萬億兩負點左右以上统一减负近超约"
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(REPORTISH), max_size=80), st.text(max_size=80)))
def test_any_text_gives_spans_that_index_it(text: str) -> None:
    found = luoshi.parse_numbers(text)
    last_end = 0
    for m in found:
        assert last_end <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value_max is None or m.value_max > m.value
        last_end = m.end
