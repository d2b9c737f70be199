"""From a Document and its indicators to draft targets: pure, no database (the import stores them).

- `quantified`: one per `target`-stance indicator (borderline `optional` ones left out);
- `item`: one per (1)…(n) list item after a lead-in such as 民生实事, with the quantified targets inside it
  as children;
- `task`: one per task sentence of the plan part (rules in data/tasks.yaml): not a heading, not a short
  theme line, not a sentence all of whose clauses are quantified targets already.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from luoshi.document import Document
from luoshi.document.model import Sentence
from luoshi.extract.model import Indicator
from luoshi.ledger.rules.formatting import value_text

_CLAUSE = re.compile(r"[，；;,]")

# A quantified draft's place among the drafts: (start, end, index of the draft).
Quantified = tuple[int, int, int]


@dataclass
class Draft:
    type: str
    text: str
    evidence: str
    start: int
    end: int
    section: int | None  # Document section id
    section_path: str
    subject: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    kind: str | None = None
    bound: str | None = None
    year: int | None = None
    mention: str | None = None
    measure: str | None = None
    parent: int | None = None  # index of the parent draft
    children: list[int] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        return (
            self.type,
            self.subject,
            self.kind,
            self.section_path,
            self.value,
            self.text if self.type != "quantified" else None,
        )


@cache
def task_rules() -> dict[str, Any]:
    with resources.files("luoshi.ledger").joinpath("data", "tasks.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    for key, typ in (
        ("min_level", int),
        ("skip_paragraphs", list),
        ("theme_max_chars", int),
        ("min_chars", int),
        ("list_leadins", list),
        ("list_marker", str),
    ):
        if not isinstance(data.get(key), typ):
            raise ValueError(f"tasks.yaml: {key} must be a {typ.__name__}")
    return data


def measure_of(kind: str | None, unit: str | None, subject: str | None) -> str:
    """cumulative for amounts built up over the year (新增…户, 建成…万亩), level for rates, shares,
    ranks and indices (judged directly against the target)."""
    if kind in ("growth", "percent", "rank"):
        return "level"
    if (
        not unit
        or "/" in unit
        or any(w in (subject or "") for w in ("率", "占比", "比重", "指数", "强度", "单产"))
    ):
        return "level"
    return "cumulative"


def plan_targets(doc: Document, indicators: list[Indicator], year: int) -> list[Draft]:
    """The draft targets of a report, in text order: quantified targets, list items, task sentences."""
    rules = task_rules()
    drafts: list[Draft] = []
    quant = _add_quantified(drafts, doc, indicators, year)
    item_ranges = _add_list_items(drafts, doc, rules, quant)
    _add_tasks(drafts, doc, rules, quant, item_ranges)
    return _in_text_order(drafts)


def _add_quantified(drafts: list[Draft], doc: Document, indicators: list[Indicator], year: int) -> list[Quantified]:
    """1. One draft per quantified target of this year."""
    text = doc.text
    quant: list[Quantified] = []
    for ind in sorted(indicators, key=lambda i: (i.span[0], i.span[1])):
        # Last year's targets named in the review (完成年初确定的…目标) are not this year's promises,
        # nor are goals of other years (十五五 goals for 2030, 到2027年…): the ledger tracks this year.
        if ind.stance != "target" or ind.optional or ind.part == "review" or ind.year not in (None, year):
            continue
        s0, s1 = ind.span
        ss, se = _sentence_around(doc.sentences, s0)
        sec, path = _path(doc, s0)
        subject = ind.subject_full or ind.subject
        shown = value_text(ind.kind, ind.bound, ind.value, ind.unit, ind.mention, ind.value_max)
        drafts.append(
            Draft(
                type="quantified",
                text=f"{subject}{shown}" if subject else _clause(text, s0, s1, ss, se),
                evidence=text[ss:se],
                start=s0,
                end=s1,
                section=sec,
                section_path=path,
                subject=subject,
                value=ind.value,
                value_max=ind.value_max,
                unit=ind.unit,
                kind=ind.kind,
                bound=ind.bound,
                year=ind.year or year,
                mention=ind.mention,
                measure=measure_of(ind.kind, ind.unit, subject),
            )
        )
        quant.append((s0, s1, len(drafts) - 1))
    return quant


def _add_list_items(
    drafts: list[Draft], doc: Document, rules: dict[str, Any], quant: list[Quantified]
) -> list[tuple[int, int]]:
    """2. List items after a lead-in (十件民生实事): items span from one marker to the next; the
    quantified targets inside an item become its children. Returns the items' ranges."""
    text, norm = doc.text, doc.norm
    marker = re.compile(rules["list_marker"])
    item_ranges: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(norm):
        if doc.part_at(para_start) != "plan":
            continue
        ms = list(marker.finditer(norm, para_start, para_end))
        if len(ms) < 2:
            continue
        lead = norm[para_start : ms[0].start()]
        if not any(w in lead for w in rules["list_leadins"]):
            continue
        for i, m in enumerate(ms):
            a = m.end()
            b = ms[i + 1].start() if i + 1 < len(ms) else para_end
            item = text[a:b].strip().rstrip("；;。，, ")
            sec, path = _path(doc, m.start())
            drafts.append(
                Draft(
                    type="item",
                    text=item,
                    evidence=text[m.start() : b].strip(),
                    start=m.start(),
                    end=a + len(item),
                    section=sec,
                    section_path=path,
                    subject=_list_name(lead, rules["list_leadins"]),
                )
            )
            idx = len(drafts) - 1
            for q0, _q1, qi in quant:
                if m.start() <= q0 < b and drafts[qi].parent is None:
                    drafts[qi].parent = idx
                    drafts[idx].children.append(qi)
            item_ranges.append((m.start(), b))
    return item_ranges


def _add_tasks(
    drafts: list[Draft],
    doc: Document,
    rules: dict[str, Any],
    quant: list[Quantified],
    item_ranges: list[tuple[int, int]],
) -> None:
    """3. Task sentences of the plan part, each named by the theme line or the section above it."""
    text, norm = doc.text, doc.norm
    skip = [re.compile(p) for p in rules["skip_paragraphs"]]
    headings = [(s.heading.start, s.heading.end) for s in doc.sections]
    by_id = {s.id: s for s in doc.sections}
    para_first: dict[int, int] = {}
    for s in doc.sentences:
        para_first.setdefault(s.paragraph, s.span.start)
    theme = ""
    for s in doc.sentences:
        a, b = s.span.start, s.span.end
        tsec = doc.section_at(a)
        if tsec is None or doc.part_at(a) != "plan" or tsec.level < rules["min_level"]:
            continue
        if any(h0 <= a < h1 or a <= h0 < b for h0, h1 in headings):
            theme = ""
            continue
        if any(r0 <= a < r1 or a <= r0 < b for r0, r1 in item_ranges):
            continue
        para_text = norm[para_first[s.paragraph] : b]
        if any(p.match(para_text.lstrip()) for p in skip):
            continue
        body = s.text.strip().rstrip("。！？")
        if len(body) < rules["min_chars"]:
            continue
        if len(body) <= rules["theme_max_chars"] and not _CLAUSE.search(body):
            theme = body  # names the tasks after it; a task itself too (深化高职高专改革。)
        if _all_quantified(text, a, b, quant):
            continue
        _sec_id, path = _path(doc, a)
        drafts.append(
            Draft(
                type="task",
                text=body,
                evidence=s.text,
                start=a,
                end=b,
                section=tsec.id,
                section_path=path,
                subject=theme or by_id[tsec.id].title.rstrip("。"),
            )
        )


def _all_quantified(text: str, a: int, b: int, quant: list[Quantified]) -> bool:
    """Every clause of text[a:b] holds a quantified target already (then the sentence is no task)."""
    clauses = _clause_spans(text, a, b)
    return bool(clauses) and all(any(c0 <= q0 < c1 for q0, _q1, _qi in quant) for c0, c1 in clauses)


def _in_text_order(drafts: list[Draft]) -> list[Draft]:
    """The drafts sorted by position (an item before the quantified targets inside it), with parent
    and children indices renumbered to match."""
    order = sorted(
        range(len(drafts)),
        key=lambda i: (drafts[i].start, 0 if drafts[i].type != "quantified" else 1, drafts[i].end),
    )
    remap = {old: new for new, old in enumerate(order)}
    out = [drafts[i] for i in order]
    for d in out:
        d.parent = remap[d.parent] if d.parent is not None else None
        d.children = [remap[c] for c in d.children]
    return out


def _sentence_around(sentences: list[Sentence], pos: int) -> tuple[int, int]:
    for s in sentences:
        if s.span.start <= pos < s.span.end:
            return s.span.start, s.span.end
    return pos, pos


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """The comma-delimited clause of text[lo:hi] around [start, end)."""
    a = start
    while a > lo and not _CLAUSE.match(text[a - 1]) and text[a - 1] not in "。：:":
        a -= 1
    b = end
    while b < hi and not _CLAUSE.match(text[b]) and text[b] not in "。":
        b += 1
    return text[a:b].strip()


def _path(doc: Document, pos: int) -> tuple[int | None, str]:
    path = doc.section_path(pos)
    return (path[-1].id if path else None), " / ".join(s.label for s in path)


def _list_name(lead: str, words: list[str]) -> str:
    """The list's name from its lead-in: the quoted name (十件民生实事) or the last clause."""
    for m in re.finditer(r"[“\"]([^”\"]{2,20})[”\"]", lead):
        if any(w in m.group(1) for w in words):
            return m.group(1)
    return re.split(r"[。！？，：:]", lead.strip().rstrip("：: "))[-1][-20:]


def _clause_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    start = a
    for i in range(a, b):
        if _CLAUSE.match(text[i]) or text[i] in "。":
            if text[start:i].strip():
                out.append((start, i))
            start = i + 1
    if text[start:b].strip():
        out.append((start, b))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans
