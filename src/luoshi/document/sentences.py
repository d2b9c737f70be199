"""Sentence splitting on 。！？ and line breaks, keeping exact spans."""

from __future__ import annotations

import re

from luoshi.document.model import Document, Sentence, Span

# A sentence ends at 。！？ (and a closing quote right after), or at a line break.
_END = re.compile(r"[。！？]+[”’」』）]?|\n")


# A line that opens with a heading marker, a bullet or an address never continues the line before.
_OPENS_BLOCK = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}[、是]|（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[.、]|第[一二三四五六七八九十]{1,3}[，、]|——|—|各位代表|附件|注[:：])")
_TERMINAL = "。！？；：…”’」』)）!?;:"
_PAGE_NUMBER = re.compile(r"(?m)^[ \t]*(?:[—\-－·•]+[ \t]*\d{1,3}[ \t]*[—\-－·•]+|第[ \t]*\d{1,3}[ \t]*页)[ \t]*\n")
_MIN_WRAPPED_LINE = 15  # shorter lines without punctuation are titles, not wrapped text


def join_soft_wraps(norm: str) -> str:
    """Replace a line break inside a sentence by a space: the line before it is long, ends without
    punctuation in a character or a digit, and the next line does not open a new block."""
    if "\n" not in norm:
        return norm
    # Page numbers left in a copied PDF (— 3 —, ·3·, 第3页) become blank, so the sentence they
    # interrupt can be read across them.
    norm = _PAGE_NUMBER.sub(lambda m: " " * len(m.group()), norm)
    chars = list(norm)
    line_start = 0
    i = -1
    while (i := norm.find("\n", i + 1)) >= 0:
        prev = norm[line_start:i].strip()
        line_start = i + 1
        if len(prev) < _MIN_WRAPPED_LINE or prev[-1] in _TERMINAL or (_OPENS_BLOCK.match(prev[:6]) and len(prev) < 40):
            continue
        nxt_end = norm.find("\n", i + 1)
        nxt = norm[i + 1 : nxt_end if nxt_end >= 0 else len(norm)]
        if not nxt.strip() or _OPENS_BLOCK.match(nxt):
            continue
        chars[i] = " "
    return "".join(chars)


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.flow
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
