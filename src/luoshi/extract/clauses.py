"""Clauses and number groups: the local structure the subject, kind and bound rules read.

A clause runs between ，；：。！？ or a line break. Inside a clause, numbers separated only by
`、`/`和`/`及` (and the bound words of the earlier number) form a *group*: `42031元、16477元`,
`4%、6.5%、6%左右`. Groups are what 分别 distributes over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.extract.numbers import NumberMention

CLAUSE_END = re.compile(r"[，；：。！？\n,;!?]")
_GROUP_SEP = re.compile(r"^\s*(?:以上|左右|以内|以下|多)?\s*[、和及与]\s*(?:第)?$")


@dataclass(slots=True)
class Slot:
    """One kept number mention with the clause and group it belongs to."""

    m: NumberMention
    clause_start: int
    clause_end: int
    sentence_index: int
    optional: bool = False
    group: int = -1
    group_pos: int = 0
    group_size: int = 1
    # filled by the pipeline
    subject: tuple[int, int] | None = None
    subject_text: str = ""
    kind: str = "amount"
    sign: int = 1
    bound: str = "exact"
    extra: dict[str, object] = field(default_factory=dict)


def clause_bounds(norm: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The clause around `pos` inside the sentence `[start, end)`."""
    cs = start
    for m in CLAUSE_END.finditer(norm, start, pos):
        cs = m.end()
    m2 = CLAUSE_END.search(norm, pos, end)
    ce = m2.start() if m2 else end
    # A bracket inside a clause: (预计数) — keep as is.
    return cs, ce


def assign_groups(norm: str, slots: list[Slot]) -> None:
    """Link numbers of the same clause separated only by list separators into groups."""
    gid = 0
    i = 0
    while i < len(slots):
        j = i
        while (
            j + 1 < len(slots)
            and slots[j + 1].clause_start == slots[i].clause_start
            and _GROUP_SEP.match(norm[slots[j].m.end : slots[j + 1].m.start])
            and _compatible(slots[j].m, slots[j + 1].m)
        ):
            j += 1
        for k in range(i, j + 1):
            slots[k].group = gid
            slots[k].group_pos = k - i
            slots[k].group_size = j - i + 1
        gid += 1
        i = j + 1


def _compatible(a: NumberMention, b: NumberMention) -> bool:
    """Numbers of one list share a kind of unit (a rank list may leave the unit to the last: 第1、2位)."""
    if a.rank or b.rank:
        return a.rank or b.unit_norm in ("位", "名")
    if not a.unit or not b.unit:
        return not a.unit and not b.unit
    pa = a.category == "percent"
    pb = b.category == "percent"
    return pa == pb


def link_previous(slots: list[Slot]) -> None:
    """Remember where the previous number of the same clause ends: years before it are not ours."""
    last_end: dict[int, int] = {}
    for s in slots:
        s.extra["prev_end"] = last_end.get(s.clause_start, s.clause_start)
        last_end[s.clause_start] = s.m.end


def share_group_optional(slots: list[Slot]) -> None:
    """A borderline first item makes its whole list borderline (高于全国全省5.9和2.9个百分点)."""
    lead: dict[int, Slot] = {}
    for s in slots:
        first = lead.setdefault(s.group, s)
        if first is not s and first.optional:
            s.optional = True
