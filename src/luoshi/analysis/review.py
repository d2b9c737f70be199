"""Year-over-year review: were the targets of report N met, by the results report N+1 states?

Pure functions over Indicators, no database. For every `target` of the first report, the `actual`
indicators of the second report for the same subject (by `subjects.key`: synonyms, abbreviations
and qualifiers folded) and the same year are the candidates; the verdict is one of

- 达成       the result meets the target's bound;
- 基本达成   a 左右 (approx) target missed by no more than the band;
- 未达成     the result falls short;
- 未提及     the next report gives no figure for the subject (never guessed);
- 无法比较   a figure exists but the kinds or units cannot be compared, or the candidates disagree.

Bound semantics (as the ledger's status rules): `min` (以上) met when result ≥ target, `max` (以内)
when ≤, `range` when inside both ends (or beyond on the good side), `exact` and `approx` when the
result is at least the target, or at most for a metric where lower is better (失业率, 居民消费价格 …,
see `lower_is_better` in lexicon/data/synonyms.yaml) and for a decrease (a negative growth such as 能耗下降3%).
Ranks compare positions: 第2位 meets a target of 第3位.

The 左右 band (`Band`): a result below an approx target by at most `points` (for %, ‰ and
个百分点 units) or by at most `ratio` × target (other units) is 基本达成. Defaults 0.5 points and 5%,
the same as the ledger's status rules (`Band.from_rules`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from luoshi.extract.keys import key, lower_is_better, match_key, unit_base
from luoshi.extract.model import Indicator

MET = "达成"
NEARLY = "基本达成"
MISSED = "未达成"
ABSENT = "未提及"
INCOMPARABLE = "无法比较"
VERDICTS: tuple[str, ...] = (MET, NEARLY, MISSED, ABSENT, INCOMPARABLE)

_KIND_CN = {"amount": "总量", "percent": "比率", "growth": "增幅", "rank": "排名"}
_BOUND_SUFFIX = {"approx": "左右", "min": "以上", "max": "以内", "exact": "", "range": ""}
_POINT_UNITS = frozenset({"%", "个百分点"})
_EPS = 1e-9


@dataclass(frozen=True)
class Band:
    """How far below a 左右 target a result may fall and still be 基本达成."""

    points: float = 0.5  # for %, ‰ and 个百分点
    ratio: float = 0.05  # of the target, for other units

    @classmethod
    def from_rules(cls, rules: Any) -> Band:
        """The band of the ledger's status rules (`status.Rules`: approx_band points, tolerance ratio),
        so that the review and the ledger judge a 左右 target alike."""
        return cls(points=float(rules.approx_band), ratio=float(rules.tolerance))

    def width(self, base_unit: str, target: float) -> float:
        return self.points if base_unit in _POINT_UNITS else abs(target) * self.ratio


@dataclass
class Row:
    """One target and what the next report says about it."""

    target: Indicator
    subject: str  # canonical subject key
    group: str  # the part of the report the target sits in (its section below the top heading)
    verdict: str
    reason: str
    result: Indicator | None = None
    candidates: list[Indicator] = field(default_factory=list)  # every candidate when more than one
    near: list[Indicator] = field(default_factory=list)  # similar subjects, for a person to check

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    def to_dict(self) -> dict[str, Any]:
        t, r = self.target, self.result
        return {
            "subject": self.subject,
            "group": self.group,
            "target": describe(t),
            "target_value": t.value,
            "target_value_max": t.value_max,
            "target_unit": t.unit,
            "target_kind": t.kind,
            "target_bound": t.bound,
            "target_year": t.year,
            "target_doc": t.doc,
            "target_span": list(t.span),
            "target_sentence": t.sentence,
            "result": describe(r) if r else "",
            "result_value": r.value if r else None,
            "result_unit": r.unit if r else "",
            "result_kind": r.kind if r else "",
            "result_year": r.year if r else None,
            "result_doc": r.doc if r else "",
            "result_span": list(r.span) if r else None,
            "result_sentence": r.sentence if r else "",
            "verdict": self.verdict,
            "reason": self.reason,
            "candidates": [describe(c) + f"@{c.span[0]}" for c in self.candidates],
            "near": [f"{c.subject} {describe(c)}@{c.span[0]}" for c in self.near],
        }


@dataclass
class Summary:
    counts: dict[str, int]
    total: int
    comparable: int  # 达成 + 基本达成 + 未达成
    rate: float | None  # 兑现率 = (达成 + 基本达成) / comparable
    by_group: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "total": self.total,
            "comparable": self.comparable,
            "rate": self.rate,
            "by_group": self.by_group,
        }


@dataclass
class Review:
    year: int | None
    rows: list[Row]

    def summary(self) -> Summary:
        return summarize(self.rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "summary": self.summary().to_dict(),
            "rows": [r.to_dict() for r in self.rows],
        }


def describe(ind: Indicator) -> str:
    """A target or result as a short phrase: `增长6%左右`, `170亿元以上`, `第3位`, `1—2所`."""
    if ind.bound == "range" and ind.value_max is not None:
        text = f"{_num(ind.value)}—{_num(ind.value_max)}{ind.unit}"
    elif ind.kind == "rank":
        text = f"第{_num(ind.value)}{ind.unit or '位'}"
    else:
        text = f"{_num(abs(ind.value) if ind.kind == 'growth' else ind.value)}{ind.unit}"
    if ind.kind == "growth":
        text = ("下降" if ind.value < 0 else "增长") + text
    return text + _BOUND_SUFFIX.get(ind.bound, "")


def _num(v: float) -> str:
    return f"{v:g}" if abs(v) < 1e15 else str(v)


def group_of(ind: Indicator) -> str:
    if len(ind.section) >= 2:
        return ind.section[1]
    return ind.section[0] if ind.section else ""


def _subject(ind: Indicator) -> str:
    return key(ind.subject_full or ind.subject)


def _pairing(ind: Indicator) -> str:
    return match_key(ind.subject_full or ind.subject)


def _convert(target: Indicator, result: Indicator) -> tuple[str, float, float] | str:
    """Both values in one base unit, or the reason they cannot be compared."""
    if target.kind != result.kind:
        return f"目标为{_KIND_CN[target.kind]}，结果为{_KIND_CN[result.kind]}"
    if target.kind == "rank":
        return ("位", 1.0, 1.0)
    tb, tf = unit_base(target.unit)
    rb, rf = unit_base(result.unit)
    if tb != rb:
        return f"单位不可比：{target.unit or '（无单位）'} 与 {result.unit or '（无单位）'}"
    return (tb, tf, rf)


def judge(target: Indicator, result: Indicator, band: Band | None = None) -> tuple[str, str]:
    """The verdict on one target given one result, and the reason in one line."""
    band = band or Band()
    conv = _convert(target, result)
    if isinstance(conv, str):
        return INCOMPARABLE, conv
    base, tf, rf = conv
    t = target.value * tf
    a = result.value * rf
    # Equal figures written in different units (亿元 vs 万元) differ in the last bits once scaled.
    eps = _EPS * max(1.0, abs(t), abs(a))
    shown = f"目标{describe(target)}，结果{describe(result)}"
    if target.kind == "rank":
        # A smaller position is better; 以内/前N and a plain 第N位 mean the same.
        return (MET, f"{shown}，名次不低于目标") if a <= t + eps else (MISSED, f"{shown}，名次低于目标")
    if target.bound == "min":
        ok = a <= t + eps if t < 0 else a >= t - eps
        return (MET, f"{shown}，达到下限") if ok else (MISSED, f"{shown}，未达到下限")
    if target.bound == "max":
        ok = a >= t - eps if t < 0 else a <= t + eps
        return (MET, f"{shown}，未超过上限") if ok else (MISSED, f"{shown}，超过上限")
    lower = t < 0 or lower_is_better(target.subject_full or target.subject)
    if target.bound == "range" and target.value_max is not None:
        hi = target.value_max * tf
        lo, hi = min(t, hi), max(t, hi)
        if lo - eps <= a <= hi + eps:
            return MET, f"{shown}，在区间内"
        good = a < lo if lower else a > hi
        return (MET, f"{shown}，优于区间") if good else (MISSED, f"{shown}，未达到区间")
    gap = (a - t) if not lower else (t - a)  # ≥ 0 means met
    if gap >= -eps:
        return MET, f"{shown}，{'不高于' if lower else '不低于'}目标"
    if target.bound == "approx" and -gap <= band.width(base, t) + eps:
        return NEARLY, f"{shown}，差{_gap(-gap / tf, target.unit)}，在“左右”幅度内"
    return MISSED, f"{shown}，差{_gap(-gap / tf, target.unit)}"


def _gap(value: float, unit: str) -> str:
    # A gap between two percentages is in points, not per cent.
    return f"{_num(round(value, 6))}{'个百分点' if unit in ('%', '％') else unit}"


def _year_ok(result: Indicator, year: int | None) -> bool:
    if year is None or result.year == year:
        return True
    # A review figure with no year stated belongs to the year under review.
    return result.year is None and result.part == "review"


def index_results(results: Iterable[Indicator], year: int | None) -> dict[str, list[Indicator]]:
    """The actual indicators for `year`, by subject key, in text order."""
    index: dict[str, list[Indicator]] = {}
    for r in results:
        if r.stance == "actual" and _year_ok(r, year):
            index.setdefault(_pairing(r), []).append(r)
    return index


def review_row(
    target: Indicator,
    results: list[Indicator],
    *,
    year: int | None = None,
    band: Band | None = None,
    index: dict[str, list[Indicator]] | None = None,
) -> Row:
    """Judge one target against the actual indicators of the next report (`index`: the same,
    from `index_results`, when judging many targets against one report)."""
    if index is None:
        index = index_results(results, year)
    subject = _subject(target)
    row = Row(target=target, subject=subject, group=group_of(target), verdict=ABSENT, reason="")
    same = index.get(_pairing(target), [])
    if any(not r.optional for r in same):
        same = [r for r in same if not r.optional]  # borderline figures only when nothing else
    if not same:
        row.reason = "下一年报告未给出该指标的数字"
        row.near = _near(_pairing(target), index)
        return row
    kind = [r for r in same if not isinstance(_convert(target, r), str)]
    if not kind:
        row.verdict = INCOMPARABLE
        row.reason = "；".join(dict.fromkeys(str(_convert(target, r)) for r in same))
        row.candidates = same if len(same) > 1 else []
        row.result = same[0] if len(same) == 1 else None
        return row
    # The same figure stated twice (headline and body) is one candidate.
    distinct: dict[float, Indicator] = {}
    for r in kind:
        base_value = r.value * unit_base(r.unit)[1]
        distinct.setdefault(round(base_value, 9), r)
    if len(distinct) == 1:
        row.result = kind[0]
        row.verdict, row.reason = judge(target, kind[0], band)
        return row
    row.candidates = list(distinct.values())
    verdicts = {judge(target, r, band)[0] for r in row.candidates}
    listed = "、".join(describe(r) for r in row.candidates)
    if len(verdicts) == 1:
        row.verdict = verdicts.pop()
        row.reason = f"有{len(row.candidates)}个候选结果（{listed}），结论一致"
    else:
        row.verdict = INCOMPARABLE
        row.reason = f"有{len(row.candidates)}个候选结果（{listed}），结论不一致，需人工确认"
    return row


def _near(subject: str, index: dict[str, list[Indicator]]) -> list[Indicator]:
    """Results whose subject contains the target's or is contained in it: shown, never used."""
    if len(subject) < 2:
        return []
    out: list[Indicator] = []
    for k, rs in index.items():
        if k and k != subject and (subject in k or (len(k) >= 4 and k in subject)):
            out.extend(rs)
    return sorted(out, key=lambda r: r.span)[:5]


def target_year(targets: Iterable[Indicator]) -> int | None:
    """The year most targets are for: the year the report plans."""
    years = Counter(t.year for t in targets if t.stance == "target" and t.year is not None)
    return years.most_common(1)[0][0] if years else None


def review(
    targets: Iterable[Indicator],
    results: Iterable[Indicator],
    *,
    year: int | None = None,
    band: Band | None = None,
    include_optional: bool = False,
) -> Review:
    """Judge the targets of one report (for `year`, default: the year most targets name) against
    the results of the next, one row per target (a figure restated is one target). Targets for other
    years (five-year goals) are left out; targets with no year are taken as the report's."""
    tlist = [t for t in targets if t.stance == "target" and (include_optional or not t.optional)]
    rlist = list(results)
    if year is None:
        year = target_year(tlist)
    due = one_per_target([t for t in tlist if t.year is None or year is None or t.year == year])
    index = index_results(rlist, year)
    return Review(year=year, rows=[review_row(t, rlist, year=year, band=band, index=index) for t in due])


# Subjects that name no metric of their own: a target restated under them (确定5%左右的增长目标,
# 这一目标) is the one stated before with the same figure.
_GENERIC = frozenset({"", "增长", "增长目标", "目标", "预期目标", "主要预期目标", "指标", "这一目标", "上述目标"})


def one_per_target(targets: list[Indicator]) -> list[Indicator]:
    """A figure a report states twice (the target list, then the sentences that explain it) is one
    target: the later statement of the same subject (or of a subject that names no metric), kind,
    bound, year and value is left out."""
    seen: dict[tuple[Any, ...], list[str]] = {}
    out = []
    for t in targets:
        base, factor = unit_base(t.unit)
        figure = (t.kind, t.bound, t.year, base, round(t.value * factor, 9))
        subject = _subject(t)
        earlier = seen.setdefault(figure, [])
        if earlier and (subject in earlier or subject in _GENERIC or key(t.subject) in _GENERIC):
            continue
        earlier.append(subject)
        out.append(t)
    return out


def summarize(rows: Iterable[Row]) -> Summary:
    """Counts per verdict, the 兑现率 over comparable targets, the same per group."""
    rows = list(rows)

    def stats(rs: list[Row]) -> dict[str, Any]:
        c = Counter(r.verdict for r in rs)
        counts = {v: c.get(v, 0) for v in VERDICTS}
        comparable = counts[MET] + counts[NEARLY] + counts[MISSED]
        rate = (counts[MET] + counts[NEARLY]) / comparable if comparable else None
        return {"counts": counts, "total": len(rs), "comparable": comparable, "rate": rate}

    whole = stats(rows)
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.group, []).append(r)
    return Summary(
        counts=whole["counts"],
        total=whole["total"],
        comparable=whole["comparable"],
        rate=whole["rate"],
        by_group={g: stats(rs) for g, rs in groups.items()},
    )
