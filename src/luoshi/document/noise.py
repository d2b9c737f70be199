"""Web noise that hides a report's words, removed for reading while offsets keep pointing into the
text as written.

    denoise(text) -> Cleaned | None      (None: nothing to remove)

- pinyin annotations that news sites put after characters (`生產(chǎn)總值`, `增長（zhǎng）`);
- the English side of a bilingual page (a line that is mostly Latin letters);
- a number broken by a line end (`增长5.\n2%`, `1\n200万`).

`denoise` gives a `TextMap`: the text with these removed, and for each character kept its offset in
the original text, so that any span of the cleaned text maps back (`to_original`).
"""

from __future__ import annotations

import re
from functools import cache

from luoshi.document.model import PartRun, Reading, Section, Sentence, Span, TargetScope, TextMap
from luoshi.lexicon import load


@cache
def _pinyin_re() -> re.Pattern[str]:
    letters = "a-zü" + load("noise")["tone_letters"]
    # One or more syllables in brackets right after a Chinese character; every syllable is pinyin.
    return re.compile(rf"(?<=[\u3400-\u9fff])[（(]\s*([{letters}]+(?:\s+[{letters}]+)*)\s*[)）]")


# Only lines with a run of Latin letters can be an English side: the others are never looked at.
_LATIN_LINE = re.compile(r"(?m)^[^\n]*[A-Za-z]{4}[^\n]*$")
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A line that opens a block (1. / 1、 / （一） / 一、) never continues a number of the line before.
_OPENS_BLOCK = re.compile(r"\s*(?:\d{1,2}[.、](?!\d)|[（(]|[一二三四五六七八九十]{1,3}、)")


@cache
def _syllable_re() -> re.Pattern[str]:
    return re.compile(load("noise")["pinyin_syllable"])


@cache
def _untoned() -> dict[str, str]:
    lex = load("noise")
    table: dict[str, str] = {}
    for plain, marked in lex["tones"].items():
        for ch in marked:
            table[ch] = plain
    return table


def _is_pinyin(group: str) -> bool:
    table = _untoned()
    syl = _syllable_re()
    toned = False
    for word in group.split():
        plain = "".join(table.get(c, c) for c in word)
        toned = toned or plain != word
        if not syl.fullmatch(plain):
            return False
    # Bare letters without tone marks are pinyin only when every one is a syllable of more than one
    # letter (an English word in brackets such as (GDP) is upper case and never gets here).
    return toned or all(len(w) > 1 for w in group.split())


def _latin_share(line: str) -> float:
    letters = len(_LATIN.findall(line))
    cjk = len(_CJK.findall(line))
    return letters / (letters + cjk) if letters + cjk else 0.0


def removals(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that are noise, sorted and not overlapping."""
    lex = load("noise")
    cut: list[tuple[int, int]] = []
    if re.search(r"[（(]\s*[a-zü" + lex["tone_letters"] + "]", text):
        cut.extend(m.span() for m in _pinyin_re().finditer(text) if _is_pinyin(m.group(1)))
    min_len, share = int(lex["latin_line_min"]), float(lex["latin_line_share"])
    for m in _LATIN_LINE.finditer(text):
        line = m.group()
        if len(line.strip()) >= min_len and _latin_share(line) >= share:
            end = m.end() + 1 if m.end() < len(text) else m.end()
            cut.append((m.start(), end))
    cut.extend(_broken_numbers(text, int(lex["wrapped_line_min"])))
    cut.sort()
    out: list[tuple[int, int]] = []
    for a, b in cut:
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _broken_numbers(text: str, min_line: int) -> list[tuple[int, int]]:
    """Line breaks inside a number: the line before is a wrapped line that ends in a digit (or a
    decimal point after one), the next line goes on with a digit, a decimal point or a percent sign."""
    out = []
    for m in re.finditer(r"(?<=\d)(\.?)([ \t\u3000]*\r?\n[ \t\u3000]*)(?=[\d.%‰％])", text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if m.start() - line_start < min_line or _OPENS_BLOCK.match(text, m.end()):
            continue
        out.append(m.span(2))
    return out


def denoise(text: str) -> TextMap | None:
    cut = removals(text)
    if not cut:
        return None
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for a, b in cut:
        parts.append(text[pos:a])
        origin.extend(range(pos, a))
        pos = b
    parts.append(text[pos:])
    origin.extend(range(pos, len(text)))
    origin.append(len(text))
    return TextMap("".join(parts), origin)


# ------------------------------------------------------------- views of the cleaned text, mapped back


def _span(c: TextMap, sp: Span) -> Span:
    return Span(*c.to_original(sp.start, sp.end))


def map_sections(sections: list[Section], c: TextMap) -> list[Section]:
    return [Section(id=s.id, level=s.level, marker=s.marker, title=s.title, heading=_span(c, s.heading),
                    span=_span(c, s.span), part=s.part, parent=s.parent, children=list(s.children))
            for s in sections]


def map_sentences(sentences: list[Sentence], c: TextMap, text: str) -> list[Sentence]:
    out = []
    for s in sentences:
        sp = _span(c, s.span)
        out.append(Sentence(sp, text[sp.start : sp.end], s.paragraph))
    return out


def map_reading(reading: Reading, c: TextMap, length: int) -> Reading:
    """The reading stage's result on the cleaned text, its spans mapped back (facts unchanged)."""
    runs = [PartRun(_span(c, r.span), r.part, r.cue) for r in reading.runs]
    if runs:  # the runs cover the whole text, noise at the very end included
        runs[-1] = PartRun(Span(runs[-1].span.start, length), runs[-1].part, runs[-1].cue)
    scopes = [TargetScope(_span(c, sc.span), sc.year, sc.cue) for sc in reading.scopes]
    return Reading(reading.facts, runs, scopes)


__all__ = ["denoise", "map_reading", "map_sections", "map_sentences", "removals"]
