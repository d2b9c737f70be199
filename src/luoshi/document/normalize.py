"""Folding for matching. Every fold is one character to one character, so offsets never move.

Full-width ASCII (１２％．) becomes half-width, odd spaces become a plain space, and traditional
characters are folded with OpenCC's t2s, one character at a time (phrase conversion could change
the length, and matching only needs characters).
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPACES = "\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000\t\u200b\ufeff"
# Signs that reports write in several ways; folded to the form the lexicons use.
_EXTRA = {
    "\u2236": ":",  # ∶ ratio
    "\uff0e": ".",
    "\u3002": "。",
    "\u2014": "—",
    "\u2013": "—",
    "\uff5e": "~",
    "\u301c": "~",
    "\u2030": "‰",
    "\u2105": "%",  # ℅ (care of) typed for a per cent sign
    "\u00b7": "·",
    "\u3007": "〇",
}


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


_char_cache: dict[str, str] = {}


def _fold_ascii(ch: str) -> str:
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E and ch not in "（）：；，！？":
        # Keep the Chinese punctuation the extractor keys on (（一）, ：, ，) as written.
        return chr(o - 0xFEE0)
    if ch in _SPACES:
        return " "
    return _EXTRA.get(ch, ch)


def _ideograph(c: str) -> bool:
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def _fold_chars(chars: set[str]) -> None:
    todo = [c for c in chars if c not in _char_cache]
    if not todo:
        return
    cjk = [c for c in todo if _ideograph(c)]
    converted: list[str] = []
    if cjk:
        out = _converter().convert("\n".join(cjk)).split("\n")
        converted = out if len(out) == len(cjk) else [_converter().convert(c) for c in cjk]
    for c, t in zip(cjk, converted, strict=False):
        _char_cache[c] = t if len(t) == 1 else c
    for c in todo:
        if c not in _char_cache:
            _char_cache[c] = _fold_ascii(c)


# ASCII punctuation copies of reports use where the original has Chinese punctuation. (A regex finds
# the few there are: str.translate with a small table costs a dictionary miss on every character.)
_WIDE = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_NARROW_PUNCT = re.compile(r"[,;:()!?]")
# …except between digits, where `,` groups thousands and `:` writes a ratio or a time.
_KEEP_NARROW = re.compile(r"[，：](?<=\d[，：])(?=\d)")  # the sign first: the scan skips to it


def fold(text: str) -> str:
    """Return `text` folded for matching; `len(fold(t)) == len(t)` always."""
    chars = set(text)
    _fold_chars(chars)
    table = {ord(c): _char_cache[c] for c in chars if _char_cache[c] != c}
    out = text.translate(table) if table else text
    if any(_ideograph(c) and _char_cache[c] != c for c in chars):
        # Traditional text: OpenCC's phrase conversion knows 乾坤 from 乾燥; use it where it keeps
        # every character in place, and the character table elsewhere.
        phrased = _converter().convert(text)
        if len(phrased) == len(text):
            out = "".join(p if _ideograph(t) and _ideograph(p) else o for p, t, o in zip(phrased, text, out, strict=True))
    out = _NARROW_PUNCT.sub(lambda m: _WIDE[m.group()], out)
    out = _KEEP_NARROW.sub(lambda m: "," if m.group() == "，" else ":", out)
    assert len(out) == len(text)
    return out
