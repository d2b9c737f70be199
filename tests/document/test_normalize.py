"""Folding for matching: one character for one, so offsets into the folded text index the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from luoshi.document import read_bytes
from luoshi.document.normalize import fold


def test_full_width_digits_and_signs() -> None:
    assert fold("增长１２．５％，达到１，２３４亿元") == "增长12.5%，达到1,234亿元"
    assert fold("１—２所") == "1—2所"
    assert fold("ＧＤＰ增长６％") == "GDP增长6%"


def test_traditional_to_simplified() -> None:
    assert fold("全市產值達到１２億元，增長８%，新增就業２萬人") == "全市产值达到12亿元，增长8%，新增就业2万人"
    assert fold("萬億產長") == "万亿产长"


def test_simplified_text_unchanged() -> None:
    text = "过去一年，全县地区生产总值增长5.8%，城镇新增就业1.2万人，粮食产量稳定在30万吨以上。"
    assert fold(text) == text


def test_odd_spaces_become_plain_spaces() -> None:
    assert fold("a\u3000b\u00a0c\u200bd\u2002e") == "a b c d e"


def test_ascii_punctuation_folded_to_chinese() -> None:
    assert fold("增长5%,达到3亿元;完成(3)项:好!") == "增长5%，达到3亿元；完成（3）项：好！"


def test_ascii_punctuation_between_digits_kept() -> None:
    # Thousands separators and ratios stay narrow so that numbers parse.
    assert fold("投资1,234万元，比例3:2，时间12:30") == "投资1,234万元，比例3:2，时间12:30"
    assert fold("１，２３４万元") == "1,234万元"


def test_chinese_punctuation_kept() -> None:
    text = "（一）全面推进：一是增长，二是提质；好！对？"
    assert fold(text) == text


def test_document_norm_has_same_offsets() -> None:
    doc = read_bytes("城鎮新增就業１．２萬人，增長５％。".encode(), "x")
    assert doc.norm == "城镇新增就业1.2万人，增长5%。"
    i = doc.norm.index("1.2万人")
    assert doc.text[i : i + 5] == "１．２萬人"


@given(st.text())
def test_fold_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text(alphabet="0123456789０１２３４５６７８９,，.．:：%％億萬產長增长（）() \u3000\n"))
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
