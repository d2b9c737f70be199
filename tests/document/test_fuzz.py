"""Damaged files of every format: `read_bytes` either reads them or raises ReadError, nothing else."""

from __future__ import annotations

import io
import random

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfmaker import build_pdf, layout

import luoshi
from luoshi.errors import ReadError

TEXT = ["一、2023年工作回顾", "过去一年，全市地区生产总值增长5.5%，城镇新增就业2.3万人。", "二、2024年工作安排", "今年增长6%左右。"]


def _docx() -> bytes:
    d = docx.Document()
    for line in TEXT:
        d.add_paragraph(line)
    d.add_table(rows=1, cols=2).cell(0, 1).text = "增长7%"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


SAMPLES = {
    "docx": _docx(),
    "pdf": build_pdf([layout(TEXT)]),
    "html": ("<html><head><meta charset='gbk'></head><body><div id='zoom'>"
             + "".join(f"<p>{t}</p>" for t in TEXT) + "</div></body></html>").encode("gbk"),
    "txt": "\n".join(TEXT).encode("gb18030"),
}


def _damage(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    how = seed % 3
    if how == 0:  # flip bytes
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif how == 1:  # truncate
        out = out[: rng.randrange(1, len(out))]
    else:  # splice a stretch of junk into the middle
        i = rng.randrange(len(out))
        out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    return bytes(out)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_damaged_files_never_escape(fmt: str, seed: int) -> None:
    data = _damage(SAMPLES[fmt], seed)
    try:
        doc = luoshi.read_bytes(data, "x")
    except ReadError as e:
        assert e.message and "\n" not in e.message
        return
    assert doc.text.strip()
    for s in doc.sources:
        assert 0 <= s.start <= s.end <= len(doc.text)
