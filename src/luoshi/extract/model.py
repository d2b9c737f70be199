"""The Indicator: one quantified result or target, as `ANNOTATION.md` defines it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["amount", "percent", "growth", "rank"]
Stance = Literal["actual", "target"]
Bound = Literal["exact", "approx", "min", "max", "range"]

KINDS: tuple[str, ...] = ("amount", "percent", "growth", "rank")
STANCES: tuple[str, ...] = ("actual", "target")
BOUNDS: tuple[str, ...] = ("exact", "approx", "min", "max", "range")


@dataclass(slots=True)
class Indicator:
    """Field names and meanings follow the annotation guide; `section` and `sentence` are extras."""

    doc: str
    span: tuple[int, int]
    mention: str
    subject: str
    value: float
    unit: str
    kind: Kind
    stance: Stance
    bound: Bound
    year: int | None
    subject_full: str | None = None
    indicator: str | None = None  # the canonical indicator of the catalogue (指标库), if any
    value_max: float | None = None
    optional: bool = False
    section: list[str] = field(default_factory=list)  # heading path, top first
    sentence: str = ""
    part: str = "other"  # review / plan / other: the part of the report the number sits in
    # Read by OCR: the engine's confidence in the line the number is on (0–1). A person confirms such
    # a number before the ledger takes it. None for typed text, and then left out of `to_dict`.
    ocr_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        if d["ocr_confidence"] is None:
            del d["ocr_confidence"]
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Indicator:
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        known["span"] = tuple(d["span"])
        return cls(**known)
