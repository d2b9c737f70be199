"""The review over pairs of our own reports written the way real ones are that we have not seen:
slogan part titles, bullets and 预期 before the figures, targets restated in the sentences that
explain them, 景区/量 in one year's name and not the other's, a news summary as the second report."""

from __future__ import annotations

import luoshi
from luoshi.analysis.review import review
from luoshi.document import read_bytes

# Year N: slogan titles, a bulleted target list, a rationale restating two targets, 十五五 goals.
SLOGANS_2026 = """2026年白石市政府工作报告
——2026年1月12日在白石市第九届人民代表大会第五次会议上
一、砥砺奋进，成绩来之不易
2025年是极不平凡的一年。全市生产总值增长5.1%。
二、勇毅前行，共创美好未来
“十五五”时期是夯实基础的关键时期。全市生产总值年均增长5%左右。
今年是“十五五”开局之年。经济社会发展主要预期目标是：
◆全市经济增长预期5.5%左右；
◆年末城镇调查失业率控制在5.5%以内；
◆城镇新增就业2万人以上；
◆小七孔景区接待游客量突破900万人次。
确定5.5%左右的增长目标，主要考虑稳就业的需要。城镇新增就业2万人以上的目标，体现了就业优先。
"""

# Year N+1: a news summary of the next report; its review has no heading of its own.
SUMMARY_2027 = """据报道，白石市政府工作报告回顾了2026年工作。2026年，全市生产总值增长5.7%，城镇调查失业率为5.2%，城镇新增就业2.3万人，小七孔接待游客870万人次。
报告提出，今年全市经济社会发展主要预期目标是：生产总值增长5%左右。城镇新增就业2万人以上。
"""


def test_one_row_per_target_under_folded_subjects() -> None:
    a = read_bytes(SLOGANS_2026.encode("utf-8"), "baishi-2026")
    b = read_bytes(SUMMARY_2027.encode("utf-8"), "baishi-2027")
    assert (a.facts.year, b.facts.year) == (2026, 2027)
    rev = review(luoshi.extract(a), luoshi.extract(b))
    assert rev.year == 2026  # the 2030 goal is no row
    verdicts = {r.subject: r.verdict for r in rev.rows}
    assert verdicts == {
        "地区生产总值": "达成",  # 经济增长预期5.5%左右 against 生产总值增长5.7%
        "城镇调查失业率": "达成",
        "城镇新增就业": "达成",
        "小七孔景区接待游客量": "未达成",  # 景区 and 量 decorate one year's name, not the other's
    }
    assert len(rev.rows) == 4  # the rationale's restatements are no new targets
