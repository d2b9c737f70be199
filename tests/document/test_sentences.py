"""Sentence splitting keeps exact spans into the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from luoshi.document import read_bytes


def test_split_on_stops_and_lines() -> None:
    doc = read_bytes("一是集中突破工业。全年增长7%！“确保完成。”\n\u3000\u3000二是做强农业；粮食30万吨\n".encode(), "t")
    assert [s.text for s in doc.sentences] == ["一是集中突破工业。", "全年增长7%！", "“确保完成。”", "二是做强农业；粮食30万吨"]
    assert [s.paragraph for s in doc.sentences] == [0, 0, 0, 1]
    for s in doc.sentences:
        assert doc.text[s.span.start : s.span.end] == s.text


@given(st.text(alphabet="增长5%。！？\n\r \u3000”"))
def test_spans_exact(text: str) -> None:
    if not text.strip(" \n\r\u3000"):
        return
    doc = read_bytes(text.encode(), "t")
    for s in doc.sentences:
        assert doc.text[s.span.start : s.span.end] == s.text
        assert s.text.strip() == s.text
