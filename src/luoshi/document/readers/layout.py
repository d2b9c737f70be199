"""From positioned text on pages to the text of a report: one engine for PDF text layers, OCR and OFD.

Every reader that sees text only as positioned pieces (PDF glyphs, OCR lines, OFD text objects) hands
them here as `Piece`s. Then, page by page:

1. pieces on one row join into segments; a gap wider than a character or two cuts the row, since it
   is a gutter between columns or a gap between table cells;
2. a page set in two columns is read left column first, then right; a title or a paragraph running
   across both columns divides the page into bands read one after another;
3. page numbers and running headers/footers (the same line at the top or foot of most pages) go;
4. lines join into paragraphs: a line ends its paragraph when it stops short of its column's right
   edge, when the next line is indented (Chinese paragraphs open with a two-character indent), when a
   wider gap follows, or when the next line opens with a heading marker (`一、`, `（二）` …); in a
   document without indents a line that ends a sentence also ends its paragraph. A paragraph running
   over a page (or a column) joins with no break, so a sentence or a number cut there reads whole.

The text is built from the lines, so offsets point into the text shown; each page becomes a
`SourcePart`, and each line read by OCR an `OcrSpan` with its confidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from luoshi.document.model import OcrSpan, SourcePart

_SENTENCE_END = tuple("。！？：；”’」』…!?;:")
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~～·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?[\s\-—–－~～·•]*$"
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|第[一二三四五六七八九十]{1,3}[，、：]|\d{1,2}[.、．](?!\d))"
)
_DIGITS = re.compile(r"\d+")
ROW_GAP = 1.5  # a gap wider than this many character heights cuts a row into segments
SPANNING = -1  # the column of a segment running across a two-column page's gutter


@dataclass(frozen=True, slots=True)
class Piece:
    """Text at a place on a page: a glyph or word of a PDF, an OCR line, an OFD text object.

    Coordinates grow rightwards and downwards (top < bottom) in any unit, the same for one page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    confidence: float | None = None  # OCR's confidence, 0–1; None for typed text

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Line:
    """Pieces of one row that read on without a gutter between them."""

    pieces: list[Piece]
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    page: int = 0
    column: int = 0
    confidence: float | None = None
    weights: list[tuple[int, float]] = field(default_factory=list)  # (characters, confidence) per piece

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _join(pieces: list[Piece]) -> Line:
    text = ""
    size = _median([p.height for p in pieces]) or 1.0
    prev: Piece | None = None
    for p in pieces:
        t = p.text
        # Spaces are layout, not text: only two Latin words or numbers side by side keep one between them.
        if prev is not None and text and text[-1].isascii() and text[-1].isalnum() and t[:1].isascii() \
                and t[:1].isalnum() and p.x0 - prev.x1 > 0.2 * size:
            text += " "
        text += t
        prev = p
    confs = [(len(p.text), p.confidence) for p in pieces if p.confidence is not None]
    weight = sum(n for n, _ in confs)
    conf = sum(n * c for n, c in confs) / weight if weight else None
    return Line(pieces, text, min(p.x0 for p in pieces), min(p.top for p in pieces),
                max(p.x1 for p in pieces), max(p.bottom for p in pieces), pieces[0].page,
                confidence=conf, weights=[(n, c) for n, c in confs])


def make_lines(pieces: Iterable[Piece]) -> list[Line]:
    """Pieces of one page grouped into rows (by vertical overlap) and rows cut at wide gaps."""
    items = sorted((p for p in pieces if p.text.strip()), key=lambda p: (p.top, p.x0))
    rows: list[list[Piece]] = []
    row_top = row_bottom = 0.0
    for p in items:
        mid = (p.top + p.bottom) / 2
        if rows and row_top <= mid <= row_bottom:
            rows[-1].append(p)
            row_bottom = max(row_bottom, min(p.bottom, row_top + 2 * (row_bottom - row_top)))
        else:
            rows.append([p])
            row_top, row_bottom = p.top, p.bottom
    lines = []
    for row in rows:
        row.sort(key=lambda p: p.x0)
        size = _median([p.height for p in row]) or 1.0
        seg = [row[0]]
        for a, b in pairwise(row):
            if b.x0 - a.x1 > ROW_GAP * size:
                lines.append(_join(seg))
                seg = []
            seg.append(b)
        lines.append(_join(seg))
    for ln in lines:
        ln.text = ln.text.strip()
    return [ln for ln in lines if ln.text]


def _median(values: Sequence[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if s else 0.0


def find_gutter(lines: Sequence[Line]) -> float | None:
    """The x of the gutter of a page set in two columns, or None for one column.

    Two columns: an empty strip in the middle third of the page that most lines keep to one side of,
    with lines of text (not short table cells) on both sides, side by side on the same rows."""
    if len(lines) < 6:
        return None
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = right - left
    size = _median([ln.height for ln in lines]) or 1.0
    best: tuple[int, float] | None = None
    steps = 60
    for i in range(steps // 3, 2 * steps // 3 + 1):
        g = left + width * i / steps
        crossing = sum(1 for ln in lines if ln.x0 < g - 0.2 * size and ln.x1 > g + 0.2 * size)
        if crossing > 0.2 * len(lines):
            continue
        lhs = [ln for ln in lines if ln.x1 <= g + 0.2 * size]
        rhs = [ln for ln in lines if ln.x0 >= g - 0.2 * size]
        if len(lhs) < 3 or len(rhs) < 3:
            continue
        # Text columns: lines run most of the way across their column.
        if _median([ln.x1 - ln.x0 for ln in lhs]) < 0.3 * width or _median([ln.x1 - ln.x0 for ln in rhs]) < 0.3 * width:
            continue
        beside = sum(1 for a in lhs if any(b.top < a.bottom and a.top < b.bottom for b in rhs))
        if beside < 3:
            continue
        score = min(len(lhs), len(rhs)) - crossing
        if best is None or score > best[0]:
            best = (score, g)
    return best[1] if best else None


def reading_order(lines: list[Line]) -> list[Line]:
    """One page's lines in reading order, with `column` set: 0 (left or only), 1 (right) or SPANNING."""
    gutter = find_gutter(lines)
    by_row = sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
    if gutter is None:
        for ln in by_row:
            ln.column = 0
        return by_row
    out: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        out.extend(sorted((ln for ln in band if ln.column == 0), key=lambda ln: ln.top))
        out.extend(sorted((ln for ln in band if ln.column == 1), key=lambda ln: ln.top))
        band.clear()

    for ln in by_row:
        if ln.x1 <= gutter + 0.2 * ln.height:
            ln.column = 0
        elif ln.x0 >= gutter - 0.2 * ln.height:
            ln.column = 1
        else:
            ln.column = SPANNING
            flush()
            out.append(ln)
            continue
        band.append(ln)
    flush()
    return out


def drop_furniture(pages: list[list[Line]]) -> None:
    """Remove page numbers and running headers/footers in place: lines at the very top or foot of a
    page that are a page number, or that repeat (digits aside) on most pages."""
    n_pages = sum(1 for p in pages if p)
    counts: Counter[tuple[str, str]] = Counter()
    if n_pages >= 3:
        for lines in pages:
            for where, edge in (("head", _edge(lines, top=True)), ("foot", _edge(lines, top=False))):
                for key in {_DIGITS.sub("#", ln.text) for ln in edge}:
                    counts[where, key] += 1
    # Books alternate headers on odd and even pages: each still shows on 40 % of them.
    threshold = max(3, math.ceil(0.4 * n_pages))

    def furniture(line: Line, where: str) -> bool:
        if _PAGE_NUMBER.match(line.text):
            return True
        return counts[where, _DIGITS.sub("#", line.text)] >= threshold and len(line.text) <= 60

    for lines in pages:
        # A header may sit above a page number, or the reverse: peel up to two rows at each end.
        for _ in range(2):
            for where, top in (("foot", False), ("head", True)):
                for ln in _edge(lines, top=top):
                    if furniture(ln, where):
                        lines.remove(ln)


def _edge(lines: list[Line], top: bool) -> list[Line]:
    """The lines of the top (or bottom) row of a page, by position rather than reading order."""
    if not lines:
        return []
    if top:
        first = min(ln.top for ln in lines)
        return [ln for ln in lines if ln.top <= first + 0.5 * ln.height]
    last = max(ln.bottom for ln in lines)
    return [ln for ln in lines if ln.bottom >= last - 0.5 * ln.height]


def _margins(lines: list[Line]) -> tuple[float, float]:
    """The left margin (the most common line start) and the right margin (where full lines end)."""
    size = _median([ln.height for ln in lines]) or 1.0
    left = Counter(round(ln.x0 / size * 4) for ln in lines).most_common(1)[0][0] * size / 4
    x1s = sorted(ln.x1 for ln in lines)
    right = x1s[int(len(x1s) * 0.9)] if len(x1s) >= 5 else x1s[-1]
    return left, right


def _few_margins(group: list[Line], lines: list[Line], whole: tuple[float, float]) -> tuple[float, float]:
    """Margins for a page or column with too few lines to count: a line across both columns spans the
    page's outer edges; a column runs from its leftmost line to its widest (the left one) or to the
    document's right margin (the right one); a short single-column page takes the document's."""
    column = group[0].column
    page = [ln for ln in lines if ln.page == group[0].page]
    if column == SPANNING:
        return min(ln.x0 for ln in page), max(ln.x1 for ln in page)
    if column == 0 and any(ln.column == 1 for ln in page):
        return min(ln.x0 for ln in group), max(ln.x1 for ln in group)
    if column == 1:
        return min(ln.x0 for ln in group), max(whole[1], max(ln.x1 for ln in group))
    return whole


def paragraph_breaks(lines: list[Line]) -> list[bool]:
    """For each line but the last: does its paragraph end there?"""
    size = _median([ln.height for ln in lines]) or 12.0
    # Margins per page and column when there are enough lines: printed reports mirror odd and even pages.
    left_all, right_all = _margins(lines)
    groups: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for ln in lines:
        groups[ln.page, ln.column].append(ln)
    margins = {key: _margins(group) if len(group) >= 6 else _few_margins(group, lines, (left_all, right_all))
               for key, group in groups.items()}
    edge = [margins[ln.page, ln.column] for ln in lines]
    indented = [m[0] + 1.2 * size <= ln.x0 <= m[0] + 4.5 * size for ln, m in zip(lines, edge, strict=True)]
    indent_style = sum(indented) >= max(2, 0.05 * len(lines))
    gaps = [b.top - a.bottom for a, b in pairwise(lines)
            if a.page == b.page and a.column == b.column and b.top > a.bottom]
    gap = _median(gaps)
    breaks = []
    for i, (a, b) in enumerate(pairwise(lines)):
        short = a.x1 < edge[i][1] - 2 * size
        wide_gap = a.page == b.page and a.column == b.column and b.top - a.bottom > gap + 0.6 * size
        ends = a.text.endswith(_SENTENCE_END)
        # In an indented document a heading is indented too; an unindented `（1）` after a full line
        # is more likely a list running on (`…十件实事：（1）…`) than a heading.
        heading = bool(_HEADING.match(b.text)) and (not indent_style or a.text.endswith(("。", "！", "？")))
        spanning = (a.column == SPANNING) != (b.column == SPANNING) and a.page == b.page
        breaks.append(
            heading or short or spanning
            or (indent_style and indented[i + 1])
            or (wide_gap and len(gaps) >= 3)
            or (ends and not indent_style)
        )
    return breaks


@dataclass
class Laid:
    """The text of a report laid out from its pages, with where each page and OCR line went."""

    text: str
    sources: list[SourcePart]
    ocr: list[OcrSpan]


def lay_out(pages: list[list[Piece]], page_label: str = "第 {n} 页") -> Laid:
    """The report text from the pieces of each page (page numbers count from 1 in the labels)."""
    ordered = [reading_order(make_lines(pieces)) for pieces in pages]
    drop_furniture(ordered)
    lines = [ln for page in ordered for ln in page]
    if not lines:
        return Laid("", [], [])
    breaks = paragraph_breaks(lines)
    parts: list[str] = []
    sources: list[SourcePart] = []
    ocr: list[OcrSpan] = []
    pos = 0
    page_start = 0
    page_conf: list[tuple[int, float]] = []

    def close_page(page: int) -> None:
        conf = None
        if page_conf:
            conf = round(sum(n * c for n, c in page_conf) / max(sum(n for n, _ in page_conf), 1), 4)
        label = page_label.format(n=page + 1)
        sources.append(SourcePart(page_start, pos, label + ("（OCR）" if conf is not None else ""), conf))
        page_conf.clear()

    for i, ln in enumerate(lines):
        if i > 0:
            prev = lines[i - 1]
            if breaks[i - 1]:
                sep = "\n"
            elif prev.text[-1].isascii() and prev.text[-1].isalpha() and ln.text[0].isascii() and ln.text[0].isalpha():
                sep = " "  # an English word wrapped at a space
            else:
                sep = ""
            if prev.page != ln.page:
                close_page(prev.page)
                page_start = pos + len(sep)
            parts.append(sep)
            pos += len(sep)
        parts.append(ln.text)
        if ln.confidence is not None:
            ocr.append(OcrSpan(pos, pos + len(ln.text), round(ln.confidence, 4)))
            page_conf.extend(ln.weights)
        pos += len(ln.text)
    close_page(lines[-1].page)
    return Laid("".join(parts), sources, ocr)
