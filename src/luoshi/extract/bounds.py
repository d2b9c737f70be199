"""Bound of each number: exact, approx (左右, 约), min (以上, 突破, 余), max (以内, 控制在) or range.

A bound word after the last number of a 分别/均 list applies to every number of it; a bound word
before the first number of a list applies to every number; otherwise a bound is its number's own.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.extract.clauses import Slot
from luoshi.lexicon import alternation, load


@cache
def _bound_res() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Patterns for bound words before and after a number, and the kind of each word."""
    b = load("bounds")
    kind = {w: k for part in ("before", "after") for k, ws in b[part].items() for w in ws}
    before = re.compile(rf"({alternation(w for ws in b['before'].values() for w in ws)})\s*$")
    # A second name of the unit in brackets may stand between (1.5万套（间）以上).
    after = re.compile(rf"(?:[（(][^）)\d]{{1,2}}[）)])?[ ”]*({alternation(w for ws in b['after'].values() for w in ws)})")
    return before, after, kind


@cache
def _inner_min() -> frozenset[str]:
    return frozenset(load("bounds")["inner_min"])


_LINKS = re.compile(r"(达到|达|到|在|了|双|均|分别|为|至)+\s*$")


def _own_bound(norm: str, s: Slot) -> tuple[str | None, str | None]:
    before, after, kind = _bound_res()
    m = s.m
    aft = None
    ma = after.match(norm, m.end, m.end + 10)
    # 多/余 after a full unit are bounds only after a multiple (2倍多); 300余场次 is handled inside.
    if ma and (ma.group(1) not in ("多", "余") or m.category == "ratio"):
        aft = kind[ma.group(1).replace(" ", "")]
    left = _LINKS.sub("", norm[max(s.clause_start, m.start - 8) : m.start])
    mb = before.search(left)
    bef = kind[mb.group(1).replace(" ", "")] if mb else None
    return bef, aft


def assign_bounds(norm: str, slots: list[Slot]) -> None:
    groups: dict[int, list[Slot]] = {}
    for s in slots:
        groups.setdefault(s.group, []).append(s)
    for members in groups.values():
        own = [_own_bound(norm, s) for s in members]
        first = members[0]
        distributed = len(members) > 1 and re.search(
            r"(分别|均|各)[^，；。]{0,12}$", norm[first.clause_start : first.m.start]
        )
        last_after = own[-1][1]
        first_before = own[0][0]
        for s, (bef, aft) in zip(members, own, strict=True):
            if s.m.value_max is not None:
                s.bound = "range"
                continue
            bound = aft or bef
            if bound is None and len(members) > 1:
                if distributed and last_after:
                    bound = last_after
                elif first_before:
                    bound = first_before
            if bound is None and s.m.approx in _inner_min():
                bound = "min"  # 300余场次, 三十几万
            s.bound = bound or "exact"


