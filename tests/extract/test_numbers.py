"""The number layer: the extractor (spans), the parser (values) and both together against our spec
cases (tests/specs/numbers.jsonl, one case per form, sentences our own)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import luoshi
from luoshi.document.normalize import fold
from luoshi.extract.numbers import number_at, read_numeral, scan
from luoshi.lexicon import LexiconError, validate

SPECS = Path(__file__).resolve().parent.parent / "specs" / "numbers.jsonl"
CASES = [json.loads(line) for line in SPECS.read_text(encoding="utf-8").splitlines() if line.strip()]
_FIELDS = {"ordinal": "rank"}  # spec name → attribute


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spec(case: dict[str, Any]) -> None:
    got = luoshi.parse_numbers(case["text"])
    if case.get("only"):
        assert [m.text for m in got] == [e["text"] for e in case["expect"]], [m.to_dict() for m in got]
    for e in case["expect"]:
        (m,) = [m for m in got if m.text == e["text"]]
        for key, want in e.items():
            have = getattr(m, _FIELDS.get(key, key))
            assert have == (pytest.approx(want) if isinstance(want, float | int) and not isinstance(want, bool) else want), (
                key, m.to_dict())
        assert case["text"][m.start : m.end] == m.text


def test_spec_has_one_case_per_form() -> None:
    forms = [c["form"] for c in CASES]
    assert len(forms) == len(set(forms))
    assert len(CASES) >= 60


# ------------------------------------------------------------------ the extractor alone: spans and parts


def _parts(text: str) -> list[dict[str, str | None]]:
    norm = fold(text)

    def cut(span: tuple[int, int] | None) -> str | None:
        return text[span[0] : span[1]] if span else None

    return [{"all": text[c.start : c.end], "numeral": cut(c.numeral), "magnitude": cut(c.magnitude),
             "unit": cut(c.unit), "approx": c.approx or None, "form": c.form} for c in scan(norm)]


def test_extractor_cuts_a_mention_into_parts() -> None:
    assert _parts("新增学位2万余个") == [
        {"all": "2万余个", "numeral": "2", "magnitude": "万", "unit": "个", "approx": "余", "form": "arabic"}]
    assert _parts("三十六万人") == [
        {"all": "三十六万人", "numeral": "三十六", "magnitude": "万", "unit": "人", "approx": None, "form": "chinese"}]
    assert _parts("百分之十二点五")[0]["numeral"] == "十二点五"
    assert _parts("3万2千5百户")[0]["form"] == "mixed"


def test_extractor_finds_spans_without_values() -> None:
    """十四五 is a span the extractor finds; only the parser decides it is no number."""
    assert [p["all"] for p in _parts("十四五时期")] == ["十四五"]
    assert luoshi.parse_numbers("十四五时期") == []


def test_extractor_skips_words_and_resumes_after_them() -> None:
    assert [p["all"] for p in _parts("统一两家")] == ["两家"]


def test_number_at() -> None:
    text = "全县新增3万户"
    m = number_at(fold(text), text, 4)
    assert m is not None and m.text == "3万户"
    assert number_at(fold(text), text, 3) is None


# ------------------------------------------------------------------ the parser alone: a numeral cut out


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("两", 2), ("十五", 15), ("一百二十", 120), ("千", 1000), ("五点四", 5.4), ("十二点三四", 12.34),
        ("零点五", 0.5), ("三万六千八百", 36800), ("七亿零九", 700000009), ("一万零十五", 10015),
        ("八万万", 800000000), ("三万亿", 3e12), ("十二亿三千万", 1230000000), ("一万五", 15000),
        ("三千五", 3500), ("一百零五万", 1050000), ("3万2千5百", 32500), ("1,234.5", 1234.5), (".5", 0.5),
        ("4。5", 4.5), ("１２．５", 12.5), ("兩萬", 20000), ("負三", -3), ("-2.5", -2.5), ("负二点五", -2.5),
    ],
)
def test_read_numeral(numeral: str, value: float) -> None:
    r = read_numeral(numeral)
    assert r is not None and r.value == pytest.approx(value)


@pytest.mark.parametrize("numeral", ["十四五", "一二", "二〇二四", "三十二百", "点五", "五点", "五点几", "", "-", "亿万"])
def test_read_numeral_refuses(numeral: str) -> None:
    assert read_numeral(numeral) is None


def test_read_numeral_flags() -> None:
    r = read_numeral("三十几")
    assert r is not None and (r.value, r.approx, r.chinese) == (30, True, True)
    r = read_numeral("30")
    assert r is not None and not r.chinese and not r.approx


# ------------------------------------------------------------------ data


def test_numbers_lexicon_rules() -> None:
    from luoshi.extract.numbers.tables import _check
    from luoshi.lexicon import load

    good = dict(load("numbers"))
    validate("numbers", good)
    for key, bad in [("digits", {"一": 12}), ("places", {"十": 15}), ("variants", {"萬": "万万"}),
                     ("not_signs", ["减"]), ("conversions", {"成": {"scale": 10}})]:
        with pytest.raises(LexiconError):
            _check({**good, key: bad})


def test_mention_serialises() -> None:
    (m,) = luoshi.parse_numbers("增长5-6万人")
    assert m.to_dict() == {
        "span": [2, 7], "text": "5-6万人", "value": 5.0, "value_max": 6.0, "unit": "万人", "magnitude": "万",
        "absolute": 50000.0, "absolute_max": 60000.0, "base_unit": "人", "approx": "", "negative": False,
        "ordinal": False, "category": "people"}
    assert m.span == (2, 7)
