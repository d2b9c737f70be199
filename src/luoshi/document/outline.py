"""The outline: the heading tree of a report and the part (review / plan / other) of each section.

Headings are recognised by their markers at the start of a paragraph, ranked from the top:
`一、` > `（一）` > `一是`/`第一，` > `1.` > `（1）`. A paragraph that opens with a marker and a short
sentence (`一是集中突破工业。…`) has that sentence as its heading. Which part of the report each
section stands in (review, plan, term, other) is the reading stage's work (`reading/`).
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
            sec = Section(
                id=len(sections),
                level=level,
                marker=doc.text[start : m.end()],
                title=title,
                heading=Span(start, heading_end),
                span=Span(start, len(doc.text)),
                part="other",  # the reading stage gives each section its part
                parent=parent.id if parent else None,
            )
            if parent:
                parent.children.append(sec.id)
            para_start[sec.id] = p_start
            sections.append(sec)
            stack.append(sec)
            break
    # Close each section where the next section of the same or a higher level begins.
    for i, sec in enumerate(sections):
        for nxt in sections[i + 1 :]:
            if nxt.level <= sec.level:
                # …up to the start of its line, so the next heading's indent is not ours
                sec.span = Span(sec.span.start, max(sec.span.start, para_start[nxt.id]))
                break
    return sections
