"""Find number mentions (the extractor) and resolve each to value and unit (the parser).

Works on the folded text (`Document.norm`, same length as the text), so `１２％`, `億元` and `兩家`
are found like `12%`, `亿元` and `两家`; spans index the original text, and the unit is cut from the
original text so it is reported as written.

A mention covers the number with its magnitude and unit (`1.44万套`, `2万余个`, `300余场次`, `第3位`,
`1—2所`); bound words (`以上`, `左右`, `突破`) stay outside. Numbers that cannot be indicators
(dates, ages in thresholds, names such as `十四五`, list markers) are dropped here by `filters`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from luoshi.lexicon import load

ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_CHARS = "零〇一二两三四五六七八九十百千"
CN_NUM = rf"[{CN_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
_CANDIDATE = re.compile(rf"(第)?(?:百分之({ARABIC}|{CN_NUM})|({ARABIC})|({CN_NUM}))")


@dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    value: float
    unit: str  # as written (original text), magnitude included: 万套, 亿元, %
    unit_norm: str  # folded unit, for lexicon look-ups
    category: str  # measure category from units.yaml: currency, percent, ratio, count …; rank; '' when bare
    chinese: bool = False
    rank: bool = False
    inner_min: bool = False  # 余/多 inside the mention: 300余场次
    value_max: float | None = None
    magnitude: str = ""
    number_end: int = 0  # where the numeral itself ends (before magnitude and unit)


@cache
def _unit_table() -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """Units by their first character (longest first), their categories, and the magnitudes."""
    units = load("units")
    cat: dict[str, str] = {}
    for category, words in units["measures"].items():
        for w in words:
            cat[str(w)] = category
    by_first: dict[str, list[str]] = {}
    for u in sorted(cat, key=len, reverse=True):
        by_first.setdefault(u[0], []).append(u)
    mags = sorted(units["magnitudes"], key=len, reverse=True)
    return by_first, cat, mags


_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}


def _simple_cn(text: str) -> int | None:
    """Plain numerals below ten thousand (七, 十五, 二百零三, 三千) without importing cn2an, whose
    import costs about 150 ms, a third of the CLI's start-up budget. Anything else goes to cn2an."""
    total, digit = 0, None
    for ch in text:
        if ch in _DIGIT:
            if digit is not None and digit != 0 and _DIGIT[ch] != 0:
                return None  # 一二: a sequence of digits, not a numeral
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            total += (1 if digit is None else digit) * _UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


@lru_cache(maxsize=4096)
def cn_to_number(text: str) -> float | None:
    """Convert a Chinese numeral already cut out (两 → 2, 十五 → 15, 五点四 → 5.4)."""
    simple = _simple_cn(text)
    if simple is not None:
        return float(simple)
    if "点" not in text:
        return None  # 十四五, 一二: digits in a row are a name, not a numeral
    import cn2an  # only for decimals (五点四), which the fast path does not take

    s = text.replace("两", "二").replace("〇", "零")
    if s[0] in "百千":
        s = "一" + s
    try:
        return float(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _arabic_value(text: str) -> float:
    return float(text.replace(",", ""))


def _match_unit(norm: str, pos: int) -> tuple[str, str]:
    """Longest unit at `pos`: (unit, category), or ('', '')."""
    if pos >= len(norm):
        return "", ""
    by_first, cat, _ = _unit_table()
    for u in by_first.get(norm[pos], ()):
        if norm.startswith(u, pos):
            return u, cat[u]
    return "", ""


def _match_magnitude(norm: str, pos: int) -> str:
    if pos >= len(norm) or norm[pos] not in "万亿千百":
        return ""
    _, _, mags = _unit_table()
    for m in mags:
        if norm.startswith(m, pos):
            return m
    return ""


def find_numbers(norm: str, text: str) -> list[NumberMention]:
    """Every number mention in `norm` with its unit, before any filtering of non-indicators."""
    out: list[NumberMention] = []
    n = len(norm)
    taken_to = 0
    for m in _CANDIDATE.finditer(norm):
        if m.start() < taken_to:
            continue  # inside the unit of the previous mention (120万千瓦)
        ordinal = m.group(1) is not None
        pct_text = m.group(2)
        arabic = m.group(3)
        chinese = m.group(4)
        start = m.start()
        if pct_text is not None:
            value = _arabic_value(pct_text) if pct_text[0].isdigit() else cn_to_number(pct_text)
            if value is None:
                continue
            out.append(
                NumberMention(start, m.end(), value, "%", "%", "percent", chinese=not pct_text[0].isdigit(),
                              number_end=m.end())
            )
            continue
        if arabic is not None:
            # 1.80.9: digits that continue a decimal are a garbled number (two values run together
            # in the source), and no part of it can be read safely.
            if start >= 2 and norm[start - 1] == "." and norm[start - 2].isdigit():
                continue
            # Digits glued to letters are codes or names (5G, 4A级, COVID-19), not quantities.
            if m.end() < n and norm[m.end()].isascii() and norm[m.end()].isalpha() and not _match_unit(norm, m.end())[0]:
                continue
            value = _arabic_value(arabic)
            is_cn = False
        else:
            assert chinese is not None
            if chinese in ("点",):
                continue
            v = cn_to_number(chinese)
            if v is None:
                continue
            value = v
            is_cn = True
        num_end = m.end()
        mention = _parse_tail(norm, text, start, num_end, value, is_cn, ordinal)
        if mention is not None:
            out.append(mention)
            taken_to = mention.end
    _join_ranges(norm, text, out)
    _borrow_units(norm, out)
    _magnitude_only(norm, text, out)
    out.sort(key=lambda x: x.start)
    return out


def _parse_tail(
    norm: str, text: str, start: int, num_end: int, value: float, is_cn: bool, ordinal: bool
) -> NumberMention | None:
    """Read what follows a numeral (余/多, magnitude, unit) and build the mention.

    The unit is collected as pieces of the text so that 余/多 and the 个 of 一个亿 stay in the
    mention but out of the unit: `2万余个` → unit `万个`, `1个亿` → unit `亿`.
    """
    pos = num_end
    if ordinal:
        # 第3位 / 第一 / 第一方阵 / 第6名 / 第8个 / 第九次
        for u in ("方阵", "位", "名"):
            if norm.startswith(u, pos):
                return NumberMention(start, pos + len(u), value, text[pos : pos + len(u)], u, "rank",
                                     chinese=is_cn, rank=True, number_end=num_end)
        # 第8个, 第九次, 第一槌: the classifier belongs to the mention but is no unit of the rank.
        end = pos + 1 if norm.startswith(("个", "次", "槌", "家", "轮"), pos) and not norm.startswith(
            ("次会议", "次全会", "次全体", "个五年"), pos) else pos
        return NumberMention(start, end, value, "", "", "rank", chinese=is_cn, rank=True, number_end=num_end)
    pieces: list[tuple[int, int]] = []
    inner_min = False
    if norm.startswith(("余", "多"), pos) and _has_more_unit(norm, pos + 1):
        inner_min = True
        pos += 1
    if norm.startswith("个", pos) and _match_magnitude(norm, pos + 1):
        pos += 1  # 一个亿
    # One space may stand between a number and its unit in copied text (21.4 %, 3.12 亿元).
    if pos < len(norm) and norm[pos] == " " and (_match_magnitude(norm, pos + 1) or _match_unit(norm, pos + 1)[0]):
        pos += 1
    mag = _match_magnitude(norm, pos)
    if mag:
        pieces.append((pos, pos + len(mag)))
        pos += len(mag)
        if norm.startswith(("余", "多"), pos) and _match_unit(norm, pos + 1)[0]:
            inner_min = True
            pos += 1
    unit, category = _match_unit(norm, pos)
    if unit:
        end = pos + len(unit)
        if norm.startswith("/", end):  # compound units: 万元/亩
            u2, _ = _match_unit(norm, end + 1)
            if u2:
                end = end + 1 + len(u2)
        pieces.append((pos, end))
        pos = end
    elif mag:
        category = "count"  # 740多万, 百亿: a magnitude with no measure
    else:
        category = ""
    written = "".join(text[a:b] for a, b in pieces)
    folded = "".join(norm[a:b] for a, b in pieces)
    return NumberMention(start, pos, value, written, folded, category, chinese=is_cn,
                         inner_min=inner_min, magnitude=mag, number_end=num_end)


def _has_more_unit(norm: str, pos: int, allow_magnitude: bool = True) -> bool:
    if allow_magnitude and _match_magnitude(norm, pos):
        return True
    return bool(_match_unit(norm, pos)[0])


def _join_ranges(norm: str, text: str, mentions: list[NumberMention]) -> None:
    """`1—2所`, `1至2个`, `6.5%—7%`: a number, a separator and a number with a unit make one range
    mention. The first number has no unit or the same one; 到 joins only a bare first number (from
    6%到7% is a change, not a range)."""
    seps = tuple(load("bounds")["range_separators"])
    i = 0
    while i < len(mentions) - 1:
        a, b = mentions[i], mentions[i + 1]
        between = norm[a.end : b.start].strip()
        same_unit = bool(a.unit) and a.unit_norm in (b.unit_norm, b.magnitude) and between != "到"
        if (
            (not a.unit or same_unit)
            and not a.rank
            and not b.rank
            and b.unit
            and between in seps
            and b.value > a.value
            and not (1900 <= a.value <= 2100 and b.unit_norm.startswith("年"))
        ):
            merged = NumberMention(a.start, b.end, a.value, b.unit, b.unit_norm, b.category,
                                   chinese=a.chinese, value_max=b.value, magnitude=b.magnitude,
                                   number_end=a.number_end)
            mentions[i : i + 2] = [merged]
        i += 1


def _borrow_units(norm: str, mentions: list[NumberMention]) -> None:
    """`5.9和2.9个百分点`, `12.6%和 12.1%`: a bare number in a list takes the unit of the next one."""
    for a, b in zip(mentions[::-1][1:], mentions[::-1], strict=False):
        if a.unit or a.rank or not b.unit or b.rank or b.value_max is not None:
            continue
        if not re.fullmatch(r"\s*[和、及与]\s*", norm[a.end : b.start]):
            continue
        if b.unit_norm.startswith(("年", "月", "日")):
            continue
        a.unit, a.unit_norm, a.category, a.magnitude = b.unit, b.unit_norm, b.category, b.magnitude


_MAG_ONLY = re.compile(r"(?<=近|破|超|过|逾|约)(万亿|亿|万)(元|美元|人次|人|吨|亩|户)?")


def _magnitude_only(norm: str, text: str, mentions: list[NumberMention]) -> None:
    """`近万亿元`, `突破万亿`: a magnitude with no numeral means one of it."""
    taken = [(x.start, x.end) for x in mentions]
    for m in _MAG_ONLY.finditer(norm):
        if any(s <= m.start() < e for s, e in taken):
            continue
        unit = text[m.start() : m.end()]
        mentions.append(NumberMention(m.start(), m.end(), 1.0, unit, norm[m.start() : m.end()],
                                      "currency" if m.group(2) in ("元", "美元") else "count",
                                      chinese=True, magnitude=m.group(1), number_end=m.start()))
