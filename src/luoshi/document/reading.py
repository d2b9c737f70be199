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

The cues are data (`lexicon/data/reading.yaml`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from luoshi.document.model import Document, Part, PartRun, Reading, ReportFacts, Section, Span, TargetScope
from luoshi.lexicon import load

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_CN_YEAR = re.compile(r"([一二〇○零三四五六七八九]{4})\s*年")
_CN_DIGIT = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}
_FIVE_YEAR = re.compile(r"十([一二三四五六七八九]?)五")
_FIVE_YEAR_START = {"": 2001, "一": 2006, "二": 2011, "三": 2016, "四": 2021, "五": 2026, "六": 2031, "七": 2036}


def read_report(doc: Document, sections: list[Section]) -> Reading:
    """Read `doc`, whose outline is `sections` (their parts are not used: this stage gives them)."""
    facts = report_facts(doc, sections)
    runs = part_runs(doc, sections, facts)
    return Reading(facts, runs, target_scopes(doc, sections, facts, runs))


# ------------------------------------------------------------------------------------------- years


def year_in(text: str) -> int | None:
    """The first year written in digits or in Chinese numerals (2023年, 二〇二三年)."""
    m = _YEAR.search(text)
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
    m = _FIVE_YEAR.search(text)
    if not m:
        return None
    start = _FIVE_YEAR_START.get(m.group(1))
    return start + 4 if start else None


def term_end(year: int | None) -> int | None:
    """The last year of the five-year plan period that `year` belongs to (2026 → 2030)."""
    if year is None:
        return None
    return 2026 + 5 * ((year - 2026) // 5) + 4


# ------------------------------------------------------------------------------------------- facts


def report_facts(doc: Document, sections: list[Section]) -> ReportFacts:
    lex = load("reading")
    head = doc.norm[:2000]
    cues: dict[str, str] = {}
    year: int | None = None
    date: str | None = None
    region: str | None = None
    m = re.search(lex["meeting_line"], head)
    if m:
        year, date = _date(m)
        cues["year"] = cues["date"] = m.group(0)
        region = _region_name(m.group(4))
        if region:
            cues["region"] = m.group(0)
    lines = [line.strip() for line in head.splitlines()[:30]]
    if year is None:
        for line in lines[:12]:
            d = re.match(lex["date_line"], line)
            if d:
                year, date = _date(d)
                cues["year"] = cues["date"] = line
                break
    for line in lines:
        if len(line) > 40 or "政府工作报告" not in line:
            continue
        t = re.search(lex["title_line"], line)
        if not t:
            continue
        ty = year_in(line)  # 2026年某省政府工作报告, 某省人民政府工作报告（2023年1月14日）
        if year is None and ty:
            year, cues["year"] = ty, line
        if region is None:
            region = _region_name(t.group(2))
            if region:
                cues["region"] = line
        break
    if region is None:
        for line in lines[:15]:
            ld = re.match(lex["leader_line"], line)
            region = _region_name(ld.group(1)) if ld else None
            if region:
                cues["region"] = line
                break
    if year is None:
        year, why = _year_from_headings(doc, sections)
        if year is None:
            year, why = _year_from_text(doc.norm)
        if year is not None:
            cues["year"] = why
    level = level_of(region) if region else None
    return ReportFacts(year=year, review_year=year - 1 if year else None, term_end=term_end(year),
                       region=region, level=level, date=date, cues=cues)


_CN_SMALL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _small_number(s: str) -> int:
    """1–31 in digits or in Chinese numerals (十四, 二十三, 三十一)."""
    if s.isdigit():
        return int(s)
    tens, _, ones = s.rpartition("十")
    if "十" not in s:
        return _CN_SMALL.get(s, 0)
    return (_CN_SMALL.get(tens, 1) if tens else 1) * 10 + _CN_SMALL.get(ones, 0)


def _date(m: re.Match[str]) -> tuple[int | None, str | None]:
    """The year and the date (YYYY-MM-DD) of a matched date, written in digits or Chinese numerals."""
    year = year_in(m.group(1) + "年")
    if year is None:
        return None, None
    month, day = _small_number(m.group(2)), _small_number(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return year, None
    return year, f"{year:04d}-{month:02d}-{day:02d}"


def _region_name(raw: str) -> str | None:
    lex = load("reading")
    name = re.sub(r"^[（(][^）)]{0,12}[）)]", "", raw.strip()).strip(" 　“”\"")
    name = re.sub(r"^(?:(?:19|20)\d\d|[一二〇○零三四五六七八九]{4})\s*年", "", name)
    for p in lex["region_prefixes"]:
        if name.startswith(p) and len(name) > len(p) + 1:
            name = name[len(p) :]
    if name.endswith("人民"):
        name = name[:-2]
    if name in lex["provincial_cities"]:
        return name if name.endswith("市") else name + "市"
    if any(name.endswith(s) for s in lex["region_suffixes"]) and 2 <= len(name) <= 20:
        return name
    return None


def level_of(region: str) -> str | None:
    lex = load("reading")
    if region in lex["provincial_cities"]:
        return "省"
    for suffix, level in sorted(lex["region_suffixes"].items(), key=lambda kv: -len(kv[0])):
        if region.endswith(suffix):
            return str(level)
    return None


def _year_from_headings(doc: Document, sections: list[Section]) -> tuple[int | None, str]:
    """A top-level heading that names a year and a part: the plan's year, or the review's year + 1."""
    tops = [doc.norm[s.heading.start : s.heading.end].strip() for s in sections if s.level == 1]
    for want, delta in (("plan", 0), ("review", 1)):
        for title in tops:
            y = year_in(title)
            if y and _words_part(title) == want and not _has_term_word(title):
                return y + delta, title
    # “十三五”时期工作回顾: the review of a five-year term; the report plans for the year after it.
    for title in tops:
        end = five_year_end(title)
        if end and _words_part(title) == "review":
            return end + 1, title
    # 一、过去一年的工作 … 二、扎实做好2024年各项工作: after a review, a heading that names a year.
    seen_review = False
    for title in tops:
        y = year_in(title)
        if seen_review and y and not _has_term_word(title):
            return y, title
        seen_review = seen_review or _words_part(title) == "review"
    return None, ""


_PLANNED_YEAR = re.compile(
    r"(?:做好|抓好|推进)((?:19|20)\d\d)\s*年"
    r"|((?:19|20)\d\d)\s*年[^。，；\d\n]{0,10}?(?:主要预期目标|预期目标|主要目标|工作安排|重点工作|政府工作|各项工作)"
)


def _year_from_text(norm: str) -> tuple[int | None, str]:
    """No title, date or headed part (a passage, a news summary): a year the text plans for, else the
    year after the latest year it reports on (targets of 到2030年 and the like left aside)."""
    m = _PLANNED_YEAR.search(norm)
    if m:
        return int(m.group(1) or m.group(2)), m.group(0)
    years = [int(y.group(1)) for y in _YEAR.finditer(norm)
             if not re.search(r"(到|至|截至|于)\s*$", norm[max(0, y.start() - 3) : y.start()])
             and not _GOAL_AFTER_YEAR.match(norm, y.end())]
    years = [y for y in years if 1949 <= y <= 2100]
    if not years:
        return None, ""
    latest = max(years)
    return latest + 1, f"{latest}年"


# After a year, words that make it a goal's year, not one the text reports on (2035年基本实现…).
_GOAL_AFTER_YEAR = re.compile(r"[^，。；\n]{0,4}?(远景|以前|之前|以来|前|基本实现|全面建成|基本建成|目标|规划)")


# ------------------------------------------------------------------------------------------- parts


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


def _has_term_word(title: str) -> bool:
    return any(w in title for w in load("reading")["term_words"])


def _words_part(title: str) -> Part:
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
    for m in _YEAR.finditer(title):
        y = int(m.group(1))
        if plan is None:
            continue
        part: Part = "plan" if y == plan else "review" if y < plan else "term"
        hits.append((m.start(), part, m.group(0), True))
    for m in _FIVE_YEAR.finditer(title):
        end = five_year_end(m.group(0))
        if end is None:
            continue
        if plan is None:  # no year known: the heading's own words say whether the term is past
            part = "review" if _words_part(title) == "review" else "term"
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


_ELLIPSIS = re.compile(r"…{2,}|\.{6}")


def _paragraphs(norm: str) -> Iterator[tuple[int, int]]:
    """Lines with text; passages joined by …… (excerpts of a report in a news story) are paragraphs
    of their own, so that each may open a part."""
    pos = 0
    for line in norm.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        a = pos
        for m in _ELLIPSIS.finditer(norm, pos, end):
            if norm[a : m.start()].strip():
                yield a, m.start()
            a = m.end()
        if norm[a:end].strip():
            yield a, end
        pos += len(line)


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
    paragraphs = list(_paragraphs(norm))
    runs: list[PartRun] = []
    state: Part = "other"
    why = "开头"
    allowed: list[Part] = []  # parts a mixed heading names after its first
    aside_until = -1  # the end of a term paragraph inside the plan, after which the plan goes on
    for k, (a, b) in enumerate(paragraphs):
        if a >= aside_until >= 0:
            state, why, aside_until = "plan", "接续安排", -1
        lead = a + len(norm[a:b]) - len(norm[a:b].lstrip())
        sec = tops.get(lead)
        if sec is not None:
            state, why, allowed = _section_part(doc, sec, paragraphs, k, state, cues, facts)
            aside_until = -1
        else:
            hit = _opener(norm, a, b, cues)
            if hit and hit[0] != state:
                part, cue = hit
                ok = part in allowed or part in _SWITCH[state]
                if ok and state == "plan" and part == "term" and "term" not in allowed:
                    # The plan speaks of the term ahead for one paragraph (or the list it opens).
                    ok = bool(_STRONG_TERM.search(norm, a, min(b, a + 40)))
                    aside_until = _list_end(doc.flow, b) if ok else -1
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


# ------------------------------------------------------------------------------------------ scopes


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
        end = _list_end(flow, m.end())
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


def _list_end(flow: str, pos: int) -> int:
    """The end of a target list that starts at `pos`: its paragraph, and the lines after it while
    each line before ends in ；or ：(one item a line)."""
    end = flow.find("\n", pos)
    while end >= 0:
        line = flow[flow.rfind("\n", 0, end) + 1 : end].rstrip()
        if not line.endswith(("；", ";", "：", ":")):
            break
        nxt = flow.find("\n", end + 1)
        if nxt < 0:
            return len(flow)
        if not flow[end + 1 : nxt].strip():
            break
        end = nxt
    return len(flow) if end < 0 else end


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


def report_year(doc: Document) -> int | None:
    """The year a report plans for (its facts; `doc` must be built)."""
    return doc.facts.year


def part_of(runs: list[PartRun], pos: int) -> Part:
    starts = [r.span.start for r in runs]
    i = bisect_right(starts, pos) - 1
    return runs[i].part if 0 <= i < len(runs) and runs[i].span.contains(pos) else "other"


__all__ = ["five_year_end", "level_of", "part_of", "read_report", "report_facts", "report_year", "term_end", "title_parts",
           "year_in"]
