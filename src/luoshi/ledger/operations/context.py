"""What every operation reads from the settings: today's date (LUOSHI_TODAY pins it) and the office's
status rules (tolerance, bands, grace and warning days)."""

from __future__ import annotations

from datetime import date

from luoshi.config import get_settings
from luoshi.ledger.rules.status import Rules


def today() -> date:
    return get_settings().today or date.today()


def default_rules() -> Rules:
    return Rules.from_settings(get_settings())
