"""The outline: the heading tree of a report and the part (review / plan / other) of each section.

Headings are recognised by their markers at the start of a paragraph, ranked from the top:
`一、` > `（一）` > `一是`/`第一，` > `1.` > `（1）`. A paragraph that opens with a marker and a short
sentence (`一是集中突破工业。…`) has that sentence as its heading. The part of a top-level section
comes from its title (`2023年工作回顾` → review, `2024年工作安排` → plan); sub-sections inherit it.
"""

from __future__ import annotations

import re

from luoshi.document.model import Document, Part, Section, Span
from luoshi.lexicon import load

_CN = "一二三四五六七八九十"
_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"(?:[{_CN}]{{1,3}}、|第[{_CN}]{{1,3}}部分\s*)")),
    (2, re.compile(rf"（[{_CN}]{{1,3}}）")),
    (3, re.compile(rf"(?:[{_CN}]{{1,3}}是|第[{_CN}]{{1,3}}[，、：])")),
    (4, re.compile(r"\d{1,2}[.、](?!\d)")),
    (5, re.compile(r"（\d{1,2}）")),
]
# A line with no marker that names a part of the report is a top-level heading too
# (`2023年工作回顾`, `今年工作安排`): it must be short and hold a part word.
_PART_LINE = re.compile(r"(?=\S)")


def _is_part_line(norm: str, start: int, end: int) -> bool:
    line = norm[start:end].strip()
    if not line or len(line) > 24 or line[-1] in "。；，：！？":
        return False
    return _classify_part(line) != "other" and any(w in line for w in ("工作", "回顾", "任务", "目标", "安排"))


# A heading title ends at the first full stop, or at the end of a short line.
_TITLE_END = re.compile(r"[。！？]")
_MAX_TITLE = 60


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        spans.append((pos, end))
        pos += len(line)
    return spans


def _classify_part(title: str) -> Part:
    lex = load("outline")
    for word in lex["plan_words"]:
        if word in title:
            return "plan"
    for word in lex["review_words"]:
        if word in title:
            return "review"
    return "other"


def build_outline(doc: Document) -> list[Section]:
    norm = doc.norm
    sections: list[Section] = []
    stack: list[Section] = []
    para_start: dict[int, int] = {}  # section id → start of its line, indent included
    consumed: set[int] = set()  # lines taken as the title of a marker alone on the line before
    paragraphs = _paragraphs(norm)
    for k, (p_start, p_end) in enumerate(paragraphs):
        # Skip the indent that copies of reports put before a paragraph.
        start = p_start
        while start < p_end and norm[start] in " \t":
            start += 1
        if start >= p_end or p_start in consumed:
            continue
        for level, pattern in [*_MARKERS, (1, _PART_LINE)]:
            m = pattern.match(norm, start, p_end)
            if not m or (pattern is _PART_LINE and not _is_part_line(norm, start, p_end)):
                continue
            rest_start = m.end()
            if not norm[rest_start:p_end].strip() and level <= 2:
                # A marker alone on its line (一、): the next non-empty line is its title.
                line = next(((a, b) for a, b in paragraphs[k + 1 :] if norm[a:b].strip()), None)
                if line is None:
                    break
                indent = len(norm[line[0] : line[1]]) - len(norm[line[0] : line[1]].lstrip())
                rest_start, p_end = line[0] + indent, line[1]
                consumed.add(line[0])
            stop = _TITLE_END.search(norm, rest_start, p_end)
            title_end = stop.start() if stop else p_end
            if title_end - rest_start > _MAX_TITLE or title_end == rest_start:
                # A long run-on paragraph: take up to the first comma-free stretch only if it is short.
                if level >= 4:
                    break
                title_end = min(title_end, rest_start + _MAX_TITLE)
            heading_end = stop.end() if stop and stop.start() == title_end else title_end
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            title = doc.text[rest_start:title_end].strip()
            part: Part = parent.part if parent else _classify_part(norm[rest_start:title_end])
            sec = Section(
                id=len(sections),
                level=level,
                marker=doc.text[start : m.end()],
                title=title,
                heading=Span(start, heading_end),
                span=Span(start, len(doc.text)),
                part=part,
                parent=parent.id if parent else None,
            )
            if parent:
                parent.children.append(sec.id)
            para_start[sec.id] = p_start
            sections.append(sec)
            stack.append(sec)
            break
    _parts_by_year(doc, sections)
    # Close each section where the next section of the same or a higher level begins.
    for i, sec in enumerate(sections):
        for nxt in sections[i + 1 :]:
            if nxt.level <= sec.level:
                # …up to the start of its line, so the next heading's indent is not ours
                sec.span = Span(sec.span.start, max(sec.span.start, para_start[nxt.id]))
                break
    return sections


_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")


def _parts_by_year(doc: Document, sections: list[Section]) -> None:
    """Top-level headings that carry a year: the one after the review's year is the plan
    (一、2023年工作回顾 … 二、2024年主要工作), whatever words it uses."""
    tops = [s for s in sections if s.level == 1]
    years: dict[int, int] = {}
    for s in tops:
        y = _year_in(doc.norm[s.heading.start : s.heading.end])
        if y:
            years[s.id] = y
    review_years = [years[s.id] for s in tops if s.part == "review" and s.id in years]
    changed: set[int] = set()
    if review_years:
        first_review = min(review_years)
        for s in tops:
            y = years.get(s.id)
            if y is not None and y > first_review and s.part != "plan":
                s.part = "plan"
                changed.add(s.id)
    else:
        # 一、过去一年的工作 … 三、扎实做好2024年各项工作: after a review with no year, a heading that
        # names a year is the plan.
        seen_review = False
        for s in tops:
            if s.part == "review":
                seen_review = True
            elif seen_review and s.part == "other" and s.id in years:
                s.part = "plan"
                changed.add(s.id)
    for s in sections:  # sub-sections follow their top-level heading
        if s.parent is not None and s.parent in changed:
            changed.add(s.id)
            s.part = "plan"
_CN_YEAR = re.compile(r"([一二〇○零三四五六七八九]{4})\s*年")
_CN_DIGIT = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
             "七": "7", "八": "8", "九": "9"}


def _year_in(text: str) -> int | None:
    """The first year written in digits or in Chinese numerals (2023年, 二〇二三年)."""
    m = _YEAR_IN_TITLE.search(text)
    if m:
        return int(m.group(1))
    c = _CN_YEAR.search(text)
    if c:
        y = int("".join(_CN_DIGIT[ch] for ch in c.group(1)))
        if 1949 <= y <= 2100:
            return y
    return None


def report_year(doc: Document) -> int | None:
    """The year a report plans for: the plan heading's year, else the review heading's year + 1,
    else the year in the title line (`2014年株洲市政府工作报告`)."""
    secs = [s for s in doc.sections if s.level == 1]
    for want, delta in (("plan", 0), ("review", 1)):
        for s in secs:
            if s.part == want:
                y = _year_in(doc.norm[s.heading.start : s.heading.end])
                if y:
                    return y + delta
    head = doc.norm[:400]
    m = re.search(r"((?:19|20)\d\d)\s*年[^。\n]{0,20}政府工作报告", head)
    if m:
        return int(m.group(1))
    m = re.search(r"((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", head)
    if m:
        return int(m.group(1))
    y = _year_in(head) if _CN_YEAR.search(head) else None
    if y:
        return y
    m = re.search(r"((?:19|20)\d\d)\s*年[^。\n]{0,12}工作回顾", doc.norm)
    if m:
        return int(m.group(1)) + 1
    return None
