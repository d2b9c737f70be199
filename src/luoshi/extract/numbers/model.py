"""NumberMention: one number as a report writes it (data only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class NumberMention:
    """A number with its magnitude and unit, as written: `1.44万套`, `百分之十二点五`, `第3位`, `5—6万人`.

    `start`/`end` index the text with an exclusive end, so `text[start:end]` is the mention. Bound
    words (`以上`, `左右`, `突破`) stay outside it, as the annotation guide keeps them; `余`/`多`/`几`
    inside a number (`300余场次`, `三十几万`) are part of it.
    """

    start: int
    end: int
    text: str  # text[start:end] as written
    value: float  # in the written magnitude and unit (1.44万套 → 1.44), signed
    unit: str = ""  # as written, magnitude included: 万套, 亿元, %, ‰, 个百分点, 倍
    magnitude: str = ""  # 万, 亿, 万亿 … in simplified script, or ''
    absolute: float = 0.0  # the value in `base_unit`: magnitude applied (1.44万套 → 14400), 三成 → 30
    base_unit: str = ""  # the unit without its magnitude, or the unit `absolute` converts to (成 → %)
    approx: str = ""  # 余/多/几 inside the number, or 左右/上下 right after it; '' when exact
    negative: bool = False  # a written minus: 负, −, -
    value_max: float | None = None  # ranges: 5%—5.5%, 5至6%, 5-6万人, 百分之五到六
    absolute_max: float | None = None
    rank: bool = False  # an ordinal: 第3位, 第一
    chinese: bool = False  # the numeral is written in Chinese characters
    category: str = ""  # what the unit measures (units.yaml: currency, percent, ratio, count …), or ''
    unit_norm: str = ""  # the unit folded (萬人 → 万人), for look-ups
    number_end: int = 0  # where the numeral ends, before its magnitude and unit

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        """The public fields, for JSON."""
        return {
            "span": [self.start, self.end], "text": self.text, "value": self.value, "value_max": self.value_max,
            "unit": self.unit, "magnitude": self.magnitude, "absolute": self.absolute,
            "absolute_max": self.absolute_max, "base_unit": self.base_unit, "approx": self.approx,
            "negative": self.negative, "ordinal": self.rank, "category": self.category,
        }


@dataclass(slots=True)
class Candidate:
    """A span the extractor found, cut into the parts the parser resolves. Offsets index the text."""

    start: int  # the sign or 第 included
    end: int  # after the unit
    form: str  # arabic, chinese, mixed (3万2千), fraction (三分之一, 百分之五), bare (近万亿元)
    numeral: tuple[int, int]  # the numeral itself; a fraction's numerator
    denominator: tuple[int, int] | None = None
    magnitude: tuple[int, int] | None = None
    unit: tuple[int, int] | None = None
    approx: str = ""
    negative: bool = False
    rank: bool = False
