"""How the ledger writes a target's value in words (指标值), for tables, exports and draft targets."""

from __future__ import annotations

from datetime import date

_BOUND_WORDS = {"approx": "左右", "min": "以上", "max": "以内"}


def value_text(
    kind: str | None,
    bound: str | None,
    value: float | None,
    unit: str | None,
    mention: str | None,
    value_max: float | None = None,
) -> str:
    """指标值 as an office writes it: 增长6%左右, 250万吨以上, 1—2所, 第3位."""
    if value is None:
        return ""
    unit = unit or ""
    num = f"{abs(value):g}{unit}" if kind == "growth" else f"{value:g}{unit}"
    if bound == "range" and value_max is not None:
        num = f"{value:g}—{value_max:g}{unit}"
    if kind == "rank":
        num = mention or f"第{value:g}位"
    prefix = ("增长" if value >= 0 else "下降") if kind == "growth" else ""
    return f"{prefix}{num}{_BOUND_WORDS.get(bound or '', '')}"


def cn_date(d: date) -> str:
    """2024年6月30日."""
    return f"{d.year}年{d.month}月{d.day}日"
