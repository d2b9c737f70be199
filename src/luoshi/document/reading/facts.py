"""A report's facts: the year it plans for (and its review year and five-year term end), its region
and level of government, the meeting date, each with the words that gave it. From the congress line,
a date alone near the top, the title, the head of government's line; else the headings; else, for a
summary or a passage, the years its text names."""

from __future__ import annotations

import re

from luoshi.document.model import Document, ReportFacts, Section
from luoshi.document.reading.titles import has_term_word, words_part
from luoshi.document.reading.years import YEAR, five_year_end, term_end, year_in
from luoshi.lexicon import load


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
            if y and words_part(title) == want and not has_term_word(title):
                return y + delta, title
    # “十三五”时期工作回顾: the review of a five-year term; the report plans for the year after it.
    for title in tops:
        end = five_year_end(title)
        if end and words_part(title) == "review":
            return end + 1, title
    # 一、过去一年的工作 … 二、扎实做好2024年各项工作: after a review, a heading that names a year.
    seen_review = False
    for title in tops:
        y = year_in(title)
        if seen_review and y and not has_term_word(title):
            return y, title
        seen_review = seen_review or words_part(title) == "review"
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
    years = [int(y.group(1)) for y in YEAR.finditer(norm)
             if not re.search(r"(到|至|截至|于)\s*$", norm[max(0, y.start() - 3) : y.start()])
             and not _GOAL_AFTER_YEAR.match(norm, y.end())]
    years = [y for y in years if 1949 <= y <= 2100]
    if not years:
        return None, ""
    latest = max(years)
    return latest + 1, f"{latest}年"

# After a year, words that make it a goal's year, not one the text reports on (2035年基本实现…).
_GOAL_AFTER_YEAR = re.compile(r"[^，。；\n]{0,4}?(远景|以前|之前|以来|前|基本实现|全面建成|基本建成|目标|规划)")

def report_year(doc: Document) -> int | None:
    """The year a report plans for (its facts; `doc` must be built)."""
    return doc.facts.year
