"""Status rules: pure functions from a target's facts and its latest accepted progress to a status in
the words supervision offices use, a reason in words, and a colour warning. No database here.

    evaluate(facts, latest, as_of, rules) -> Status
    rollup(parent_status_or_None, child_statuses) -> Status

The time schedule (periods, due dates, 时序进度) is in `schedule.py`, the warning colours in `colours.py`.

Statuses: 已完成 / 超进度 / 达进度 / 欠进度 / 严重欠进度 / 未报送 / 无法判断 (and 已撤销 for a withdrawn target).
Warnings: 红 (overdue: past the deadline and not done), 黄 (behind 时序进度, report missing, or the latest
report was sent back), 蓝 (deadline within `near_days`), else None. The rules with worked examples are in
docs/ledger.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from luoshi.ledger.rules import colours
from luoshi.ledger.rules.schedule import checkpoints, elapsed

DONE, AHEAD, ON_TRACK, BEHIND, SERIOUS, MISSING, UNKNOWN, WITHDRAWN = (
    "已完成",
    "超进度",
    "达进度",
    "欠进度",
    "严重欠进度",
    "未报送",
    "无法判断",
    "已撤销",
)
STATUSES: tuple[str, ...] = (DONE, AHEAD, ON_TRACK, BEHIND, SERIOUS, MISSING, UNKNOWN)
# Worst first: the order a roll-up and a lagging list use.
SEVERITY: dict[str, int] = {
    SERIOUS: 6,
    MISSING: 5,
    BEHIND: 4,
    UNKNOWN: 3,
    ON_TRACK: 2,
    AHEAD: 1,
    DONE: 0,
    WITHDRAWN: -1,
}
LAGGING: frozenset[str] = frozenset({BEHIND, SERIOUS, MISSING})


@dataclass(frozen=True, slots=True)
class Rules:
    """The office's settings. `tolerance` and `serious_gap` are fractions of the target;
    `approx_band` is in the target's unit for percent-like units (% / 个百分点), else a fraction."""

    tolerance: float = 0.05
    serious_gap: float = 0.20
    approx_band: float = 0.5
    grace_days: int = 10
    near_days: int = 15

    @classmethod
    def from_settings(cls, settings: Any) -> Rules:
        return cls(
            tolerance=settings.tolerance,
            serious_gap=settings.serious_gap,
            approx_band=settings.approx_band,
            grace_days=settings.grace_days,
            near_days=settings.near_days,
        )


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules need to know about a target."""

    type: str = "quantified"  # quantified / task / item / subtask
    measure: str | None = "cumulative"  # cumulative / level / None (judged by stage)
    kind: str | None = "amount"
    bound: str | None = "exact"
    value: float | None = None
    value_max: float | None = None
    unit: str | None = ""
    start: date = date(2024, 1, 1)
    deadline: date = date(2024, 12, 31)
    frequency: str = "quarter"
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """The latest accepted progress report that counts."""

    period: str
    period_end: date
    value: float | None = None
    stage: str | None = None


@dataclass(frozen=True, slots=True)
class Status:
    status: str
    reason: str
    warning: str | None = None
    ratio: float | None = None  # completion: value reached / target (cumulative amounts)
    expected: float | None = None  # 时序进度: share of the period elapsed
    overridden: bool = False
    period: str | None = None  # the period of the reading judged

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def lagging(self) -> bool:
        return self.status in LAGGING


def due_checkpoint(facts: Facts, as_of: date, rules: Rules) -> date | None:
    """The latest period end whose report should have arrived by `as_of` (period end + grace days)."""
    due = None
    for end in checkpoints(facts.start, facts.deadline, facts.frequency):
        if end + timedelta(days=rules.grace_days) < as_of:
            due = end
    return due


# ---- evaluation ------------------------------------------------------------------------------------


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:g}"


def _percentlike(unit: str | None) -> bool:
    return (unit or "") in ("%", "个百分点", "‰")


def _warning(status: str, facts: Facts, as_of: date, rules: Rules, returned: bool = False) -> str | None:
    return colours.warning(
        settled=status in (DONE, WITHDRAWN),
        overdue=as_of > facts.deadline,
        lagging=status in LAGGING or returned,
        days_left=(facts.deadline - as_of).days,
        near_days=rules.near_days,
    )


def evaluate(
    facts: Facts,
    latest: Reading | None,
    as_of: date,
    rules: Rules | None = None,
    *,
    override: tuple[str, str] | None = None,
    returned: bool = False,
) -> Status:
    """The status of one target as of `as_of`. `latest` is its latest accepted reading with
    `period_end <= as_of`; `override` is the office's (status, reason); `returned` says the latest report
    was sent back (a quality warning)."""
    rules = rules or Rules()
    if facts.withdrawn:
        return Status(WITHDRAWN, "已撤销，不再跟踪")
    if override is not None:
        status, reason = override
        return Status(
            status, f"督查室认定：{reason}", _warning(status, facts, as_of, rules, returned), overridden=True
        )
    st = _judge(facts, latest, as_of, rules)
    if st.status != DONE:
        due = due_checkpoint(facts, as_of, rules)
        if due is not None and (latest is None or latest.period_end < due):
            when = due + timedelta(days=rules.grace_days)
            last = f"；最近一次（{latest.period}）{st.status}：{st.reason}" if latest else ""
            st = Status(
                MISSING,
                f"截至{due:%Y-%m-%d}的进展应于{when:%Y-%m-%d}前报送，尚未报送{last}",
                ratio=st.ratio,
                expected=st.expected,
                period=st.period,
            )
    warning = _warning(st.status, facts, as_of, rules, returned)
    if returned and st.status != DONE:
        st = Status(
            st.status, st.reason + "；最近一次报送被退回", warning, st.ratio, st.expected, False, st.period
        )
    return Status(st.status, st.reason, warning, st.ratio, st.expected, False, st.period)


def _judge(facts: Facts, r: Reading | None, as_of: date, rules: Rules) -> Status:
    if r is None:
        first = checkpoints(facts.start, facts.deadline, facts.frequency)[0]
        return Status(UNKNOWN, f"尚无进展报送（首次报送期截至{first:%Y-%m-%d}）")
    overdue = as_of > facts.deadline
    if facts.measure is None or facts.value is None:
        return _judge_stage(facts, r, as_of, overdue)
    if r.value is None:
        if r.stage == DONE:
            return Status(DONE, "报送为已完成（未报数值）", period=r.period)
        return Status(
            UNKNOWN,
            f"{r.period}报送没有数值，无法与目标{_num(facts.value)}{facts.unit or ''}比较",
            period=r.period,
        )
    if facts.measure == "cumulative" and facts.bound != "max":
        return _judge_cumulative(facts, r, overdue, rules)
    return _judge_level(facts, r, overdue, rules)


def _judge_stage(facts: Facts, r: Reading, as_of: date, overdue: bool) -> Status:
    expected = elapsed(facts.start, facts.deadline, r.period_end)
    stage = r.stage or ""
    if stage == DONE:
        return Status(DONE, f"{r.period}报送已完成", expected=expected, period=r.period)
    if r.value is not None and r.stage is None:  # a task reported as percent complete
        ratio = r.value / 100
        if ratio >= 1:
            return Status(DONE, f"{r.period}报送完成100%", ratio=1.0, expected=expected, period=r.period)
        return _by_time(ratio, expected, overdue, f"{r.period}报送完成{_num(r.value)}%", Rules(), r.period)
    if overdue:
        return Status(
            SERIOUS,
            f"已过完成时限（{facts.deadline:%Y-%m-%d}）仍未完成，报送阶段：{stage or '未说明'}",
            expected=expected,
            period=r.period,
        )
    if stage == "滞后":
        return Status(BEHIND, f"{r.period}报送阶段为滞后", expected=expected, period=r.period)
    if stage == "未启动":
        if expected > 0.5:
            return Status(SERIOUS, f"时间已过{expected:.0%}仍未启动", expected=expected, period=r.period)
        if expected > 0.25:
            return Status(BEHIND, f"时间已过{expected:.0%}仍未启动", expected=expected, period=r.period)
        return Status(ON_TRACK, "尚未启动，仍在计划时间内", expected=expected, period=r.period)
    if stage == "推进中":
        return Status(ON_TRACK, f"{r.period}报送按计划推进中", expected=expected, period=r.period)
    return Status(UNKNOWN, f"{r.period}报送没有说明进展阶段", expected=expected, period=r.period)


def _by_time(ratio: float, expected: float, overdue: bool, said: str, rules: Rules, period: str) -> Status:
    gap = ratio - expected
    detail = f"{said}，完成{ratio:.1%}，时序进度{expected:.1%}"
    if overdue:
        return Status(SERIOUS, f"已过完成时限仍未完成：{detail}", None, ratio, expected, period=period)
    if gap > rules.tolerance:
        return Status(AHEAD, f"{detail}，超前{gap:.1%}", None, ratio, expected, period=period)
    if gap >= -rules.tolerance:
        return Status(ON_TRACK, detail, None, ratio, expected, period=period)
    if gap >= -rules.serious_gap:
        return Status(BEHIND, f"{detail}，落后{-gap:.1%}", None, ratio, expected, period=period)
    return Status(SERIOUS, f"{detail}，落后{-gap:.1%}", None, ratio, expected, period=period)


def _judge_cumulative(facts: Facts, r: Reading, overdue: bool, rules: Rules) -> Status:
    target = facts.value or 0.0
    unit = facts.unit or ""
    said = f"{r.period}累计{_num(r.value)}{unit}（目标{_num(target)}{unit}）"
    if target <= 0:
        return Status(UNKNOWN, f"目标值为{_num(target)}，无法计算完成率", period=r.period)
    ratio = (r.value or 0.0) / target
    done_at = 1.0 - rules.tolerance if facts.bound == "approx" else 1.0
    expected = elapsed(facts.start, facts.deadline, r.period_end)
    if ratio >= done_at:
        return Status(DONE, f"{said}，完成{ratio:.1%}", None, ratio, expected, period=r.period)
    return _by_time(ratio, expected, overdue, said, rules, r.period)


def _judge_level(facts: Facts, r: Reading, overdue: bool, rules: Rules) -> Status:
    t = facts.value or 0.0
    v = r.value or 0.0
    unit = facts.unit or ""
    bound = facts.bound or "exact"
    band = rules.approx_band if _percentlike(unit) else abs(t) * rules.tolerance
    final = r.period_end >= facts.deadline
    words = {"approx": "左右", "min": "以上", "max": "以内", "exact": "", "range": ""}
    tgt = (
        f"{_num(t)}—{_num(facts.value_max)}{unit}"
        if bound == "range"
        else f"{_num(t)}{unit}{words.get(bound, '')}"
    )
    said = f"{r.period}为{_num(v)}{unit}，目标{tgt}"
    if facts.kind == "rank":  # a smaller position is better: 第3位 is met by 第2位
        said = f"{r.period}排第{_num(v)}位，目标第{_num(t)}位"
        shortfall = v - t
        met, ahead = v <= t, v < t
        rel = shortfall / t if t else 1.0
    elif bound == "max":
        met, ahead = v <= t, False
        shortfall = v - t
        rel = shortfall / abs(t) if t else 1.0
    elif bound == "range":
        hi = facts.value_max if facts.value_max is not None else t
        met, ahead = t <= v <= hi, v > hi
        shortfall = t - v
        rel = shortfall / abs(t) if t else 1.0
    else:
        low = t - band if bound == "approx" else t
        met, ahead = v >= low - 1e-9, v > t + band
        shortfall = low - v
        rel = shortfall / abs(t) if t else 1.0
    # A gap between percentages is in 个百分点, between ranks in 位.
    gap_unit = "位" if facts.kind == "rank" else ("个百分点" if unit == "%" else unit)
    if met and final:
        return Status(DONE, f"{said}，全年目标实现", period=r.period)
    if met and ahead:
        return Status(AHEAD, f"{said}，高于目标", period=r.period)
    if met:
        return Status(ON_TRACK, f"{said}，达到目标", period=r.period)
    if overdue or final:
        return Status(SERIOUS, f"{said}，全年未达目标", period=r.period)
    if rel <= rules.serious_gap:
        return Status(
            BEHIND,
            f"{said}，差{_num(round(shortfall, 4))}{gap_unit}",
            period=r.period,
        )
    return Status(
        SERIOUS,
        f"{said}，差{_num(round(shortfall, 4))}{gap_unit}，差距超过{rules.serious_gap:.0%}",
        period=r.period,
    )


def rollup(
    own: Status | None, children: list[Status], facts: Facts, as_of: date, rules: Rules | None = None
) -> Status:
    """A parent's status from its sub-targets (and its own reading, if any): all done → 已完成, else the
    worst status among them, with counts in the reason."""
    rules = rules or Rules()
    live = [c for c in children if c.status != WITHDRAWN]
    if not live:
        return own or Status(UNKNOWN, "没有下属任务")
    members = [*live, *([own] if own is not None and own.status != UNKNOWN else [])]
    counts: dict[str, int] = {}
    for c in live:
        counts[c.status] = counts.get(c.status, 0) + 1
    summary = "，".join(f"{k}{n}项" for k, n in sorted(counts.items(), key=lambda kv: -SEVERITY[kv[0]]))
    if all(c.status == DONE for c in members):
        return Status(DONE, f"下属{len(live)}项全部完成")
    worst = max(members, key=lambda c: SEVERITY[c.status])
    status = worst.status
    if status == DONE:  # some done, some not judged
        status = ON_TRACK
    warning = max((c.warning for c in members), key=lambda w: colours.WARNING_RANK[w])
    own_warning = _warning(status, facts, as_of, rules)
    if colours.WARNING_RANK[own_warning] > colours.WARNING_RANK[warning]:
        warning = own_warning
    return Status(status, f"下属{len(live)}项：{summary}", warning)
