"""Years as reports write them: 2026年, 二〇二六年, the five-year plan periods (十五五 → 2026–2030)."""

from __future__ import annotations

import re

YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CN_YEAR = re.compile(r"([一二〇○零三四五六七八九]{4})\s*年")
_CN_DIGIT = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}
FIVE_YEAR = re.compile(r"十([一二三四五六七八九]?)五")
_FIVE_YEAR_START = {"": 2001, "一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026, "六": 2031, "七": 2036}


def year_in(text: str) -> int | None:
    """The first year written in digits or in Chinese numerals (2023年, 二〇二三年)."""
    m = YEAR.search(text)
    if m:
        return int(m.group(1))
    c = _CN_YEAR.search(text)
    if c:
        y = int("".join(_CN_DIGIT[ch] for ch in c.group(1)))
        if 1949 <= y <= 2100:
            return y
    return None


def five_year_end(text: str) -> int | None:
    """The last year of the five-year plan period named in `text` (十五五 → 2030), or None."""
    m = FIVE_YEAR.search(text)
    if not m:
        return None
    start = _FIVE_YEAR_START.get(m.group(1))
    return start + 4 if start else None


def term_end(year: int | None) -> int | None:
    """The last year of the five-year plan period that `year` belongs to (2026 → 2030)."""
    if year is None:
        return None
    return 2026 + 5 * ((year - 2026) // 5) + 4
