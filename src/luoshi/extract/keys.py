"""Subject keys: two wordings of one metric get one key, for the ledger and the year-over-year review.

`key("全州规上工业增加值") == key("规模以上工业增加值")`. Steps, driven by `lexicon/data/synonyms.yaml`
and by the same decoration lists the extractor cuts subjects with (`subjects.yaml`): fold (full-width
→ half-width, traditional → simplified), drop spaces and quotes, strip leading decorations and
qualifiers (◆, 年末, 全州, 全年, 实现 …) and trailing ones (预期, 目标) repeatedly, expand abbreviations
(规上 → 规模以上), strip one trailing suffix (增速, 总数, 量 …), map whole-subject synonyms to their
canonical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from luoshi.document.normalize import fold
from luoshi.lexicon import LexiconError, load

_DROP = re.compile(r"[\s\"'“”‘’「」『』《》()（）]")


@dataclass(frozen=True)
class Lexicon:
    qualifiers: tuple[str, ...]
    trailing: tuple[str, ...]  # decorations after the metric (预期, 目标)
    suffixes: tuple[str, ...]
    abbrev: dict[str, str]
    abbrev_re: re.Pattern[str] | None
    canon: dict[str, str]  # cleaned name → canonical name
    lower_is_better: tuple[str, ...]
    magnitudes: dict[str, float]
    units: dict[str, tuple[str, float]]
    count_units: frozenset[str]


@cache
def lexicon() -> Lexicon:
    data = load("synonyms")
    decorations = load("subjects")
    leading = [*data["qualifiers"], *decorations["leading_decorations"]]
    quals = tuple(sorted({fold(q) for q in leading}, key=len, reverse=True))
    trailing = [*decorations["trailing_decorations"]]
    abbrev = {fold(k): fold(v) for k, v in data["abbreviations"].items()}
    pattern = "|".join(re.escape(k) for k in sorted(abbrev, key=len, reverse=True))
    lex = Lexicon(
        qualifiers=quals,
        trailing=tuple(sorted({fold(t) for t in trailing}, key=len, reverse=True)),
        suffixes=tuple(sorted((fold(x) for x in data["suffixes"]), key=len, reverse=True)),
        abbrev=abbrev,
        abbrev_re=re.compile(pattern) if pattern else None,
        canon={},
        lower_is_better=tuple(fold(w) for w in data["lower_is_better"]),
        magnitudes={fold(k): float(v) for k, v in data["magnitudes"].items()},
        units={fold(k): (fold(v[0]), float(v[1])) for k, v in data["units"].items()},
        count_units=frozenset(fold(u) for u in data["count_units"]),
    )
    for canonical, names in data["synonyms"].items():
        c = _clean(str(canonical), lex)
        for n in [canonical, *names]:
            cleaned = _clean(n, lex)
            if lex.canon.get(cleaned, c) != c:
                raise LexiconError(f"synonyms: {n!r} is listed under {lex.canon[cleaned]!r} and {c!r}")
            lex.canon[cleaned] = c
    return lex


def _clean(subject: str, lex: Lexicon) -> str:
    s = _DROP.sub("", fold(subject))
    stripped = True
    while stripped:
        stripped = False
        for q in lex.qualifiers:
            if s.startswith(q) and len(s) > len(q):
                s = s[len(q) :]
                stripped = True
                break
        for t in lex.trailing:
            if s.endswith(t) and len(s) > len(t):
                s = s[: -len(t)]
                stripped = True
                break
    if lex.abbrev_re is not None:
        s = lex.abbrev_re.sub(lambda m: lex.abbrev[m.group()], s)
    for x in lex.suffixes:
        if s.endswith(x) and len(s) > len(x) + 1:
            s = s[: -len(x)]
            break
    return s


@lru_cache(maxsize=65536)
def key(subject: str | None) -> str:
    """The canonical name of a subject: equal keys mean the same metric."""
    if not subject:
        return ""
    lex = lexicon()
    s = _clean(subject, lex)
    return lex.canon.get(s, s)


@lru_cache(maxsize=65536)
def match_key(subject: str | None) -> str:
    """The key a target and a result are paired on: `key` less the words that only decorate a
    metric's name (景区 anywhere, 量 at the end: 小七孔景区接待游客量 ~ 小七孔接待游客)."""
    k = key(subject)
    data = load("synonyms")
    for w in sorted(data["loose_inside"], key=len, reverse=True):
        if w in k and len(k) > len(w) + 1:
            k = k.replace(w, "")
    for w in sorted(data["loose_end"], key=len, reverse=True):
        if k.endswith(w) and len(k) > len(w) + 1:
            k = k[: -len(w)]
            break
    return k


def lower_is_better(subject: str | None) -> bool:
    """True for a metric whose smaller level is better (失业率, 居民消费价格, 能耗 …)."""
    k = key(subject)
    return any(w in k for w in lexicon().lower_is_better)


@lru_cache(maxsize=4096)
def unit_base(unit: str) -> tuple[str, float]:
    """Split a unit into its base and factor: `亿元` → (`元`, 1e8), `万人` → (`人`, 1e4),
    `公里` → (`米`, 1000). A bare count (no unit or a classifier such as 个, 家) has base `#`."""
    lex = lexicon()
    u = _DROP.sub("", fold(unit or ""))
    factor = 1.0
    mags = sorted(lex.magnitudes, key=len, reverse=True)
    while True:
        if u in lex.units:
            base, f = lex.units[u]
            return base, factor * f
        if u == "" or u in lex.count_units:
            return "#", factor
        for m in mags:
            if u.startswith(m) and len(u) > len(m):
                factor *= lex.magnitudes[m]
                u = u[len(m) :]
                break
        else:
            return u, factor
