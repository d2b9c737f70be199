"""The extractor never raises and every span indexes the text, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import luoshi
from luoshi.document import Document, build

# Text made of the characters reports are made of: digits, Chinese numerals, units, bound words,
# punctuation, both scripts and odd spaces, so that the rules get exercised, plus anything at all.
ALPHABET = list("0123456789０１２３．.％%，。；、：:（）()“”—-～ \n\u3000") + list(
    "一二两三四五六七八九十百千万亿億萬第位名个家户人次元亩吨公里倍番增长下降提高达到以上以内左右约近突破分别各均全省全州年月日是为其中力争确保"
)
reportish = st.text(alphabet=st.sampled_from(ALPHABET), max_size=300)
anything = st.text(max_size=200)


def check(text: str) -> None:
    doc = build(Document(id="p", text=text))
    for ind in luoshi.extract(doc):
        s, e = ind.span
        assert 0 <= s < e <= len(text)
        assert text[s:e] == ind.mention
        assert ind.kind in ("amount", "percent", "growth", "rank")
        assert ind.bound in ("exact", "approx", "min", "max", "range")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reportish)
def test_reportish_text(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(anything)
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(reportish, min_size=1, max_size=4))
def test_with_headings(parts: list[str]) -> None:
    heads = ["一、2023年工作回顾\n", "二、2024年工作安排\n", "（一）", "一是"]
    check("".join(h + p for h, p in zip(heads, parts, strict=False)))
