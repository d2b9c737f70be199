"""Reports written for these tests (our own wording; 青川市 and 白石市 are fictional cities of the
fictional 云川省): a city over two years, and a neighbour with a range, a 以内 and words-only targets."""

from __future__ import annotations

from pathlib import Path

QINGCHUAN_2025 = """青川市2025年政府工作报告
——2025年1月12日在青川市第十届人民代表大会第四次会议上

各位代表：

一、2024年工作回顾

过去一年，全市地区生产总值达到820亿元，增长5.2%；城镇新增就业2.8万人；居民消费价格上涨0.3%。

二、2025年工作安排

今年经济社会发展主要预期目标是：地区生产总值增长6%左右；城镇调查失业率5.5%左右；城镇新增就业3万人以上；居民消费价格涨幅2%左右；一般公共预算收入增长5%；居民收入增长和经济增长同步；粮食产量稳定在60万吨以上。
"""

QINGCHUAN_2026 = """青川市2026年政府工作报告
——2026年1月10日在青川市第十届人民代表大会第五次会议上

各位代表：

一、2025年工作回顾

过去一年，全市生产总值增长5.8%；城镇调查失业率为5.1%；城镇新增就业3.2万人；居民消费价格上涨0.4%；地方一般公共预算收入增长4.1%；全体居民人均可支配收入增长6.1%；粮食总产量62.3万吨。

二、2026年工作安排

今年主要预期目标是：全市生产总值增长5.5%左右；城镇新增就业3万人；城镇调查失业率控制在5.5%以内；居民消费价格涨幅2%左右；固定资产投资增长8%；社会消费品零售总额增长6%以上。

我们还将新建高标准农田5万亩。
"""

BAISHI_2026 = """白石市2026年政府工作报告
——2026年1月9日在白石市第九届人民代表大会第六次会议上

各位代表：

一、2025年工作回顾

过去一年，全市地区生产总值增长4.9%。

二、2026年工作安排

今年经济社会发展的主要预期目标是：地区生产总值增长5%—5.5%；城镇调查失业率控制在5%以内；城乡居民人均可支配收入分别增长5%、6%左右；固定资产投资实现正增长；居民消费价格保持合理水平；城镇新增就业2万人左右。
"""

REPORTS = {
    "qingchuan-2025.txt": QINGCHUAN_2025,
    "qingchuan-2026.txt": QINGCHUAN_2026,
    "baishi-2026.txt": BAISHI_2026,
}


def write_reports(folder: Path, names: tuple[str, ...] = tuple(REPORTS)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(REPORTS[name], encoding="utf-8")
    return folder
