"""Extraction: Document → list[Indicator] (numbers, units, subjects, stance)."""

from luoshi.extract.model import BOUNDS, KINDS, STANCES, Indicator

__all__ = ["BOUNDS", "KINDS", "STANCES", "Indicator"]
