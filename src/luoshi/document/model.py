"""The Document and its parts (Span, Section, Sentence): data only. Offsets always index the text
exactly as decoded; `document.build` fills the derived views, the readers make Documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

# review: last year (or the five years past); plan: this year; term: the goals of the five-year term
# ahead (十五五 → 2030); other: anything else (the title, the address, the closing).
Part = Literal["review", "plan", "term", "other"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character span `[start, end)` into `Document.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


@dataclass(frozen=True, slots=True)
class SourcePart:
    """Where a stretch of text came from in a non-.txt file (`paragraph 12`, `table 1 row 2 cell 3`, `page 4`)."""

    start: int
    end: int
    where: str
    confidence: float | None = None  # a page read by OCR: the engine's mean confidence, 0–1


@dataclass(frozen=True, slots=True)
class OcrSpan:
    """Text read by OCR (one recognised line), `[start, end)` into `Document.text`, and how sure the
    engine was of it (0–1). Numbers in it are to be confirmed by a person before they are trusted."""

    start: int
    end: int
    confidence: float


@dataclass(slots=True)
class Section:
    """One heading of the outline and the text it governs.

    `span` runs from the heading to the next heading of the same or a higher level. `part` says
    which part of the report it belongs to: the review of last year (`review`), this year's plan
    (`plan`) or anything else (`other`).
    """

    id: int
    level: int
    marker: str  # 一、 / （一） / 一是 / 1. / （1） / 第一，
    title: str  # the heading text without its marker
    heading: Span  # the heading line or leading sentence
    span: Span
    part: Part
    parent: int | None = None
    children: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.marker}{self.title}"


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What a report says about itself. `year` is the year it plans for (a report delivered in
    January 2026 plans for 2026), `review_year` the year its review covers, `term_end` the last year
    of the five-year term `year` belongs to. `cues` holds, for each field found, the words that gave it."""

    year: int | None = None
    review_year: int | None = None
    term_end: int | None = None
    region: str | None = None
    level: str | None = None  # 省 / 市 / 县
    date: str | None = None  # the meeting date, YYYY-MM-DD
    cues: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PartRun:
    """A stretch of the report in one part, and the cue that put it there (标题：… / 段首：…)."""

    span: Span
    part: Part
    cue: str


@dataclass(frozen=True, slots=True)
class TargetScope:
    """A list of targets opened by a cue (主要预期目标是：…) up to its end; `year` is the year its
    targets belong to; `cue` the words that opened it and gave the year."""

    span: Span
    year: int | None
    cue: str


@dataclass(frozen=True, slots=True)
class Reading:
    """The reading stage's result for one text."""

    facts: ReportFacts
    runs: list[PartRun]
    scopes: list[TargetScope]


@dataclass(frozen=True, slots=True)
class TextMap:
    """A text derived from another by removing characters, and where each one came from:
    `origin[i]` is the offset in the original of `text[i]`, with one more entry for the end."""

    text: str
    origin: list[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of [start, end): from the first kept character to just after the last."""
        if end <= start:
            o = self.origin[start]
            return o, o
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(slots=True)
class Sentence:
    span: Span
    text: str
    paragraph: int  # index of the paragraph (line) it belongs to


@dataclass
class Document:
    """A report as read: `text` exactly as decoded, and the views that `document.build` derives from
    it. Readers return built documents; a Document made by hand is built by `build(doc)` (and by
    `luoshi.extract` and `luoshi.outline`, which build what they are given)."""

    id: str
    text: str
    path: str | None = None
    format: str = "txt"
    encoding: str | None = None
    sources: list[SourcePart] = field(default_factory=list)
    ocr: list[OcrSpan] = field(default_factory=list)  # empty unless some text was read from pictures
    # Text folded for matching (full-width → half-width, traditional → simplified), same length.
    norm: str = ""
    # `norm` with the line breaks that only wrap a sentence (copies of PDFs, hard-wrapped web text)
    # turned into spaces: sentences and clauses read across them. Same length as the text.
    flow: str = ""
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    # What the reading stage found (document/reading/): the report's facts, its parts run by run,
    # and the target lists that last to the end of the list.
    facts: ReportFacts = field(default_factory=lambda: ReportFacts())
    runs: list[PartRun] = field(default_factory=list)
    scopes: list[TargetScope] = field(default_factory=list)
    # A text with web noise is read in its cleaned form: `clean` is the Document over the cleaned
    # text and `clean_map` maps its offsets back to this one's; both None for a clean text.
    clean: Document | None = None
    clean_map: TextMap | None = None

    @property
    def built(self) -> bool:
        """The views are there: `norm` always has the text's length once built."""
        return len(self.norm) == len(self.text)

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.span.start for s in self.sections]

    def section_at(self, pos: int) -> Section | None:
        """The deepest section whose span contains `pos`.

        Sections nest and come in document order, so it is the last one starting at or before
        `pos` that still contains it."""
        from bisect import bisect_right

        i = bisect_right(self._section_starts, pos) - 1
        while i >= 0:
            s = self.sections[i]
            if s.span.contains(pos):
                return s
            i -= 1
        return None

    def section_path(self, pos: int) -> list[Section]:
        """The headings above `pos`, top first (a section's id is its index in `sections`)."""
        sec = self.section_at(pos)
        path: list[Section] = []
        while sec is not None:
            path.append(sec)
            sec = self.sections[sec.parent] if sec.parent is not None else None
        return path[::-1]

    @cached_property
    def _run_starts(self) -> list[int]:
        return [r.span.start for r in self.runs]

    def part_at(self, pos: int) -> Part:
        """The part of the report at `pos`, paragraph by paragraph (the reading stage's runs)."""
        from bisect import bisect_right

        i = bisect_right(self._run_starts, pos) - 1
        if 0 <= i < len(self.runs) and self.runs[i].span.contains(pos):
            return self.runs[i].part
        return "other"

    def scope_at(self, pos: int) -> TargetScope | None:
        """The target list that `pos` stands in, if any."""
        for sc in self.scopes:
            if sc.span.start <= pos < sc.span.end:
                return sc
        return None

    def source_at(self, pos: int) -> str | None:
        for s in self.sources:
            if s.start <= pos < s.end:
                return s.where
        return None
