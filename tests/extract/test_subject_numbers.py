"""No subject opens with a number (issue 12): a number at the head of a subject is a mention read
apart (三万六千八百人 → 六千八百人), a list marker (一是…, 2.…), a span of time (五年累计…) or a count
(一批营收). Words with a numeral (七大产业, 一产), ordinals (第四次文物普查), years and scales or
class boundaries (百万羽蛋鸡养殖项目, 30户以上自然村寨, 百亿级企业) may open a subject: the gold does so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import luoshi
from luoshi.document import Document

_CLASS = re.compile(r"[^\W\d_]{0,2}?(?:及以上|以上|及以下|以下|级|强|星)")


def opens_with_number(subject: str) -> bool:
    found = luoshi.parse_numbers(subject)
    if not found or found[0].start != 0:
        return False
    m, rest = found[0], subject[found[0].end :]
    if m.rank or (m.unit.startswith("年") and 1900 <= m.value <= 2100):
        return False
    if not m.unit and rest[:1] in ("是", ".", "．"):
        return True
    return not ((m.chinese and not m.unit) or m.magnitude or _CLASS.match(rest))


@pytest.mark.parametrize(
    ("subject", "opens"),
    [("六千八百人", True), ("3年", True), ("五年累计固定资产投资", True), ("一是全区经济增长速度", True),
     ("2.城镇新增就业", True), ("一批营收", True), ("两个台阶", True),
     ("一般公共预算收入", False), ("七大产业产值", False), ("一产增加值", False), ("第四次文物普查新发现文物", False),
     ("百万羽蛋鸡养殖重点项目", False), ("30户以上自然村寨垃圾收运覆盖率", False), ("百亿级企业", False),
     ("220千伏及以上输电线路总长", False), ("5G基站", False), ("九年义务教育巩固率", False), ("2025年工作回顾", False)],
)
def test_what_opens_with_a_number(subject: str, opens: bool) -> None:
    assert opens_with_number(subject) is opens


def test_no_subject_opens_with_a_number_in_the_2026_reports(shared: Path) -> None:
    reports = sorted((shared / "corpus" / "full-2026").glob("*.txt"))
    if not reports:
        pytest.skip("no full-2026 corpus")
    bad = [(doc.id, i.mention, i.subject) for doc in map(luoshi.read, reports) for i in luoshi.extract(doc)
           if opens_with_number(i.subject)]
    assert bad == []


@pytest.mark.parametrize(
    ("text", "subject"),
    [("五年累计完成固定资产投资4626亿元。", "固定资产投资"), ("一是全区经济增长速度连续4年居全国前列。", None),
     ("经济总量连续迈上4万亿、5万亿两个台阶。", None), ("全区5年累计投入6200多亿元。", "累计投入")],
)
def test_subjects_drop_the_number_that_opens_them(text: str, subject: str | None) -> None:
    inds = luoshi.extract(Document(id="t", text="一、2025年工作回顾\n" + text + "\n"))
    assert inds and not any(opens_with_number(i.subject) for i in inds)
    if subject:
        assert inds[0].subject == subject
