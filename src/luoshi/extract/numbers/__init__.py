"""Numbers as reports write them: find each number's span (the extractor), then resolve it (the parser).

`parse_numbers(text)` is the public entry; the extraction pipeline calls `find_numbers(norm, text)`
on the document's folded text. Spans index the original text (folding keeps every offset), and
units are cut from the original text so they are reported as written (`億元`, `％`).

    >>> [(m.text, m.value, m.unit, m.absolute) for m in parse_numbers("新建住房1.44万套，增长百分之五")]
    [('1.44万套', 1.44, '万套', 14400.0), ('百分之五', 5.0, '%', 5.0)]

The character tables and word lists are data: `luoshi/lexicon/data/numbers.yaml` (with the units
of `units.yaml`).
"""

from __future__ import annotations

from luoshi.extract.numbers.combine import borrow_units, join_ranges
from luoshi.extract.numbers.extractor import candidate_at, scan
from luoshi.extract.numbers.model import Candidate, NumberMention
from luoshi.extract.numbers.parser import Reading, read_numeral, resolve


def find_numbers(norm: str, text: str) -> list[NumberMention]:
    """Every number mention of `text`, read on its folded form `norm` (same length)."""
    found = [m for c in scan(norm) if (m := resolve(c, norm, text)) is not None]
    found = join_ranges(norm, text, found)
    borrow_units(norm, found)
    return found


def number_at(norm: str, text: str, pos: int) -> NumberMention | None:
    """The number that starts at `pos`, if one does (does a phrase open with a number?)."""
    c = candidate_at(norm, pos)
    return resolve(c, norm, text) if c is not None and c.start == pos else None


def parse_numbers(text: str) -> list[NumberMention]:
    """Every number in `text` with its span, value, magnitude, unit, sign, approximation and range."""
    from luoshi.document.normalize import fold

    return find_numbers(fold(text), text)


__all__ = [
    "Candidate", "NumberMention", "Reading", "find_numbers", "number_at", "parse_numbers", "read_numeral", "scan",
]
