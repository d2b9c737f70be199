"""The time schedule of a target: report periods, the period ends at which reports are due, and
时序进度 (the share of the time elapsed). Pure functions on dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: date
    end: date


_PERIOD = re.compile(
    r"^(?P<y>\d{4})(?:(?:-|年)?(?:(?P<q>Q[1-4]|[一二三四]季度|第[一二三四]季度)|(?P<h>H[12]|上半年|下半年)"
    r"|(?P<m>\d{1,2})(?:月)?(?:-(?P<d>\d{1,2}))?))?(?:年)?$",
    re.IGNORECASE,
)
_CN_Q = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_period(text: str) -> Period:
    """`2024`, `2024-H1`, `2024-Q2`, `2024-06`, `2024-06-30` (and 2024年二季度, 2024年上半年, 2024年6月)
    → Period. Raises ValueError on anything else."""
    t = text.strip().replace(" ", "")
    m = _PERIOD.match(t)
    if not m:
        raise ValueError(
            f"无法识别的报送期 / unknown period: {text!r} (use 2024, 2024-H1, 2024-Q2, 2024-06, 2024-06-30)"
        )
    y = int(m.group("y"))
    if m.group("q"):
        q_text = m.group("q").upper()
        q = int(q_text[1]) if q_text.startswith("Q") else _CN_Q[q_text.strip("第季度")[0]]
        start = date(y, 3 * q - 2, 1)
        end = date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
        return Period(f"{y}-Q{q}", start, end)
    if m.group("h"):
        h = 1 if m.group("h").upper() in ("H1", "上半年") else 2
        return Period(
            f"{y}-H{h}", date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31)
        )
    if m.group("m"):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            raise ValueError(f"月份不对 / bad month in period {text!r}")
        last = calendar.monthrange(y, mo)[1]
        if m.group("d"):
            d = int(m.group("d"))
            if not 1 <= d <= last:
                raise ValueError(f"日期不对 / bad day in period {text!r}")
            return Period(f"{y}-{mo:02d}-{d:02d}", date(y, 1, 1), date(y, mo, d))
        return Period(f"{y}-{mo:02d}", date(y, mo, 1), date(y, mo, last))
    return Period(f"{y}", date(y, 1, 1), date(y, 12, 31))


def checkpoints(start: date, deadline: date, frequency: str) -> list[date]:
    """The period ends at which a report is due, from `start` to `deadline` (the deadline is always one)."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}.get(frequency, 3)
    out: list[date] = []
    y, m = start.year, 0
    while True:
        m += months
        yy, mm = y + (m - 1) // 12, (m - 1) % 12 + 1
        end = date(yy, mm, calendar.monthrange(yy, mm)[1])
        if end >= deadline:
            break
        if end >= start:
            out.append(end)
    out.append(deadline)
    return out


def elapsed(start: date, deadline: date, on: date) -> float:
    """时序进度: the share of [start, deadline] elapsed by the end of day `on`, in [0, 1]."""
    total = (deadline - start).days + 1
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, ((on - start).days + 1) / total))
