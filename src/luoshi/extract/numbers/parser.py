"""The parser: a numeral already cut out → its value; a candidate span → a NumberMention.

`read_numeral` reads Arabic numerals (1,234.5 · .5 · 4。5), Chinese ones with places across 万 and
亿, 零 and colloquial tails (三万六千八百 · 七亿零九 · 一万零十五 · 八万万 · 一万五 · 十二点五), 几 as an
unknown digit (三十几 → 30, approximate) and mixed ones (3万2千5百). It never scans running text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from luoshi.extract.numbers.model import Candidate, NumberMention
from luoshi.extract.numbers.tables import Tables, fold_numeral, magnitude_factor, tables

_ARABIC = re.compile(r"[0-9]+(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]*[.。]?[0-9]+")
_TOKENS = re.compile(r"[0-9]+|.")


@dataclass(frozen=True, slots=True)
class Reading:
    value: float
    approx: bool = False  # 几 stood for a digit
    chinese: bool = False  # written in Chinese characters


def read_numeral(s: str) -> Reading | None:
    """The value of one numeral, signed (负二点五 → -2.5); None when it is no number (十四五, 一二)."""
    t = tables()
    s = fold_numeral(s.strip())
    if s[:1] and (s[0] in t.words.minus_signs or s[0] in t.words.minus_words):
        r = _read(s[1:])
        return Reading(-r.value, r.approx, r.chinese) if r is not None else None
    return _read(s)


@lru_cache(maxsize=4096)
def _read(s: str) -> Reading | None:
    """A folded numeral without a sign (reports repeat their numerals: this is read once each)."""
    t = tables()
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return Reading(float(s.replace(",", "").replace("。", ".")))
    whole, point, frac = s.partition(t.point)
    if point and (not whole or not frac or any(ch not in t.digits for ch in frac)):
        return None
    read = _read_places(whole, t)
    if read is None:
        return None
    value, approx = read
    if frac:  # through a string, so that 十二点三四 is exactly 12.34
        value = float(f"{int(value)}.{''.join(str(t.digits[ch]) for ch in frac)}")
    return Reading(value, approx, chinese=not s[0].isdigit())


def _read_places(s: str, t: Tables) -> tuple[float, bool] | None:
    """An integer numeral with places. Sections under 万 add up; a big place multiplies everything
    since the last bigger one (三万亿 = 3×10¹², 八万万 = 8×10⁸, 十二亿三千万 = 1 230 000 000)."""
    groups: list[tuple[float, float]] = []  # (amount, what its place is worth), biggest first
    section = 0.0  # the part under 万 being read
    digit: float | None = None
    last = ""  # the previous token: d(igit), z(ero), p(lace), b(ig place)
    digit_after = ""  # the token before the pending digit
    last_place = 0  # places fall inside a section: 三百二十, not 三十二百
    place_worth = 1.0  # what the previous place was worth (一万五: 5 is worth a tenth of 万)
    approx = False
    for tok in _TOKENS.findall(s):
        if tok.isdigit() or t.digits.get(tok, 0) or tok == t.unknown:
            if last == "d":
                return None  # digits in a row are a name or a code (十四五, 一二)
            approx = approx or tok == t.unknown
            digit = float(tok) if tok.isdigit() else float(t.digits.get(tok, 0))
            digit_after, last = last, "d"
        elif tok in t.digits:  # 零
            if last == "d":
                return None
            last = "z"
        elif tok in t.places:
            p = t.places[tok]
            if last == "p" or (last_place and p >= last_place):
                return None
            section += (1.0 if digit is None else digit) * p
            digit, last, last_place, place_worth = None, "p", p, float(p)
        elif tok in t.big:
            big = float(t.big[tok])
            amount, worth = section + (digit or 0.0), big
            while groups and groups[-1][1] <= big:  # 八万万, 三万亿: a big place after a smaller one
                a, w = groups.pop()
                amount, worth = amount + a, max(worth, w * big)
            if amount == 0:
                return None
            groups.append((amount * big, worth))
            section, digit, last, last_place, place_worth = 0.0, None, "b", 0, worth
        else:
            return None
    if digit is not None:
        # 一万五, 三千五, 一百二: a last digit right after a place counts in the place below it.
        section += digit * (place_worth / 10 if digit_after in ("p", "b") else 1)
    return sum(a for a, _ in groups) + section, approx


def resolve(c: Candidate, norm: str, text: str) -> NumberMention | None:
    """Resolve a candidate span to a mention; None when its numeral is no number."""
    t = tables()
    reading = _BARE if c.form == "bare" else _read(norm[c.numeral[0] : c.numeral[1]])
    if reading is None:
        return None
    value = reading.value
    fraction_unit = ""
    if c.denominator is not None:
        den = norm[c.denominator[0] : c.denominator[1]]
        fraction_unit = t.words.fraction_units.get(den, "")
        if not fraction_unit:  # 三分之一: a plain fraction
            d = _read(den)
            if d is None or d.value <= 0:
                return None
            value /= d.value
    if c.negative:
        value = -value
    ma, mb = c.magnitude or (0, 0)
    ua, ub = c.unit or (0, 0)
    mag, base = norm[ma:mb], norm[ua:ub]
    if base:
        unit, unit_norm = text[ma:mb] + text[ua:ub], mag + base
        category = t.category.get(base, "")
        if not category and base in t.words.conversions:  # 成 measures what % measures
            category = t.category.get(str(t.words.conversions[base]["unit"]), "")
    elif mag:
        unit, unit_norm, category = text[ma:mb], mag, "count"  # 740多万, 百亿: a magnitude with no measure
    else:
        unit = unit_norm = base = fraction_unit
        category = "percent" if fraction_unit else ""
    absolute, base_unit = convert(value, mag, base)
    return NumberMention(
        c.start, c.end, text[c.start : c.end], value, unit, mag, absolute, base_unit,
        c.approx or (t.unknown if reading.approx else ""), c.negative, None, None, c.rank, reading.chinese,
        "rank" if c.rank else category, unit_norm, c.numeral[1],
    )


_BARE = Reading(1.0, chinese=True)  # 近万亿元: one of the magnitude


def convert(value: float, mag: str, base: str) -> tuple[float, str]:
    """(absolute, base unit): the magnitude applied and 成/番 converted (三成 → 30 %, 翻两番 → 4 倍)."""
    absolute = value * magnitude_factor(mag) if mag else value
    conv = tables().words.conversions.get(base)
    if conv is None:
        return absolute, base
    if "power_of" in conv:
        return float(conv["power_of"]) ** absolute, str(conv["unit"])
    return absolute * float(conv["scale"]), str(conv["unit"])
