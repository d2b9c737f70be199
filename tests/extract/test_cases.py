"""Hard cases of the annotation guide, in our own sentences: tests/specs/extract_cases.jsonl.

Each case wraps its text in a review or plan heading (or none), extracts, and checks the listed
fields of the expected records in order; `only` means no other record may appear.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import luoshi
from luoshi.document import Document, build

SPECS = Path(__file__).resolve().parent.parent / "specs" / "extract_cases.jsonl"
HEADINGS = {"review": "一、2023年工作回顾\n", "plan": "二、2024年工作安排\n", None: ""}
CASES = [json.loads(line) for line in SPECS.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_case(case: dict[str, Any]) -> list[luoshi.Indicator]:
    head = HEADINGS[case.get("part")]
    doc = build(Document(id=case["id"], text=head + case["text"] + "\n"))
    return luoshi.extract(doc)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    got = run_case(case)
    expect = case["expect"]
    if case.get("only"):
        assert [g.mention for g in got] == [e["mention"] for e in expect], [g.to_dict() for g in got]
    for e in expect:
        matches = [g for g in got if g.mention == e["mention"]]
        assert matches, f"no record for {e['mention']}: {[g.mention for g in got]}"
        # Several records can share a mention (各/均): one of them must fit.
        def fits(g: luoshi.Indicator, e: dict[str, Any] = e) -> bool:
            return all(getattr(g, k) == v for k, v in e.items() if k != "mention")
        assert any(fits(g) for g in matches), (e, [g.to_dict() for g in matches])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spans_index_the_text(case: dict[str, Any]) -> None:
    head = HEADINGS[case.get("part")]
    text = head + case["text"] + "\n"
    for g in run_case(case):
        assert text[g.span[0] : g.span[1]] == g.mention
