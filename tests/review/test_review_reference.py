"""The reference report against itself: its targets are for 2024, its results for 2023, so every
target is 未提及 (nothing is guessed from last year's figures of the same subject)."""

from __future__ import annotations

import json
from pathlib import Path

from luoshi.analysis.review import ABSENT, review
from luoshi.extract.model import Indicator


def _gold(shared: Path) -> list[Indicator]:
    lines = (shared / "gold" / "qiannan-2024.jsonl").read_text(encoding="utf-8").splitlines()
    return [Indicator.from_dict(json.loads(x)) for x in lines if x.strip()]


def test_reference_against_itself_is_all_absent(shared: Path) -> None:
    gold = _gold(shared)
    rev = review(gold, gold)
    due = [g for g in gold if g.stance == "target" and not g.optional and g.year in (2024, None)]
    assert rev.year == 2024
    assert len(rev.rows) == len(due) > 20
    assert {r.verdict for r in rev.rows} == {ABSENT}
    # Many of those subjects do have a 2023 figure in the same report: the year rule keeps them out.
    subjects_2023 = {g.subject for g in gold if g.stance == "actual" and g.year == 2023}
    assert any(r.target.subject in subjects_2023 for r in rev.rows)
    s = rev.summary()
    assert s.counts[ABSENT] == len(due) and s.rate is None
