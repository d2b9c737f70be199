"""Part headings in the forms reports use beyond `一、`: 第一部分, unmarked lines, later years."""

from __future__ import annotations

import pytest

from luoshi.document import Document, build, report_year


@pytest.mark.parametrize(
    ("text", "parts", "year"),
    [
        ("第一部分 2023年工作回顾\n增长5%。\n第二部分 2024年工作安排\n增长6%。\n", ["review", "plan"], 2024),
        ("2023年工作回顾\n增长5%。\n2024年工作安排\n（一）抓产业。增长6%。\n", ["review", "plan", "plan"], 2024),
        ("一、2023年工作回顾\n增长5%。\n二、2024年主要工作\n增长6%。\n", ["review", "plan"], 2024),
        ("一、过去一年的工作\n增长5%。\n二、明年工作建议\n增长6%。\n", ["review", "plan"], None),
    ],
)
def test_part_headings(text: str, parts: list[str], year: int | None) -> None:
    doc = build(Document(id="t", text=text))
    assert [s.part for s in doc.sections] == parts
    assert report_year(doc) == year


def test_a_long_unmarked_line_is_no_heading() -> None:
    doc = build(Document(id="t", text="今年工作安排上，我们将围绕产业发展、城乡建设和民生保障三个方面持续用力。\n"))
    assert doc.sections == []


def test_marker_alone_on_its_line_takes_the_next_line_as_title() -> None:
    doc = build(Document(id="t", text="一、\n2023年工作回顾\n增长5%。\n二、2024年工作安排\n增长6%。\n"))
    assert [(s.label, s.part) for s in doc.sections] == [("一、2023年工作回顾", "review"), ("二、2024年工作安排", "plan")]


def test_a_section_ends_where_the_next_heading_line_begins() -> None:
    text = "一、2023年工作回顾\n增长5%。\n　　二、2024年工作安排\n增长6%。\n"
    first = build(Document(id="t", text=text)).sections[0]
    assert text[first.span.start : first.span.end] == "一、2023年工作回顾\n增长5%。\n"


def test_phrase_folding_keeps_words_that_single_characters_would_change() -> None:
    from luoshi.document.normalize import fold

    assert fold("乾坤") == "乾坤"
    assert fold("工作報告：１２．５％") == "工作报告：12.5%"


def test_years_in_chinese_numerals() -> None:
    doc = build(Document(id="t", text="一、二〇二三年工作回顾\n增长5%。\n二、二〇二四年工作安排\n增长6%。\n"))
    assert [s.part for s in doc.sections] == ["review", "plan"]
    assert report_year(doc) == 2024


def test_a_heading_with_a_year_after_an_undated_review_is_the_plan() -> None:
    doc = build(Document(id="t", text="一、过去一年的工作\n增长5%。\n二、扎实做好2024年各项工作\n增长6%。\n"))
    assert [s.part for s in doc.sections] == ["review", "plan"]
    assert report_year(doc) == 2024
