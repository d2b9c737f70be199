"""The reading stage: what a report says about itself, read from its content, between the outline
and extraction, so that no rule downstream depends on one report's headings.

    read_report(doc) -> Reading(facts, runs, scopes)

- `facts`: the year the report plans for (and the year its review covers), its region and level of
  government, the meeting date — each with the words that gave it;
- `runs`: the report cut into parts: `review` (last year, or the five years past), `plan` (this
  year), `term` (the goals of the five-year term ahead, 十五五 → 2030) or `other`. A heading decides
  where it says (its year says more than its words: 2026年主要工作 is the plan); where it does not
  (slogans, untitled parts, news summaries), the opening of the section's first paragraphs does
  (过去一年… / 今年是… / “十五五”时期是…), and a section with neither continues the plan once the plan
  has begun. Inside a section, a paragraph that opens a part switches to it (a heading 十四五发展成就
  和十五五主要目标 holds the review of the five years, then the goals).
- `scopes`: target lists opened by a cue (主要预期目标是：…) that last to the end of the list, not
  the sentence, each with the year its targets belong to.

The cues are data (`lexicon/data/reading.yaml`). Modules: years, titles (what a heading says),
text (paragraphs, list ends), facts, parts, scopes.
"""

from __future__ import annotations

from luoshi.document.model import Document, Reading, Section
from luoshi.document.reading.facts import level_of, report_facts, report_year
from luoshi.document.reading.parts import part_of, part_runs
from luoshi.document.reading.scopes import target_scopes
from luoshi.document.reading.titles import title_parts
from luoshi.document.reading.years import five_year_end, term_end, year_in


def read_report(doc: Document, sections: list[Section]) -> Reading:
    """Read `doc`, whose outline is `sections` (their parts are not used: this stage gives them)."""
    facts = report_facts(doc, sections)
    runs = part_runs(doc, sections, facts)
    return Reading(facts, runs, target_scopes(doc, sections, facts, runs))


__all__ = ["five_year_end", "level_of", "part_of", "part_runs", "read_report", "report_facts", "report_year",
           "target_scopes", "term_end", "title_parts", "year_in"]
