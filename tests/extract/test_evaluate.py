"""The scorer: unit normalisation, subject matching, optional records, and the bars on the gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import luoshi
from luoshi.errors import GoldError
from luoshi.extract.evaluate import dice, evaluate, load_gold, normalise, subject_match


def rec(**kw: Any) -> dict[str, Any]:
    base = {"doc": "d", "span": [0, 4], "mention": "", "subject": "地区生产总值", "value": 1.0, "unit": "",
            "kind": "amount", "stance": "actual", "bound": "exact", "year": 2023, "optional": False}
    base.update(kw)
    return base


def test_normalise_units() -> None:
    assert normalise(1.44, "万套") == (pytest.approx(14400), "套")
    assert normalise(1, "个亿") == (pytest.approx(1e8), "")
    assert normalise(1800.95, "億元") == (pytest.approx(180095000000), "元")
    assert normalise(2, "百分点") == (2, "个百分点")


def test_subject_match_rules() -> None:
    assert subject_match("规模工业增加值", "全州规模工业增加值")  # containment
    assert subject_match("城镇低保标准", "城市低保标准")  # Dice 0.6
    assert not subject_match("森林覆盖率", "地区生产总值")
    assert dice("ab", "ab") == 1.0


def test_value_level_ignores_subject_and_strict_does_not() -> None:
    gold = {"d": [rec(value=14400.0, unit="套")]}
    pred = {"d": [rec(value=1.44, unit="万套", subject="森林覆盖率")]}
    r = evaluate(gold, pred)
    assert r.levels["value"].overall.tp == 1
    assert r.levels["strict"].overall.tp == 0
    assert r.levels["strict"].overall.fp == 1 and r.levels["strict"].overall.fn == 1


def test_optional_gold_neither_rewards_nor_punishes() -> None:
    gold = {"d": [rec(optional=True), rec(span=[10, 12], value=5.0)]}
    assert evaluate(gold, {"d": []}).levels["strict"].overall.fn == 1  # the optional one is no miss
    r = evaluate(gold, {"d": [rec(subject="别的")]})  # a prediction on the optional one is no error
    assert r.levels["strict"].overall.fp == 0 and r.levels["strict"].overall.tp == 0


def test_one_to_one_with_subjects() -> None:
    gold = {"d": [rec(subject="五星级酒店"), rec(subject="四星级酒店")]}
    pred = {"d": [rec(subject="四星级酒店"), rec(subject="新增五星级酒店")]}
    assert evaluate(gold, pred).levels["strict"].overall.tp == 2


def test_bad_gold(tmp_path: Path) -> None:
    f = tmp_path / "g.jsonl"
    f.write_text('{"doc": "d"}\n', encoding="utf-8")
    with pytest.raises(GoldError, match="line 1"):
        load_gold(f)
    f.write_text("not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match="JSON"):
        load_gold(f)
    with pytest.raises(GoldError):
        load_gold(tmp_path / "missing.jsonl")


def _score(shared: Path, gold: Path, reports: list[Path]) -> dict[str, Any]:
    golds = load_gold(gold)
    pred = {}
    for p in reports:
        doc = luoshi.read(p)
        pred[doc.id] = [i.to_dict() for i in luoshi.extract(doc)]
    return evaluate(golds, pred).as_dict()


def test_reference_report_bar(shared: Path) -> None:
    """Issue 2 bar: strict F1 ≥ 0.95 and value F1 ≥ 0.98 on the reference report."""
    r = _score(shared, shared / "gold" / "qiannan-2024.jsonl", [shared / "corpus" / "qiannan-2024.txt"])
    assert r["value"]["overall"]["f1"] >= 0.98, json.dumps(r["value"]["overall"])
    assert r["strict"]["overall"]["f1"] >= 0.95, json.dumps(r["strict"]["overall"])


def test_dev_passages_bar(shared: Path) -> None:
    """Issue 2 bar: strict F1 ≥ 0.90 and value F1 ≥ 0.95 on the 23 development passages."""
    reports = sorted((shared / "corpus" / "dev").glob("*.txt"))
    assert len(reports) == 23
    r = _score(shared, shared / "gold" / "dev", reports)
    assert r["value"]["overall"]["f1"] >= 0.95, json.dumps(r["value"]["overall"])
    assert r["strict"]["overall"]["f1"] >= 0.90, json.dumps(r["strict"]["overall"])


def test_reference_spans_are_exact(shared: Path) -> None:
    doc = luoshi.read(shared / "corpus" / "qiannan-2024.txt")
    for ind in luoshi.extract(doc):
        assert doc.text[ind.span[0] : ind.span[1]] == ind.mention
