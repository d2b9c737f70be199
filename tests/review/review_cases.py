"""Report pairs written for these tests (our own wording, a fictional city), and an Indicator factory."""

from __future__ import annotations

from typing import Any

from luoshi.extract.model import Indicator

# Year N (2024) report: a review of 2023 and a list of 2024 targets.
REPORT_2024 = """青川市2024年政府工作报告
——2024年1月10日在青川市第十届人民代表大会第三次会议上

各位代表：

一、2023年工作回顾

过去一年，全市地区生产总值达到820亿元，增长5.2%。

二、2024年工作安排

主要预期目标是：地区生产总值增长6%左右；规模以上工业增加值增长8%以上；社会消费品零售总额增长7%左右；一般公共预算收入增长5%；城镇居民人均可支配收入增长6.5%；固定资产投资增长10%以上；城镇调查失业率控制在5.5%以内；粮食产量稳定在60万吨以上；城镇新增就业3万人；外贸进出口总额增长12%左右。
"""

# Year N+1 (2025) report: its review states the 2024 results in other words and units.
REPORT_2025 = """青川市2025年政府工作报告
——2025年1月12日在青川市第十届人民代表大会第四次会议上

各位代表：

一、2024年工作回顾

过去一年，全市生产总值突破870亿元，增长5.8%；规上工业增加值增长9.1%；社零总额增长6.2%；地方一般公共预算收入增长4.1%；城镇常住居民人均可支配收入增长6.5%；全社会固定资产投资达到450亿元；城镇调查失业率为5.1%；粮食总产量62.3万吨；城镇新增就业31200人。

二、2025年工作安排

主要预期目标是：地区生产总值增长6%左右；规模以上工业增加值增长7%以上。
"""

# Hand-worked verdicts for the pair above, by canonical subject.
EXPECTED_2024 = {
    "地区生产总值": "基本达成",  # 6%左右 vs 5.8%: 0.2 points short, inside the 0.5 band
    "规模以上工业增加值": "达成",  # 8%以上 vs 规上 9.1%
    "社会消费品零售总额": "未达成",  # 7%左右 vs 社零 6.2%: 0.8 short, outside the band
    "一般公共预算收入": "未达成",  # 5% vs 地方… 4.1%
    "城镇常住居民人均可支配收入": "达成",  # 6.5% vs 6.5%
    "固定资产投资": "无法比较",  # a growth target, only an amount result
    "城镇调查失业率": "达成",  # 5.5%以内 vs 5.1%
    "粮食产量": "达成",  # 60万吨以上 vs 62.3万吨
    "城镇新增就业": "达成",  # 3万人 vs 31200人
    "进出口总额": "未提及",  # the 2025 report gives no figure
}

# A second pair (a county, 2026/2027): a range target, 左右 on an abbreviated subject, a price target
# where lower is better, a decrease, a rank, a level result for a growth target, traditional script.
REPORT_2026 = """云岭县2026年政府工作报告
——2026年1月15日在云岭县第十九届人民代表大会第二次会议上

各位代表：

一、2025年工作回顾

过去一年，全县生产总值增长6.1%。

二、2026年工作安排

今年经济社会发展的主要预期目标是：地区生产总值增长6.5%—7%；规模工业增加值增长8%左右；居民消费价格涨幅控制在3%左右；一般公共预算收入突破20亿元；单位地区生产总值能耗下降3%；城镇化率提高1.5个百分点；新增城镇就业5000人；实际利用外资2亿美元。

（一）壮大文旅产业

全年接待游客突破1000万人次，县域经济综合实力排全省第10位。
"""

REPORT_2027 = """云岭县2027年政府工作报告
——2027年1月12日在云岭县第十九届人民代表大会第三次会议上

各位代表：

一、2026年工作回顾

一年来，全县地区生产总值增长7.2%，規模以上工業增加值增長7.6%，居民消费价格上涨2.1%，一般公共预算收入19.6亿元，单位生产总值能耗下降3.4%，常住人口城镇化率达到52%，城镇新增就业4800人。文旅产业持续升温，接待游客1050万人次，县域经济综合实力跃居全省第8位。

二、2027年工作安排

主要预期目标是：地区生产总值增长6%左右。
"""

EXPECTED_2026 = {
    "地区生产总值": "达成",  # 6.5%—7% vs 7.2%: beyond the range on the good side
    "规模以上工业增加值": "基本达成",  # 规模工业 8%左右 vs 規模以上工業 (traditional) 7.6%
    "居民消费价格": "达成",  # 3%左右 vs 2.1%: lower is better
    "一般公共预算收入": "未达成",  # 突破20亿元 vs 19.6亿元
    "单位地区生产总值能耗": "达成",  # 下降3% vs 下降3.4%
    "常住人口城镇化率": "无法比较",  # 提高1.5个百分点 vs a level of 52%
    "城镇新增就业": "未达成",  # 新增城镇就业5000人 vs 4800人
    "实际利用外资": "未提及",
    "接待游客": "达成",  # 突破1000万人次 vs 1050万人次
    "县域经济综合实力": "达成",  # 第10位 vs 第8位
}


def make(
    subject: str,
    value: float,
    unit: str = "%",
    kind: str = "growth",
    stance: str = "target",
    bound: str = "exact",
    year: int | None = 2024,
    **kw: Any,
) -> Indicator:
    doc = kw.pop("doc", "a" if stance == "target" else "b")
    start = kw.pop("start", 0)
    mention = f"{value:g}{unit}"
    return Indicator(
        doc=doc,
        span=(start, start + len(mention)),
        mention=mention,
        subject=subject,
        value=value,
        unit=unit,
        kind=kind,  # type: ignore[arg-type]
        stance=stance,  # type: ignore[arg-type]
        bound=bound,  # type: ignore[arg-type]
        year=year,
        part=kw.pop("part", "plan" if stance == "target" else "review"),
        **kw,
    )


def install_extract(targets: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
    """Replace the extraction pipeline (behind `luoshi.extract`) in this process (a Dask worker too) by
    the given indicators: the targets for a 2024 report, the results for any other."""
    from luoshi.extract import pipeline

    t = [Indicator.from_dict(d) for d in targets]
    r = [Indicator.from_dict(d) for d in results]
    pipeline.extract = lambda doc: t if "2024" in doc.text[:40] else r  # type: ignore[assignment]
