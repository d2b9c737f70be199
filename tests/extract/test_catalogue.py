"""The indicator catalogue (指标库): names match whole, never as a part of a longer name; users add
aliases in their own YAML; every extracted record carries its canonical indicator."""

from __future__ import annotations

from pathlib import Path

import pytest

import luoshi
from luoshi.errors import InvalidInput
from luoshi.extract.catalogue import default_catalogue, load_catalogue, package_catalogue

CORE = ["地区生产总值", "居民消费价格", "城镇调查失业率", "城镇新增就业", "一般公共预算收入", "居民人均可支配收入",
        "城镇居民人均可支配收入", "农村居民人均可支配收入", "固定资产投资", "社会消费品零售总额", "粮食产量"]


def test_catalogue_has_the_core_names_and_at_least_forty() -> None:
    cat = package_catalogue()
    assert len(cat.entries) >= 40
    for name in CORE:
        assert name in cat.entries
    for e in cat.entries.values():
        assert e.kind in ("growth", "percent", "amount") and e.unit and e.group


@pytest.mark.parametrize(
    ("subject", "kind", "name"),
    [
        ("地区生产总值", "growth", "地区生产总值"),
        ("全省生产总值增速", "growth", "地区生产总值"),
        ("全市生产总值", "amount", "地区生产总值"),
        ("经济增长", "growth", "地区生产总值"),
        ("GDP", "growth", "地区生产总值"),
        ("ＧＤＰ", "growth", "地区生产总值"),
        ("居民消费价格涨幅", "growth", "居民消费价格"),
        ("CPI涨幅", "growth", "居民消费价格"),
        ("居民消费价格总水平上涨幅度", "percent", "居民消费价格"),
        ("物价总水平", "growth", "居民消费价格"),
        ("城镇调查失业率", "percent", "城镇调查失业率"),
        ("新增城镇就业", "amount", "城镇新增就业"),
        ("地方一般公共预算收入", "growth", "一般公共预算收入"),
        ("全体居民人均可支配收入", "growth", "居民人均可支配收入"),
        ("城镇常住居民人均可支配收入", "growth", "城镇居民人均可支配收入"),
        ("农村居民人均可支配收入", "amount", "农村居民人均可支配收入"),
        ("全社会固定资产投资", "growth", "固定资产投资"),
        ("社零", "growth", "社会消费品零售总额"),
        ("粮食总产量", "amount", "粮食产量"),
        ("外贸进出口总值", "growth", "进出口总额"),
        ("规上工业增加值", "growth", "规模以上工业增加值"),
        ("单位GDP能耗", "growth", "单位地区生产总值能耗"),
        ("R&D经费投入强度", "percent", "研究与试验发展经费投入强度"),
        ("城镇化率", "percent", "常住人口城镇化率"),
        ("细颗粒物（PM2.5）平均浓度", "amount", "细颗粒物平均浓度"),
    ],
)
def test_names_and_variants(subject: str, kind: str, name: str) -> None:
    assert package_catalogue().match(subject, kind) == name


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("规上工业增加值占地区生产总值比重", "percent"),  # a share, not the amount
        ("民间投资占比", "percent"),
        ("高技术制造业增加值占规上工业增加值比重", "percent"),
        ("贵安新区地区生产总值", "growth"),  # another region's GDP
        ("地区生产总值", "rank"),  # a rank of GDP is not GDP
        ("数字经济", "growth"),
        ("人均地区生产总值增长", "growth"),
        ("城乡居民人均可支配收入差距", "amount"),
        ("", "growth"),
    ],
)
def test_no_match_for_longer_names_shares_and_ranks(subject: str, kind: str) -> None:
    cat = package_catalogue()
    assert cat.match(subject, kind) in (None, "人均地区生产总值")
    assert cat.match(subject, kind) != "地区生产总值"


def test_precision_of_near_names() -> None:
    cat = package_catalogue()
    assert cat.match("城镇居民人均可支配收入", "growth") != cat.match("居民人均可支配收入", "growth")
    assert cat.match("规上工业增加值", "growth") != "地区生产总值"
    assert cat.match("人均地区生产总值", "amount") == "人均地区生产总值"


def test_qualitative_clause_prefix() -> None:
    cat = package_catalogue()
    assert cat.prefix("居民收入增长与经济增长同步") == "居民人均可支配收入"
    assert cat.prefix("城乡居民收入增长与经济增长同步") == "居民人均可支配收入"
    assert cat.prefix("固定资产投资实现正增长") == "固定资产投资"
    assert cat.prefix("节能减排完成国家下达任务") is None


def test_user_aliases_and_new_indicators(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "indicators:\n"
        "  - name: 地区生产总值\n    aliases: [全州经济盘子]\n"
        "  - name: 旅游人次\n    kind: amount\n    unit: 万人次\n    aliases: [过夜游客]\n",
        encoding="utf-8",
    )
    cat = load_catalogue(user)
    assert cat.match("全州经济盘子", "growth") == "地区生产总值"
    assert cat.match("过夜游客", "amount") == "旅游人次"
    assert package_catalogue().match("全州经济盘子", "growth") is None  # the package is untouched


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("indicators: 3\n", "列表"),
        ("other: []\n", "顶层"),
        ("indicators:\n  - name: 新东西\n    aliases: [x]\n", "kind 和 unit"),
        ("indicators:\n  - name: 地区生产总值\n    aliases: [粮食总产量]\n", "同时属于"),
        ("indicators:\n  - name: 甲\n    kind: speed\n    unit: 个\n", "无效"),
        ("indicators:\n  - name: 地区生产总值\n    colour: red\n", "未知的键"),
        ("indicators: [\n", "YAML"),
    ],
)
def test_bad_user_file_is_one_clear_error(tmp_path: Path, text: str, why: str) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        load_catalogue(user)
    assert why in str(e.value) and str(user) in str(e.value)


def test_env_setting_reaches_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from luoshi.config import get_settings

    user = tmp_path / "mine.yaml"
    user.write_text("indicators:\n  - name: 城镇新增就业\n    aliases: [新就业岗位]\n", encoding="utf-8")
    text = "2026年工作安排\n今年主要预期目标是：新就业岗位增加3万个，地区生产总值增长6%左右。\n"
    doc = luoshi.read_bytes(text.encode(), "made-up-2026", "made-up-2026.txt")
    monkeypatch.setenv("LUOSHI_CATALOGUE", str(user))
    get_settings.cache_clear()
    try:
        assert default_catalogue().match("新就业岗位", "growth") == "城镇新增就业"
        got = {i.subject: i.indicator for i in luoshi.extract(doc)}
    finally:
        monkeypatch.delenv("LUOSHI_CATALOGUE")
        get_settings.cache_clear()
    assert got.get("地区生产总值") == "地区生产总值"
    assert got.get("新就业岗位") == "城镇新增就业"
    assert {i.subject: i.indicator for i in luoshi.extract(doc)}.get("新就业岗位") is None
