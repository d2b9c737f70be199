"""The report cut into parts, run by run: `review` (last year, or the five years past), `plan` (this
year), `term` (the goals of the five-year term ahead, 十五五 → 2030) or `other`.

A heading decides where it says (titles.py); where it does not (slogans, untitled parts, news
summaries), the opening of the section's first paragraphs does (过去一年… / 今年是… / “十五五”时期是…),
and a section with neither continues the plan once the plan has begun. Inside a section, a paragraph
that opens a part switches to it (a heading 十四五发展成就和十五五主要目标 holds the review of the five
years, then the goals); a term paragraph inside the plan lasts for its own list."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from luoshi.document.model import Document, Part, PartRun, ReportFacts, Section, Span
from luoshi.document.reading.text import list_end, paragraphs
from luoshi.document.reading.titles import title_parts
from luoshi.lexicon import load


@dataclass(frozen=True, slots=True)
class _Cues:
    review: re.Pattern[str]
    plan: re.Pattern[str]
    term: re.Pattern[str]
    content_review: re.Pattern[str]
    content_plan: re.Pattern[str]

@cache
def _cues(plan: int | None) -> _Cues:
    lex = load("reading")
    lead = "(?:" + "|".join(lex["news_leads"]) + ")?"

    def words(key: str) -> list[str]:
        out = []
        for w in lex[key]:
            if "{plan}" in w or "{review}" in w:
                if plan is None:
                    continue
                w = w.replace("{plan}", str(plan)).replace("{review}", str(plan - 1))
            out.append(w)
        return sorted(out, key=len, reverse=True)

    def opener(key: str) -> re.Pattern[str]:
        return re.compile(r"\s*" + lead + "(" + "|".join(map(re.escape, words(key))) + ")")

    def anywhere(key: str) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, words(key))))

    return _Cues(opener("review_openers"), opener("plan_openers"), opener("term_openers"),
                 anywhere("content_review"), anywhere("content_plan"))

def _opener(norm: str, a: int, b: int, cues: _Cues) -> tuple[Part, str] | None:
    for part, pat in (("term", cues.term), ("plan", cues.plan), ("review", cues.review)):
        m = pat.match(norm, a, b)
        if m:
            return part, m.group(1)  # type: ignore[return-value]
    return None

# Which part a paragraph's opening may switch to, from the part the text is in. The plan turns to the
# term goals only on a strong opening (the goals of the term named as such), never on 今后五年 alone.
_SWITCH: dict[Part, set[Part]] = {
    "other": {"review", "plan", "term"},
    "review": {"plan", "term"},
    "term": {"plan", "review"},
    "plan": {"term", "review"},
}

_STRONG_TERM = re.compile(r"十五五.{0,3}时期.{0,12}(?:主要目标|目标任务|发展目标|主要指标)|纲要")

def part_runs(doc: Document, sections: list[Section], facts: ReportFacts) -> list[PartRun]:
    norm = doc.norm
    cues = _cues(facts.year)
    tops = {s.heading.start: s for s in sections if s.level == 1}
    paras = list(paragraphs(norm))
    runs: list[PartRun] = []
    state: Part = "other"
    why = "开头"
    allowed: list[Part] = []  # parts a mixed heading names after its first
    aside_until = -1  # the end of a term paragraph inside the plan, after which the plan goes on
    for k, (a, b) in enumerate(paras):
        if a >= aside_until >= 0:
            state, why, aside_until = "plan", "接续安排", -1
        lead = a + len(norm[a:b]) - len(norm[a:b].lstrip())
        sec = tops.get(lead)
        if sec is not None:
            state, why, allowed = _section_part(doc, sec, paras, k, state, cues, facts)
            aside_until = -1
        else:
            hit = _opener(norm, a, b, cues)
            if hit and hit[0] != state:
                part, cue = hit
                ok = part in allowed or part in _SWITCH[state]
                if ok and state == "plan" and part == "term" and "term" not in allowed:
                    # The plan speaks of the term ahead for one paragraph (or the list it opens).
                    ok = bool(_STRONG_TERM.search(norm, a, min(b, a + 40)))
                    aside_until = list_end(doc.flow, b) if ok else -1
                if ok:
                    state, why = part, f"段首：{cue}"
        _add_run(runs, a, b, state, why)
    # The text between paragraphs belongs to the run before it; the runs cover the whole text.
    if runs:
        runs[0] = PartRun(Span(0, runs[0].span.end), runs[0].part, runs[0].cue)
        for i in range(len(runs) - 1):
            runs[i] = PartRun(Span(runs[i].span.start, runs[i + 1].span.start), runs[i].part, runs[i].cue)
        runs[-1] = PartRun(Span(runs[-1].span.start, len(doc.text)), runs[-1].part, runs[-1].cue)
    return runs

def _add_run(runs: list[PartRun], a: int, b: int, part: Part, why: str) -> None:
    if runs and runs[-1].part == part and runs[-1].cue == why:
        runs[-1] = PartRun(Span(runs[-1].span.start, b), part, why)
    else:
        runs.append(PartRun(Span(a, b), part, why))

def _section_part(
    doc: Document,
    sec: Section,
    paragraphs: list[tuple[int, int]],
    k: int,
    state: Part,
    cues: _Cues,
    facts: ReportFacts,
) -> tuple[Part, str, list[Part]]:
    """The part a top-level section opens, why, and the parts its heading names after the first."""
    norm = doc.norm
    title = norm[sec.heading.start : sec.heading.end]
    named = title_parts(title, facts.year)
    if named:
        return named[0][0], f"标题：{named[0][1]}", [p for p, _ in named[1:]]
    # No part in the heading: the opening of its first paragraphs.
    body = [(a, b) for a, b in paragraphs[k + 1 : k + 4] if a < sec.span.end]
    for a, b in body[:2]:
        hit = _opener(norm, a, b, cues)
        if hit:
            return hit[0], f"段首：{hit[1]}", []
    if state in ("plan", "term"):
        return "plan", "接续安排", []
    # Before the plan: which way the section's own words lean.
    text = norm[sec.span.start : sec.span.end]
    past = len(cues.content_review.findall(text))
    ahead = len(cues.content_plan.findall(text))
    if past > ahead:
        return "review", f"内容：回顾用语 {past} 处", []
    if ahead > past:
        return "plan", f"内容：安排用语 {ahead} 处", []
    return ("review" if state == "review" else "other"), "无线索", []

def part_of(runs: list[PartRun], pos: int) -> Part:
    starts = [r.span.start for r in runs]
    i = bisect_right(starts, pos) - 1
    return runs[i].part if 0 <= i < len(runs) and runs[i].span.contains(pos) else "other"
