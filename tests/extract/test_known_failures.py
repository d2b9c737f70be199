"""Cases the extractor still gets wrong, in our own wording. Each is xfail(strict=True): when a
change fixes one, the test fails until the case is moved into tests/specs/extract_cases.jsonl."""

from __future__ import annotations

import pytest

import luoshi
from luoshi.document import Document

REVIEW = "一、2023年工作回顾\n"


def mentions(text: str) -> list[str]:
    return [i.mention for i in luoshi.extract(Document(id="k", text=REVIEW + text))]


@pytest.mark.xfail(strict=True, reason="a small count inside the name of an event (两个文明建设现场会) reads as a count")
def test_count_inside_an_event_name() -> None:
    assert mentions("借助全市两个文明建设现场会的机遇，加快发展。") == []


@pytest.mark.xfail(strict=True, reason="a count of pilot programmes qualifying an achievement (两项试点经验) reads as a record")
def test_count_qualifying_an_achievement() -> None:
    assert mentions("集体林权制度改革两项试点经验在全省推广。") == []


@pytest.mark.xfail(strict=True, reason="a forward subject stops at the verb: 县 instead of the class the counties passed")
def test_forward_subject_before_a_verb_phrase() -> None:
    recs = luoshi.extract(Document(id="k", text=REVIEW + "4个县通过省级义务教育优质均衡县评估认定。"))
    assert recs[0].subject == "省级义务教育优质均衡县"
