"""Building a Document: from its text to the views the rest of Luoshi reads (folded text, soft wraps
joined, the outline, the sentences) and the reading stage's facts, parts and target lists. Readers
call `build` on what they read.

A text with web noise (pinyin annotations, an English side, numbers broken by a line end) is built
in its cleaned form as `doc.clean`, and its views are mapped back onto the text as written."""

from __future__ import annotations

from luoshi.document.model import Document, Reading
from luoshi.document.noise import denoise, map_reading, map_sections, map_sentences
from luoshi.document.normalize import fold
from luoshi.document.outline import build_outline
from luoshi.document.reading import read_report
from luoshi.document.sentences import join_soft_wraps, split_sentences


def build(doc: Document) -> Document:
    """Fill `doc`'s views from its text, once (a built document is returned as it is)."""
    if doc.built:
        return doc
    doc.norm = fold(doc.text)
    doc.flow = join_soft_wraps(doc.norm)
    for cached in ("_section_starts", "_run_starts"):  # indexes cached by section_at and part_at
        doc.__dict__.pop(cached, None)
    cleaned = denoise(doc.text)
    if cleaned is not None:
        clean = build(Document(doc.id, cleaned.text, doc.path, doc.format, doc.encoding))
        doc.clean, doc.clean_map = clean, cleaned
        doc.sections = map_sections(clean.sections, cleaned)
        doc.sentences = map_sentences(clean.sentences, cleaned, doc.text)
        reading = map_reading(Reading(clean.facts, clean.runs, clean.scopes), cleaned, len(doc.text))
    else:
        doc.sections = build_outline(doc)
        doc.sentences = split_sentences(doc)
        reading = read_report(doc, doc.sections)
    doc.facts, doc.runs, doc.scopes = reading.facts, reading.runs, reading.scopes
    for s in doc.sections:  # each section in the part its heading stands in
        s.part = doc.part_at(s.heading.start)
    return doc
