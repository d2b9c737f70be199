"""Mentions read together: ranges (1—2所, 5至6%, 百分之五到六) and a unit shared by a list
(5.9和2.9个百分点)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from luoshi.extract.numbers.model import NumberMention
from luoshi.lexicon import load

_LIST_SEP = re.compile(r"\s*[和、及与]\s*")


@cache
def _separators() -> tuple[str, ...]:
    return tuple(load("bounds")["range_separators"])


def _scale(m: NumberMention) -> float:
    """What one written unit of `m` is worth in its base unit (1 for 个, 1e4 for 万个, 10 for 成)."""
    return m.absolute / m.value if m.value else 1.0


def join_ranges(norm: str, text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """`1—2所`, `1至2个`, `6.5%—7%`, `5-6万人`: a number, a separator and a larger number with a unit
    make one range. The first has no unit or the same one; 到 joins only a bare first number (from
    6%到7% is a change, not a range), or a 百分之 read on (百分之五到六)."""
    out: list[NumberMention] = []
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        if b is not None and not a.rank and not b.rank:
            between = norm[a.end : b.start].strip()
            if between in _separators() and b.value > a.value:
                merged = _range(norm, text, a, b, between)
                if merged is not None:
                    out.append(merged)
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _range(norm: str, text: str, a: NumberMention, b: NumberMention, between: str) -> NumberMention | None:
    if a.unit and not b.unit and norm[a.start : a.start + 3] == "百分之":
        # 百分之五到六: the second number is read on in percent.
        return replace(a, end=b.end, text=text[a.start : b.end], value_max=b.value, absolute_max=b.value * _scale(a))
    same_unit = bool(a.unit) and a.unit_norm in (b.unit_norm, b.magnitude) and between != "到"
    if not ((not a.unit or same_unit) and b.unit):
        return None
    if 1900 <= a.value <= 2100 and b.unit_norm.startswith("年"):
        return None  # 2023—2025年
    return replace(b, start=a.start, text=text[a.start : b.end], value=a.value, absolute=a.value * _scale(b),
                   value_max=b.value, absolute_max=b.absolute, chinese=a.chinese, negative=a.negative,
                   approx=a.approx or b.approx, number_end=a.number_end)


def borrow_units(norm: str, mentions: list[NumberMention]) -> None:
    """`5.9和2.9个百分点`, `12.6%和 12.1%`: a bare number in a list takes the unit of the next one."""
    for a, b in zip(mentions[::-1][1:], mentions[::-1], strict=False):
        if a.unit or a.rank or not b.unit or b.rank or b.value_max is not None:
            continue
        if not _LIST_SEP.fullmatch(norm[a.end : b.start]) or b.unit_norm.startswith(("年", "月", "日")):
            continue
        a.unit, a.unit_norm, a.category, a.magnitude = b.unit, b.unit_norm, b.category, b.magnitude
        a.absolute, a.base_unit = a.value * _scale(b), b.base_unit
