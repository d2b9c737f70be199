"""The extractor: find each number's span in folded text and cut it into parts, without values.

Where a number can start (a digit, a Chinese numeral, 第, 近/超 …), one anchored pattern per form
reads the numeral: an ordinal (第), a fraction (百分之五, 三分之一), a mixed numeral (3万2千5百), an
Arabic one or a Chinese one, or a bare magnitude (近万亿元). What follows is read by hand: 余/多
and 个 (一个亿), the magnitude, the unit (longest first, `万元/亩` compound), 成 after a single
digit, 番 after 翻. A sign before the numeral counts where it is one (负3.9%, 同比-3.9%), not where
it belongs to a word (减负, 歼-35).
"""

from __future__ import annotations

from luoshi.extract.numbers.model import Candidate
from luoshi.extract.numbers.tables import Tables, tables

Span = tuple[int, int]
_DIGITS = frozenset("0123456789")
_NOT_BEFORE_DOT = _DIGITS | frozenset(".%‰)）ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_BEFORE_MINUS = frozenset("%‰)）]】.")


def scan(norm: str) -> list[Candidate]:
    """Every number span in `norm` (folded text), in text order, none overlapping."""
    t = tables()
    out: list[Candidate] = []
    pos = 0
    first = t.rx.first.search
    while (f := first(norm, pos)) is not None:
        p = f.start()
        got = _at(norm, p, t)
        if isinstance(got, Candidate):
            out.append(got)
            pos = got.end  # past the unit too (120万千瓦: 千 starts no number)
        else:
            pos = got if got is not None and got > p else p + 1
    return out


def candidate_at(norm: str, pos: int) -> Candidate | None:
    """The candidate found at `pos`, if a number can start there."""
    t = tables()
    if not 0 <= pos < len(norm) or norm[pos] not in t.first_chars:
        return None
    got = _at(norm, pos, t)
    return got if isinstance(got, Candidate) else None


def _at(norm: str, p: int, t: Tables) -> Candidate | int | None:
    """The candidate starting at `p`; else where to look on (None: the next character)."""
    w, ch = t.words, norm[p]
    if ch in w.bare_after:
        m = t.rx.bare.match(norm, p)
        if m is None:
            return None
        unit = m.span("bunit") if m.group("bunit") is not None else None
        at = m.start("bare")
        return Candidate(at, m.end(), "bare", (at, at), magnitude=m.span("bare"), unit=unit)
    if ch == w.ordinal:
        return _numeral(norm, p + 1, p, t)
    if norm.find(w.fraction_word, p + 1, p + 10) > 0:
        m = t.rx.fraction.match(norm, p)
        if m is not None:
            return _finish(norm, p, m.span("fnum"), None, t, "fraction", m.span("fden"))
    return _numeral(norm, p, -1, t)


def _numeral(norm: str, ns: int, ordinal: int, t: Tables) -> Candidate | int | None:
    """An Arabic, mixed or Chinese numeral at `ns`, after 第 at `ordinal` (-1: none)."""
    ch = norm[ns : ns + 1]
    prev = norm[ns - 1] if ns else ""
    magnitude = None
    if ch in _DIGITS:
        m = t.rx.arabic.match(norm, ns)
        assert m is not None
        ne, form = m.end(), "arabic" if m.group("mix") is None else "mixed"
        if not _arabic_stands(norm, ns, ne, t):
            return ne
        if ch in t.words.not_numbers and _not_a_number(norm, ns, t):
            return ne  # 12345热线
    elif ch == "." and prev not in _NOT_BEFORE_DOT:
        m = t.rx.dot.match(norm, ns)
        if m is None:
            return None
        ne, form = m.end(), "arabic"
    elif ch and (ch in t.digits or ch in t.places) and prev not in _DIGITS:
        m = t.rx.chinese.match(norm, ns)
        assert m is not None
        ne, form = m.end(), "chinese"
        word_end = _not_a_number(norm, ns, t)
        if word_end != 0:
            return word_end if word_end is not None else ne
        ne = _trim_unit_start(norm, ns, ne, t)
        magnitude = _trailing_magnitude(norm, ns, ne, t)
        if magnitude:
            ne = magnitude[0]
    else:
        return None
    return _finish(norm, ordinal if ordinal >= 0 else ns, (ns, ne), magnitude, t, form, None, ordinal >= 0)


def _finish(
    norm: str, start: int, numeral: Span, magnitude: Span | None, t: Tables, form: str,
    denominator: Span | None, rank: bool = False,
) -> Candidate:
    """The sign before the numeral and what follows it."""
    ns, ne = numeral
    negative = not rank and _signed(norm, start, t)
    start -= negative
    if rank:
        end, unit, approx = _ordinal_tail(norm, ne, t)
    else:
        end, magnitude, unit, approx = _tail(norm, ne, magnitude, norm[ns:ne], start, t)
    return Candidate(start, end, form, numeral, denominator, magnitude, unit, approx, negative, rank)


def _arabic_stands(norm: str, ns: int, ne: int, t: Tables) -> bool:
    """Digits continuing a decimal (1.80.9) are garbled; digits glued to letters are codes or
    names (5G, 4A级, COVID-19) unless the letters are a unit (Mbps, TEU)."""
    if ns >= 2 and norm[ns - 1] == "." and norm[ns - 2] in _DIGITS:
        return False
    nxt = norm[ne : ne + 1]
    return not (nxt.isascii() and nxt.isalpha() and not _unit_at(norm, ne, t))


def _not_a_number(norm: str, ns: int, t: Tables) -> int | None:
    """0 when the Chinese numeral at `ns` stands; the end of the word when it is part of a word
    whose numeral characters are no number (统一, 百姓, 千方百计); None for a vague amount (几十, 数百)."""
    for offset, length, words in t.words.not_numbers.get(norm[ns], ()):
        if ns >= offset and norm[ns - offset : ns - offset + length] in words:
            return ns - offset + length
    vague = norm[ns] in t.places and norm[max(0, ns - 2) : ns].endswith(t.words.vague_before)
    return None if vague else 0


def _trim_unit_start(norm: str, ns: int, ne: int, t: Tables) -> int:
    """一百二十万千瓦: a last place that starts a unit belongs to the unit."""
    if ne - ns > 1 and norm[ne - 1] in t.places and _unit_at(norm, ne - 1, t):
        return ne - 1
    return ne


def _trailing_magnitude(norm: str, ns: int, ne: int, t: Tables) -> Span | None:
    """三十六万 → 36 and 万; 八万万 → 8 and 万万. A numeral with 万 or 亿 inside (三万六千八百,
    十二亿三千万) is read whole."""
    k = ne
    while k > ns and norm[k - 1] in t.big:
        k -= 1
    if k in (ne, ns) or any(ch in t.big for ch in norm[ns:k]):
        return None
    return (k, ne)


def _signed(norm: str, ns: int, t: Tables) -> bool:
    """负3.9%, −3.9%, 同比-3.9%: a minus sign; 减负, 歼-35, 5-6 (a range): none."""
    if not ns:
        return False
    w, prev = t.words, norm[ns - 1]
    if prev in w.minus_words:
        return norm[ns - 2 : ns] not in w.not_signs
    if prev not in w.minus_signs:
        return False
    before = norm[ns - 2] if ns >= 2 else ""
    return not before or before in w.minus_after or not (before.isalnum() or before in _NOT_BEFORE_MINUS)


def _ordinal_tail(norm: str, pos: int, t: Tables) -> tuple[int, Span | None, str]:
    """第3位, 第一方阵: the rank unit; 第8个, 第九次: the classifier belongs to the mention, no unit."""
    w = t.words
    for u in w.ordinal_units:
        if norm.startswith(u, pos):
            return pos + len(u), (pos, pos + len(u)), ""
    for u in w.ordinal_classifiers:
        if norm.startswith(u, pos) and not norm.startswith(w.ordinal_not_classifier, pos):
            return pos + len(u), None, ""
    return pos, None, ""


def _tail(
    norm: str, pos: int, magnitude: Span | None, numeral: str, start: int, t: Tables
) -> tuple[int, Span | None, Span | None, str]:
    """What follows a numeral: (end, magnitude, unit, approx). 余/多 and the 个 of 一个亿 stay in the
    mention but out of the unit (2万余个 → unit 万个)."""
    inside = t.words.approx_inside
    approx = ""
    if magnitude is None:
        nxt = norm[pos : pos + 1]
        if nxt in inside and (_magnitude_at(norm, pos + 1, t) or _unit_at(norm, pos + 1, t)):
            approx, pos = nxt, pos + 1  # 300余场次, 740多万
        elif nxt == "个" and norm[pos + 1 : pos + 2] in ("万", "亿") and _magnitude_at(norm, pos + 1, t):
            pos += 1  # 一个亿 (not 12个百亿元项目: a count of things classed by a bare magnitude)
        elif nxt == " " and (_magnitude_at(norm, pos + 1, t) or _unit_at(norm, pos + 1, t)):
            pos += 1  # copies put a space between a number and its unit (21.4 %, 3.12 亿元)
        size = _magnitude_at(norm, pos, t)
        if size:
            magnitude, pos = (pos, pos + size), pos + size
    else:
        pos = magnitude[1]
    if magnitude and not approx and norm[pos : pos + 1] in inside and _unit_at(norm, pos + 1, t):
        approx, pos = norm[pos], pos + 1  # 2万余个
    unit = _unit(norm, pos, numeral if magnitude is None else "", start, t)
    span = None
    if unit:
        end = pos + len(unit)
        if norm.startswith("/", end):  # compound units: 万元/亩, 人/百亿元, 克/千克
            mag = _magnitude_at(norm, end + 1, t)
            per = _unit_at(norm, end + 1 + mag, t)
            if per:
                end += 1 + mag + len(per)
        span, pos = (pos, end), end
    if not approx and norm[pos : pos + 1] in t.words.approx_after_first:
        approx = _approx_after(norm, pos, unit, t)
    return pos, magnitude, span, approx


def _magnitude_at(norm: str, pos: int, t: Tables) -> int:
    """The length of a magnitude at `pos` (万, 亿, 千万, 万亿, 万万 …), or 0."""
    if norm[pos : pos + 1] not in t.magnitude_first:
        return 0
    m = t.rx.magnitude.match(norm, pos)
    return m.end() - pos if m else 0


def _unit_at(norm: str, pos: int, t: Tables) -> str:
    """The longest measure unit at `pos`, or ''."""
    for u in t.units_by_first.get(norm[pos : pos + 1], ()):
        if norm.startswith(u, pos):
            return u
    return ""


def _unit(norm: str, pos: int, numeral: str, start: int, t: Tables) -> str:
    """The unit of a number: a measure, 成 after a single digit (三成, 3成), 番 only after 翻."""
    w = t.words
    if norm[pos : pos + 1] not in t.units_by_first and not norm.startswith(w.tenths, pos):
        return ""
    if norm.startswith(w.tenths, pos):
        single = len(numeral) == 1 or (len(numeral) == 3 and numeral[1] == ".")
        ok = single and numeral not in ("0", "零", "〇") and not norm.startswith(w.tenths_not_before, pos)
        return w.tenths if ok else ""
    unit = _unit_at(norm, pos, t)
    if unit == w.doubling and not norm[max(0, start - 2) : start].endswith(w.doubling_after):
        return ""  # 经过一番努力: no doubling
    return unit


def _approx_after(norm: str, pos: int, unit: str, t: Tables) -> str:
    """左右/上下 right after a number (outside its span, where the guide keeps bound words), and
    多/余 after a multiple (2倍多)."""
    w = t.words
    for word in w.approx_after:
        if norm.startswith(word, pos):
            return word
    if unit and t.category.get(unit) == "ratio" and norm.startswith(w.approx_after_ratio, pos):
        return norm[pos]
    return ""
