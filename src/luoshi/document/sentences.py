"""Sentence splitting on 。！？ and line breaks, keeping exact spans."""

from __future__ import annotations

import re

from luoshi.document.model import Document, Sentence, Span

# A sentence ends at 。！？ (and a closing quote right after), or at a line break.
_END = re.compile(r"[。！？]+[”’」』）]?|\n")


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.norm
    out: list[Sentence] = []
    para = 0
    start = 0
    for m in _END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        _add(doc, out, start, end, para)
        if "\n" in m.group():
            para += 1
        start = m.end()
    _add(doc, out, start, len(text), para)
    return out


def _add(doc: Document, out: list[Sentence], start: int, end: int, para: int) -> None:
    while start < end and doc.text[start] in " \t\r\u3000":
        start += 1
    while end > start and doc.text[end - 1] in " \t\r\u3000":
        end -= 1
    if end > start:
        out.append(Sentence(Span(start, end), doc.text[start:end], para))
