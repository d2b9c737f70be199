"""Luoshi (落实): turn a Chinese government work report into tracked targets.

Public API::

    doc = luoshi.read("qiannan-2024.txt")     # Document
    for section in luoshi.outline(doc): ...   # heading tree
    inds = luoshi.extract(doc)                # list[Indicator], each with its canonical `indicator`
    frame = luoshi.compare(["reports/"])      # pandas DataFrame: main expected targets side by side
    nums = luoshi.parse_numbers("增长百分之五")  # list[NumberMention]: span, value, unit …
    with luoshi.Ledger("sqlite:///luoshi.db") as ledger: ...   # the target ledger
"""

from __future__ import annotations

import os
from typing import Any

from luoshi.document import Document, Section, Span, read, read_bytes
from luoshi.errors import LuoshiError, ReadError
from luoshi.extract.model import Indicator
from luoshi.extract.numbers.model import NumberMention

__version__ = "0.1.0"


def outline(doc: Document) -> list[Section]:
    """The heading tree of `doc`, each section with its span and part (review / plan / other)."""
    from luoshi.document.build import build

    return build(doc).sections


def extract(doc: Document, *, catalogue: Any = None) -> list[Indicator]:
    """Every quantified result and target in `doc`, in text order, each with its canonical
    indicator (`catalogue`: a `luoshi.extract.catalogue.Catalogue`, default the package's and the
    user's file named by LUOSHI_CATALOGUE)."""
    from luoshi.extract.pipeline import extract as _extract

    return _extract(doc) if catalogue is None else _extract(doc, catalogue=catalogue)


def parse_numbers(text: str) -> list[NumberMention]:
    """Every number in `text` as reports write it: span (exclusive end), value in the written unit,
    magnitude, absolute value, unit as written, approximation, sign, and the upper end of a range."""
    from luoshi.extract.numbers import parse_numbers as _parse_numbers

    return _parse_numbers(text)


def evaluate(gold: Any, predicted: Any) -> Any:
    """Score predictions against gold records (see `luoshi.extract.evaluate`)."""
    from luoshi.extract.evaluate import evaluate as _evaluate

    return _evaluate(gold, predicted)


def compare(
    paths: Any, *, stance: str = "target", scope: str = "list", catalogue: Any = None, long: bool = False
) -> Any:
    """The main expected targets of the reports under `paths` side by side, as a pandas DataFrame:
    one row per report (doc, region, level, year), one column per catalogue indicator, each cell the
    target as written (`5%左右`). `long=True`: one row per cell with value, value_max, unit, bound,
    mention and span. `stance="actual"`: last year's results instead (see `luoshi.analysis.compare`)."""
    from luoshi.analysis.compare import compare as _compare

    table = _compare([paths] if isinstance(paths, str | os.PathLike) else paths, stance=stance, scope=scope,
                     catalogue=catalogue)
    return table.long_frame() if long else table.frame()


def __getattr__(name: str) -> Any:
    # The ledger pulls in SQLAlchemy; load it only when asked so that extraction stays fast to start.
    if name == "Ledger":
        from luoshi.ledger.ledger import Ledger

        return Ledger
    raise AttributeError(f"module 'luoshi' has no attribute {name!r}")


__all__ = [
    "Document",
    "Indicator",
    "Ledger",
    "LuoshiError",
    "NumberMention",
    "ReadError",
    "Section",
    "Span",
    "compare",
    "evaluate",
    "extract",
    "outline",
    "parse_numbers",
    "read",
    "read_bytes",
]
