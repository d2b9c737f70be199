"""Part headings in the forms reports use beyond `一、`: 第一部分, unmarked lines, later years."""

from __future__ import annotations

import pytest

from luoshi.document import Document, report_year


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
    doc = Document(id="t", text=text)
    assert [s.part for s in doc.sections] == parts
    assert report_year(doc) == year


def test_a_long_unmarked_line_is_no_heading() -> None:
    doc = Document(id="t", text="今年工作安排上，我们将围绕产业发展、城乡建设和民生保障三个方面持续用力。\n")
    assert doc.sections == []
