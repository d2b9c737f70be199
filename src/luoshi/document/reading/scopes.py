"""Target lists: a cue (主要预期目标是：…) opens a scope that lasts to the end of the list, not the
sentence; the text before the cue gives the year its targets belong to (今年, 到2027年, 十五五)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from luoshi.document.model import Document, Part, PartRun, ReportFacts, Section, Span, TargetScope
from luoshi.document.reading.parts import part_of
from luoshi.document.reading.text import list_end
from luoshi.document.reading.years import five_year_end
from luoshi.lexicon import load


@cache
def _scope_patterns() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], str]]]:
    lex = load("reading")
    cue = re.compile("|".join(lex["scope_cues"]))
    years = [(re.compile(p), how) for p, how in lex["scope_years"]]
    return cue, years

def target_scopes(
    doc: Document, sections: list[Section], facts: ReportFacts, runs: list[PartRun]
) -> list[TargetScope]:
    flow = doc.flow
    cue, years = _scope_patterns()
    top_heads = sorted(s.heading.start for s in sections if s.level <= 2)
    out: list[TargetScope] = []
    for m in cue.finditer(flow):
        end = list_end(flow, m.end())
        i = bisect_right(top_heads, m.end())
        if i < len(top_heads):
            end = min(end, top_heads[i])
        line_start = flow.rfind("\n", 0, m.start()) + 1
        sent_start = max(line_start, *(flow.rfind(p, 0, m.start()) + 1 for p in "。！？"))
        before = flow[max(sent_start, m.start() - 60) : m.start()]
        year, why = _scope_year(before, years, facts, part_of(runs, m.start()))
        if out and out[-1].span.end > m.start():
            continue  # a cue inside a list already open
        out.append(TargetScope(Span(m.start(), max(end, m.end())), year, f"{m.group(0)}{why}"))
    return out

def _scope_year(
    before: str, years: list[tuple[re.Pattern[str], str]], facts: ReportFacts, part: Part
) -> tuple[int | None, str]:
    for pat, how in years:
        found = list(pat.finditer(before))
        if not found:
            continue
        m = found[-1]
        if how == "explicit":
            return int(m.group(1)), f"（{m.group(0)}）"
        if how == "term":
            end = five_year_end(m.group(0)) or facts.term_end
            return end, f"（{m.group(0)}）"
        if how == "next":
            return (facts.year + 1 if facts.year else None), f"（{m.group(0)}）"
        return facts.year, f"（{m.group(0)}）"
    if part == "term":
        return facts.term_end, "（规划期目标）"
    return facts.year, ""
