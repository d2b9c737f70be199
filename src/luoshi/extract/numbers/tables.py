"""The number layer's tables and patterns, built once from `numbers.yaml` and `units.yaml`.

The patterns run on folded text (`luoshi.document.normalize.fold`); `fold_numeral` folds a numeral
cut out of unfolded text the same way, so the parser reads `１２`, `萬` and `兩` as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from luoshi.lexicon import LexiconError, load


@dataclass(frozen=True, slots=True)
class Patterns:
    """Anchored patterns, one per form, tried where `first` finds a character a number can start
    with. (One alternation of them all is tried at every position of the text: several times slower.)"""

    first: re.Pattern[str]  # a character a number can start with
    arabic: re.Pattern[str]  # 1,234.5 · 3万2千5百 (group mix) · 4。5%
    dot: re.Pattern[str]  # .5
    chinese: re.Pattern[str]  # 三万六千八百 · 十二点五 · 三十几万
    fraction: re.Pattern[str]  # 百分之五 · 三分之一 · 千分之5.2
    bare: re.Pattern[str]  # 近万亿元: the word before, then the magnitude
    magnitude: re.Pattern[str]  # after a number: 万, 亿, 千万, 万亿, 万万, 百亿亿 …


@dataclass(frozen=True, slots=True)
class Words:
    """The word lists of `numbers.yaml`, in the shapes the extractor looks them up in."""

    minus_words: frozenset[str]
    minus_signs: frozenset[str]
    not_signs: frozenset[str]
    minus_after: frozenset[str]
    approx_inside: tuple[str, ...]
    approx_after: tuple[str, ...]
    approx_after_ratio: tuple[str, ...]
    approx_after_first: frozenset[str]  # first characters of both lists
    vague_before: tuple[str, ...]
    # numeral character → ((offset of the character, word length), the words of that shape)
    not_numbers: dict[str, tuple[tuple[int, int, frozenset[str]], ...]]
    fraction_word: str
    fraction_units: dict[str, str]
    tenths: str
    tenths_not_before: tuple[str, ...]
    doubling: str
    doubling_after: tuple[str, ...]
    conversions: dict[str, dict[str, Any]]
    ordinal: str
    ordinal_units: tuple[str, ...]
    ordinal_classifiers: tuple[str, ...]
    ordinal_not_classifier: tuple[str, ...]
    bare_after: frozenset[str]


@dataclass(frozen=True, slots=True)
class Tables:
    digits: dict[str, int]  # 零 〇 一 … 九 两
    unknown: str  # 几
    places: dict[str, int]  # 十 百 千
    big: dict[str, int]  # 万 亿
    point: str  # 点
    fold: dict[int, str]  # str.translate table: variants and full-width forms
    rx: Patterns
    words: Words
    units_by_first: dict[str, tuple[str, ...]]  # measure units by first character, longest first
    category: dict[str, str]  # unit → what it measures (units.yaml)
    magnitude_first: frozenset[str]  # 十 百 千 万 亿
    first_chars: frozenset[str]  # what `rx.first` matches: a character a number can start with


def _chars(table: dict[str, Any], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for ch, v in table.items():
        if not isinstance(ch, str) or len(ch) != 1 or not isinstance(v, int):
            raise LexiconError(f"numbers: {key}: {ch!r} must be one character with an integer value")
        out[ch] = v
    return out


def _check(lex: dict[str, Any]) -> None:
    """Rules beyond the key types, which the parser relies on."""
    if any(not 0 <= v <= 9 for v in _chars(lex["digits"], "digits").values()):
        raise LexiconError("numbers: digits must be 0–9")
    for key in ("places", "big_places"):
        for ch, v in _chars(lex[key], key).items():
            if v < 10 or str(v).rstrip("0") != "1":
                raise LexiconError(f"numbers: {key}: {ch} must be a power of ten")
    for a, b in lex["variants"].items():
        if len(str(a)) != 1 or len(str(b)) != 1:
            raise LexiconError(f"numbers: variants: {a}→{b} must map one character to one")
    for unit, conv in lex["conversions"].items():
        if not isinstance(conv, dict) or "unit" not in conv or not ({"scale", "power_of"} & set(conv)):
            raise LexiconError(f"numbers: conversions: {unit} needs unit and scale or power_of")
    for word in lex["not_signs"]:
        if len(str(word)) != 2 or str(word)[-1] not in lex["minus_words"]:
            raise LexiconError(f"numbers: not_signs: {word} must be two characters ending in a minus word")
    for key in ("unknown_digit", "decimal_point"):
        if len(lex[key]) != 1:
            raise LexiconError(f"numbers: {key} must be one character")
    for key in ("tenths", "doublings"):
        if not isinstance(lex[key], dict) or "unit" not in lex[key]:
            raise LexiconError(f"numbers: {key} needs a unit")


def _alt(words: Any) -> str:
    return "|".join(re.escape(str(w)) for w in sorted({str(w) for w in words}, key=len, reverse=True))


def _patterns(lex: dict[str, Any], digits: str, places: str, big: str) -> Patterns:
    start = digits + places
    cn = rf"[{start}][{start}{lex['unknown_digit']}{big}]*(?:{lex['decimal_point']}[{digits.replace('两', '')}]+)?"
    arabic = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
    after = "".join(lex["bare_magnitude_after"])
    return Patterns(
        first=re.compile(rf"[0-9.{re.escape(lex['ordinal_prefix'])}{start}{big}{after}]"),
        # 。 is a decimal point only before a percent or a magnitude (增长4。5%); else it ends a sentence.
        arabic=re.compile(rf"[0-9][0-9]*(?:(?P<mix>(?:[{places}{big}]+[0-9]+)+[{places}{big}]+)|(?:,[0-9]{{3}})+"
                          r"(?:\.[0-9]+)?|\.[0-9]+|。[0-9]+(?=\s?(?:%|‰|个?百分点|[万亿])))?"),
        dot=re.compile(r"\.[0-9]{1,3}(?![0-9])"),
        chinese=re.compile(cn),
        fraction=re.compile(rf"(?P<fden>[{start}{big}]+|[0-9]+){lex['fraction_word']}(?P<fnum>{cn}|{arabic})"),
        bare=re.compile(rf"[{after}](?P<bare>{_alt(['万亿', *big])})(?P<bunit>{_alt(lex['bare_magnitude_units'])})?"),
        magnitude=re.compile(rf"[{places}]?[{big}]+"),
    )


def _not_numbers(words: list[Any], numeral_chars: set[str]) -> dict[str, tuple[tuple[int, int, frozenset[str]], ...]]:
    shapes: dict[str, dict[tuple[int, int], set[str]]] = {}
    for w in map(str, words):
        for i, ch in enumerate(w):
            if ch in numeral_chars:
                shapes.setdefault(ch, {}).setdefault((i, len(w)), set()).add(w)
    return {ch: tuple((i, n, frozenset(ws)) for (i, n), ws in s.items()) for ch, s in shapes.items()}


def _words(lex: dict[str, Any], numeral_chars: set[str]) -> Words:
    def t(key: str) -> tuple[str, ...]:
        return tuple(sorted(map(str, lex[key]), key=len, reverse=True))

    return Words(
        minus_words=frozenset(lex["minus_words"]), minus_signs=frozenset(lex["minus_signs"]),
        not_signs=frozenset(lex["not_signs"]), minus_after=frozenset(lex["minus_after"]),
        approx_inside=t("approx_inside"), approx_after=t("approx_after"), approx_after_ratio=t("approx_after_ratio"),
        approx_after_first=frozenset(str(x)[0] for x in [*lex["approx_after"], *lex["approx_after_ratio"]]),
        vague_before=t("vague_before"), not_numbers=_not_numbers(lex["not_numbers"], numeral_chars),
        fraction_word=lex["fraction_word"], fraction_units={str(k): str(v) for k, v in lex["fraction_units"].items()},
        tenths=str(lex["tenths"]["unit"]), tenths_not_before=tuple(map(str, lex["tenths"].get("not_before", []))),
        doubling=str(lex["doublings"]["unit"]), doubling_after=tuple(map(str, lex["doublings"].get("after", []))),
        conversions={str(k): v for k, v in lex["conversions"].items()}, ordinal=lex["ordinal_prefix"],
        ordinal_units=t("ordinal_units"), ordinal_classifiers=t("ordinal_classifiers"),
        ordinal_not_classifier=t("ordinal_not_classifier"), bare_after=frozenset(lex["bare_magnitude_after"]),
    )


@cache
def tables() -> Tables:
    lex = load("numbers")
    _check(lex)
    digits = _chars(lex["digits"], "digits")
    places = _chars(lex["places"], "places")
    big = _chars(lex["big_places"], "big_places")
    fold = {ord(a): str(b) for a, b in lex["variants"].items()}
    fold.update({o: chr(o - 0xFEE0) for o in range(0xFF10, 0xFF1A)})  # full-width digits
    fold.update({ord("．"): ".", ord("，"): ","})
    category = {str(w): cat for cat, words in load("units")["measures"].items() for w in words}
    by_first: dict[str, list[str]] = {}
    for u in sorted(category, key=len, reverse=True):
        by_first.setdefault(u[0], []).append(u)
    numeral_chars = set(digits) | set(places) | set(big) | {lex["unknown_digit"]} | set("0123456789")
    return Tables(
        digits=digits, unknown=lex["unknown_digit"], places=places, big=big, point=lex["decimal_point"], fold=fold,
        rx=_patterns(lex, "".join(digits), "".join(places), "".join(big)), words=_words(lex, numeral_chars),
        units_by_first={k: tuple(v) for k, v in by_first.items()}, category=category,
        magnitude_first=frozenset(places) | frozenset(big),
        first_chars=frozenset("0123456789.") | frozenset(digits) | frozenset(places) | frozenset(big)
        | frozenset(lex["bare_magnitude_after"]) | {lex["ordinal_prefix"]},
    )


def fold_numeral(s: str) -> str:
    """A numeral cut out of unfolded text, in the forms the tables use (１２ → 12, 萬 → 万)."""
    return s.translate(tables().fold)


@lru_cache(maxsize=256)
def magnitude_factor(mag: str) -> float:
    """万 → 1e4, 万亿 → 1e12, 万万 (八万万) → 1e8, 千万 → 1e7: the product of its places."""
    t = tables()
    f = 1.0
    for ch in fold_numeral(mag):
        f *= t.big.get(ch) or t.places.get(ch, 1)
    return f
