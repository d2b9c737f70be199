"""Bound of each number: exact, approx (左右, 约), min (以上, 突破, 余), max (以内, 控制在) or range.

A bound word after the last number of a 分别/均 list applies to every number of it; a bound word
before the first number of a list applies to every number; otherwise a bound is its number's own.
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.extract.clauses import Slot
from luoshi.lexicon import load


@cache
def _bound_words() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    b = load("bounds")
    before = sorted(((w, k) for k, ws in b["before"].items() for w in ws), key=lambda x: -len(x[0]))
    after = sorted(((w, k) for k, ws in b["after"].items() for w in ws), key=lambda x: -len(x[0]))
    return before, after


def _own_bound(norm: str, s: Slot) -> tuple[str | None, str | None]:
    before, after = _bound_words()
    m = s.m
    tail = norm[m.end : m.end + 4].lstrip(" ”")
    aft = None
    for w, k in after:
        if tail.startswith(w):
            if w in ("多", "余") and m.category not in ("ratio",):
                continue
            aft = k
            break
    left = norm[max(s.clause_start, m.start - 8) : m.start]
    left = re.sub(r"(达到|达|到|在|了|双|均|分别|为|至)+\s*$", "", left)
    bef = None
    for w, k in before:
        if left.endswith(w):
            bef = k
            break
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
            if bound is None and s.m.inner_min:
                bound = "min"
            s.bound = bound or "exact"


