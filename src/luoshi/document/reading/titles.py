"""What a heading says of the part it opens: its years and its words. A year says more than the
words after it (2026年主要工作 is the plan); a five-year period past or ahead (十四五 / 十五五)."""

from __future__ import annotations

import re

from luoshi.document.model import Part
from luoshi.document.reading.years import FIVE_YEAR, YEAR, five_year_end
from luoshi.lexicon import load


def has_term_word(title: str) -> bool:
    return any(w in title for w in load("reading")["term_words"])

def words_part(title: str) -> Part:
    lex = load("reading")
    if any(w in title for w in lex["title_plan_words"]):
        return "plan"
    if any(w in title for w in lex["title_review_words"]):
        return "review"
    return "other"

def title_parts(title: str, plan: int | None) -> list[tuple[Part, str]]:
    """The parts a heading names, in the order it names them, each with the words that say so:
    `2025年和“十四五”时期工作回顾` → review; `“十五五”时期主要目标和2026年重点工作` → term, then plan.
    A year decides for the words after it (2026年主要工作 is the plan)."""
    lex = load("reading")
    hits: list[tuple[int, Part, str, bool]] = []  # (position, part, cue, anchors the words after it)
    for m in YEAR.finditer(title):
        y = int(m.group(1))
        if plan is None:
            continue
        part: Part = "plan" if y == plan else "review" if y < plan else "term"
        hits.append((m.start(), part, m.group(0), True))
    for m in FIVE_YEAR.finditer(title):
        end = five_year_end(m.group(0))
        if end is None:
            continue
        if plan is None:  # no year known: the heading's own words say whether the term is past
            part = "review" if words_part(title) == "review" else "term"
        else:
            part = "review" if end < plan else "term"
        hits.append((m.start(), part, m.group(0), True))
    for w in ("今后五年", "未来五年"):
        for m in re.finditer(w, title):
            hits.append((m.start(), "term", w, True))
    for key, part in (("title_plan_words", "plan"), ("title_review_words", "review")):
        for w in lex[key]:
            for m in re.finditer(re.escape(w), title):
                hits.append((m.start(), part, w, False))
    hits.sort(key=lambda h: h[0])
    out: list[tuple[Part, str]] = []
    anchor: Part | None = None
    for _pos, part, cue, anchors in hits:
        if anchors:
            anchor = part
        elif anchor is not None:
            part = anchor
        if not out or out[-1][0] != part:
            out.append((part, cue))
    return out
