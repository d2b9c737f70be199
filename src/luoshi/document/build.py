"""Building a Document: from its text to the views the rest of Luoshi reads (folded text, soft wraps
joined, the outline and the sentences). Readers call `build` on what they read."""

from __future__ import annotations

from luoshi.document.model import Document
from luoshi.document.normalize import fold
from luoshi.document.outline import build_outline
from luoshi.document.sentences import join_soft_wraps, split_sentences


def build(doc: Document) -> Document:
    """Fill `doc`'s views from its text, once (a built document is returned as it is)."""
    if doc.built:
        return doc
    doc.norm = fold(doc.text)
    doc.flow = join_soft_wraps(doc.norm)
    doc.__dict__.pop("_section_starts", None)  # an index of the sections, cached by section_at
    doc.sections = build_outline(doc)
    doc.sentences = split_sentences(doc)
    return doc
