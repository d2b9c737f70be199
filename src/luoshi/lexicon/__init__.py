"""Lexicons: the data that drives reading and extraction, in YAML files under `data/`.

`load(name)` reads `data/<name>.yaml` once, validates it against the rules in `SCHEMAS`, and caches
it. Every file starts with a header comment naming its sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml

# One rule per key: the type each top-level key must have. A file may have only these keys.
SCHEMAS: dict[str, dict[str, type]] = {
    "outline": {"review_words": list, "plan_words": list},
    "numbers": {
        "digits": dict,
        "unknown_digit": str,
        "places": dict,
        "big_places": dict,
        "variants": dict,
        "decimal_point": str,
        "minus_words": list,
        "minus_signs": list,
        "not_signs": list,
        "minus_after": list,
        "approx_inside": list,
        "approx_after": list,
        "approx_after_ratio": list,
        "vague_before": list,
        "not_numbers": list,
        "fraction_word": str,
        "fraction_units": dict,
        "tenths": dict,
        "doublings": dict,
        "conversions": dict,
        "ordinal_prefix": str,
        "ordinal_units": list,
        "ordinal_classifiers": list,
        "ordinal_not_classifier": list,
        "bare_magnitude_after": list,
        "bare_magnitude_units": list,
    },
    "units": {"magnitudes": dict, "measures": dict, "non_measures": list, "duration_units": list},
    "bounds": {"before": dict, "after": dict, "inner_min": list, "range_separators": list},
    "verbs": {
        "growth": list,
        "rate_growth": list,
        "decrease": list,
        "level_markers": list,
        "rank": list,
        "predicates": list,
        "leading_verbs": list,
        "forward_stops": list,
        "mid_verbs": list,
        "scopes": list,
        "target_words": list,
        "actual_words": list,
        "level_rates": list,
    },
    "filters": {
        "names": list,
        "structure_nouns": list,
        "threshold_followers": list,
        "people_followers": list,
        "max_quoted_name": int,
        "ordinal_non_rank": list,
        "rank_frames": list,
        "structure_nouns_any": list,
        "round_units": list,
        "phase_units": list,
        "phase_count_verbs": list,
        "target_nouns": list,
        "bare_magnitude_before": list,
        "bare_magnitude_after": list,
    },
    "noise": {
        "pinyin_syllable": str,
        "tone_letters": str,
        "tones": dict,
        "latin_line_min": int,
        "latin_line_share": float,
        "wrapped_line_min": int,
    },
    "reading": {
        "meeting_line": str,
        "date_line": str,
        "leader_line": str,
        "title_line": str,
        "region_suffixes": dict,
        "provincial_cities": list,
        "region_prefixes": list,
        "title_review_words": list,
        "title_plan_words": list,
        "term_words": list,
        "review_openers": list,
        "plan_openers": list,
        "term_openers": list,
        "news_leads": list,
        "content_review": list,
        "content_plan": list,
        "scope_cues": list,
        "scope_years": list,
    },
    "indicators": {
        "qualifiers": list,
        "suffixes": list,
        "target_list_cues": list,
        "outside_list_cues": list,
        "indicators": list,  # entries checked by luoshi.extract.catalogue
    },
    "subjects": {
        "compounds": dict,
        "sector_shares": list,
        "sector_ratio_cues": list,
        "left_cuts": list,
        "generic_heads": list,
        "owner_prefixes": list,
        "owner_suffixes": list,
        "leading_decorations": list,
        "trailing_decorations": list,
        "growth_owners": list,
        "metric_heads": list,
        "growth_predicates": list,
        "paired_qualifiers": list,
        "list_marks": list,
        "class_markers": list,
        "after_time_span": list,
    },
    "synonyms": {
        "qualifiers": list,
        "suffixes": list,
        "abbreviations": dict,
        "synonyms": dict,
        "lower_is_better": list,
        "magnitudes": dict,
        "units": dict,
        "count_units": list,
        "loose_inside": list,
        "loose_end": list,
    },
}


class LexiconError(ValueError):
    pass


def validate(name: str, data: Any) -> None:
    schema = SCHEMAS.get(name)
    if schema is None:
        raise LexiconError(f"{name}: no schema")
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: top level must be a mapping")
    for key, typ in schema.items():
        if key not in data:
            raise LexiconError(f"{name}: missing key {key!r}")
        if not isinstance(data[key], typ):
            raise LexiconError(f"{name}: {key!r} must be a {typ.__name__}")
    extra = set(data) - set(schema)
    if extra:
        raise LexiconError(f"{name}: unknown keys {sorted(extra)}")
    check = _ENTRIES.get(name)
    if check is not None:
        check(data)


def _synonym_entries(data: dict[str, Any]) -> None:
    for canon, names in data["synonyms"].items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise LexiconError(f"synonyms: {canon!r} must list names")
    for unit, spec in data["units"].items():
        if not (isinstance(spec, list) and len(spec) == 2 and isinstance(spec[1], int | float)):
            raise LexiconError(f"synonyms: unit {unit!r} must be [base, factor]")
    for short, long in data["abbreviations"].items():
        if not isinstance(short, str) or not isinstance(long, str):
            raise LexiconError(f"synonyms: abbreviation {short!r} must map to a string")


# Rules for the entries inside a file, where the top-level types are not enough.
_ENTRIES: dict[str, Callable[[dict[str, Any]], None]] = {"synonyms": _synonym_entries}


@cache
def load(name: str) -> Any:
    with resources.files("luoshi.lexicon").joinpath("data", f"{name}.yaml").open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    validate(name, data)
    return data


def names() -> list[str]:
    return sorted(SCHEMAS)


def alternation(words: object) -> str:
    """A regex alternation of lexicon words, longest first, each allowed one stray space between
    its characters (copies of reports break words: 社 会消费品, 增\n长)."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(r"\s?".join(map(re.escape, w)) for w in items)
