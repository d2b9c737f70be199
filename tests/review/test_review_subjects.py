"""Subject keys and units: the data file validates, synonyms and abbreviations fold as documented."""

from __future__ import annotations

import copy

import pytest

from luoshi.extract import keys
from luoshi.extract.keys import key, lower_is_better, unit_base
from luoshi.lexicon import LexiconError, load, validate


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("地区生产总值", "GDP"),
        ("全州地区生产总值", "生产总值"),
        ("全年GDP", "地区生产总值"),
        ("规模以上工业增加值", "规上工业增加值"),
        ("规模工业增加值", "全市规上工业增加值"),
        ("社会消费品零售总额", "社零总额"),
        ("城镇常住居民人均可支配收入", "城镇居民人均可支配收入"),
        ("一般公共预算收入", "地方一般公共预算收入"),
        ("一般公共预算收入", "公共财政预算收入"),  # the name before 2014
        ("生產總值", "地区生产总值"),  # traditional script
        ("“社零总额”", "社会消费品零售总额"),
        ("单位GDP能耗", "万元生产总值能耗"),
        ("社会消费品零售总额增速", "社零总额"),  # a suffix for the rate of the same metric
        ("高新技术企业总数", "高新技术企业"),
        ("城市化率", "常住人口城镇化率"),
        ("非公经济增加值", "非公有制经济增加值"),
        ("金融机构本外币各项存款余额", "存款余额"),
        ("外贸进出口总额", "进出口总额"),
    ],
)
def test_same_metric(a: str, b: str) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"),
        ("农民人均纯收入", "农村居民人均可支配收入"),  # different statistics
        ("城镇调查失业率", "城镇登记失业率"),
        ("规模以上工业增加值", "规模以上工业总产值"),
        ("全省", "全市"),  # a qualifier alone is kept, not emptied
        ("存款余额", "贷款余额"),
    ],
)
def test_different_metrics(a: str, b: str) -> None:
    assert key(a) != key(b)


def test_lower_is_better() -> None:
    assert lower_is_better("城镇调查失业率") and lower_is_better("CPI") and lower_is_better("单位GDP能耗")
    assert not lower_is_better("地区生产总值")


@pytest.mark.parametrize(
    ("unit", "base", "factor"),
    [
        ("亿元", "元", 1e8),
        ("万元", "元", 1e4),
        ("万人", "人", 1e4),
        ("名", "人", 1),
        ("万人次", "人次", 1e4),
        ("‰", "%", 0.1),
        ("亿千瓦时", "千瓦时", 1e8),
        ("万千瓦", "瓦", 1e7),
        ("公里", "米", 1e3),
        ("家", "#", 1),
        ("", "#", 1),
        ("万户", "#", 1e4),
        ("个百分点", "个百分点", 1),
    ],
)
def test_unit_base(unit: str, base: str, factor: float) -> None:
    assert unit_base(unit) == (base, pytest.approx(factor))


def test_data_file_validates() -> None:
    data = load("synonyms")
    validate("synonyms", data)
    assert keys.lexicon().canon  # built without conflicts
    for broken, message in [
        ({**data, "extra": []}, "unknown keys"),
        ({k: v for k, v in data.items() if k != "units"}, "units"),
        ({**data, "synonyms": {"甲": "乙"}}, "must list names"),
        ({**data, "units": {"亩": ["亩"]}}, "base, factor"),
    ]:
        with pytest.raises(LexiconError, match=message):
            validate("synonyms", broken)


def test_a_name_under_two_metrics_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy.deepcopy(load("synonyms"))
    data["synonyms"]["社会消费品零售总额"].append("生产总值")
    monkeypatch.setattr(keys, "load", lambda name: data if name == "synonyms" else load(name))
    keys.lexicon.cache_clear()
    try:
        with pytest.raises(LexiconError, match="生产总值"):
            keys.lexicon()
    finally:
        keys.lexicon.cache_clear()
        keys.key.cache_clear()
