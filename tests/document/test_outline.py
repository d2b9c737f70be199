"""The outline: heading markers ranked 一、 > （一） > 一是/第一， > 1. > （1）, spans nested, parts."""

from __future__ import annotations

from luoshi.document import Document, read_bytes, report_year

REPORT = """2024年某市政府工作报告
各位代表：
一、2023年工作回顾
　　过去一年，我们主要做了以下工作。
　　（一）聚焦产业发展。全年新增规上企业50家。
　　1.工业经济。规上工业增加值增长7%。
　　（1）新材料产业。产值增长20%。
　　（2）新能源产业，产值增长15%。
　　2.农业农村。粮食产量30万吨。
　　（二）民生持续改善。城镇新增就业2万人。
第一，就业优先。高校毕业生就业率95%。
第二，教育优先。
二、2024年工作安排
　　今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。
（一）全力稳增长。
一是扩大有效投资。全年实施项目100个。一是这个词在句中不是标题。
二是促进消费。社会消费品零售总额增长7%。
三、切实加强政府自身建设
各位代表，让我们团结奋斗。
"""


def doc_of(text: str) -> Document:
    return read_bytes(text.encode("utf-8"), "t")


def labels(doc: Document) -> list[tuple[int, str, str]]:
    return [(s.level, s.marker, s.title) for s in doc.sections]


def test_markers_and_levels() -> None:
    doc = doc_of(REPORT)
    assert labels(doc) == [
        (1, "一、", "2023年工作回顾"),
        (2, "（一）", "聚焦产业发展"),
        (4, "1.", "工业经济"),
        (5, "（1）", "新材料产业"),
        (5, "（2）", "新能源产业，产值增长15%"),
        (4, "2.", "农业农村"),
        (2, "（二）", "民生持续改善"),
        (3, "第一，", "就业优先"),
        (3, "第二，", "教育优先"),
        (1, "二、", "2024年工作安排"),
        (2, "（一）", "全力稳增长"),
        (3, "一是", "扩大有效投资"),
        (3, "二是", "促进消费"),
        (1, "三、", "切实加强政府自身建设"),
    ]


def test_parts() -> None:
    doc = doc_of(REPORT)
    parts = {s.label: s.part for s in doc.sections}
    assert parts["一、2023年工作回顾"] == "review"
    assert parts["（1）新材料产业"] == "review"  # inherited from the top
    assert parts["第二，教育优先"] == "review"
    assert parts["二、2024年工作安排"] == "plan"
    assert parts["一是扩大有效投资"] == "plan"
    # A section that names no part, once the plan has begun, is this year's work too.
    assert parts["三、切实加强政府自身建设"] == "plan"
    assert doc.part_at(doc.text.index("规上工业增加值增长7%")) == "review"
    assert doc.part_at(doc.text.index("全年实施项目100个")) == "plan"
    assert doc.part_at(doc.text.index("各位代表：")) == "other"  # before any heading


def test_heading_spans_and_tree() -> None:
    doc = doc_of(REPORT)
    by_label = {s.label: s for s in doc.sections}
    for s in doc.sections:
        # The heading is a prefix of the section, starting at its marker.
        assert doc.text[s.heading.start : s.heading.end].startswith(s.label)
        assert s.span.start == s.heading.start
        if s.parent is not None:
            parent = doc.sections[s.parent]
            assert parent.level < s.level
            assert parent.span.start <= s.span.start and s.span.end <= parent.span.end
            assert s.id in parent.children
    gongye = by_label["1.工业经济"]
    assert "（2）新能源产业" in doc.text[gongye.span.start : gongye.span.end]
    assert "2.农业农村" not in doc.text[gongye.span.start : gongye.span.end]
    review = by_label["一、2023年工作回顾"]
    assert review.span.end == by_label["二、2024年工作安排"].span.start
    assert by_label["三、切实加强政府自身建设"].span.end == len(doc.text)
    # A leading sentence is the heading of its paragraph: the heading ends after its full stop.
    yishi = by_label["一是扩大有效投资"]
    assert doc.text[yishi.heading.start : yishi.heading.end] == "一是扩大有效投资。"


def test_section_path() -> None:
    doc = doc_of(REPORT)
    path = doc.section_path(doc.text.index("产值增长20%"))
    assert [s.label for s in path] == ["一、2023年工作回顾", "（一）聚焦产业发展", "1.工业经济", "（1）新材料产业"]
    path = doc.section_path(doc.text.index("一是这个词"))
    assert [s.label for s in path][-1] == "一是扩大有效投资"  # 一是 inside a sentence is no heading


def test_report_year() -> None:
    assert report_year(doc_of(REPORT)) == 2024
    assert report_year(doc_of("一、2018年工作回顾\n增长。\n")) == 2019
    assert report_year(doc_of("2015年1月20日在市第十五届人民代表大会上\n各位代表：\n")) == 2015
    assert report_year(doc_of("二〇一二年某县政府工作报告\n各位代表：\n")) == 2012
    assert report_year(doc_of("各位代表：\n增长。\n")) is None


def test_full_width_and_ascii_markers() -> None:
    doc = doc_of("一、２０２３年工作回顾\n(一)稳增长。\n１．工业。\n(1)项目。\n")
    assert [(s.level, s.title) for s in doc.sections] == [
        (1, "２０２３年工作回顾"),
        (2, "稳增长"),
        (4, "工业"),
        (5, "项目"),
    ]
    assert doc.sections[0].part == "review"


def test_numbers_are_not_markers() -> None:
    doc = doc_of("一、2023年工作回顾\n1.5万人实现就业。\n2024年增长。\n（2023）年度报告。\n")
    assert labels(doc) == [(1, "一、", "2023年工作回顾")]


def test_indent_and_crlf() -> None:
    doc = doc_of("一、2023年工作回顾\r\n\u3000\u3000（一）稳增长。增长5%。\r\n  1.工业。\r\n")
    assert labels(doc) == [(1, "一、", "2023年工作回顾"), (2, "（一）", "稳增长"), (4, "1.", "工业")]
    assert doc.sections[1].heading.start == doc.text.index("（一）")


def test_traditional_report() -> None:
    doc = doc_of("一、2009年工作回顧\n增長。\n二、2010年工作安排\n（一）穩增長。\n")
    assert [s.part for s in doc.sections] == ["review", "plan", "plan"]
    assert doc.sections[0].title == "2009年工作回顧"  # titles as written


def test_plan_heading_named_main_work() -> None:
    # "二、2024年主要工作" follows "一、2023年工作回顾": the later year's heading is the plan.
    doc = doc_of("一、2023年工作回顾\n增长5%。\n二、2024年主要工作\n增长6%。\n")
    assert [s.part for s in doc.sections] == ["review", "plan"]
