"""What the 横向比较 and 历年对比 pages show: each imported report's cells (luoshi.analysis.compare) and
a region's series (luoshi.analysis.series), computed from the stored report text once per text and
kept in the view cache; and the ECharts options that draw them.

Only reports of the regions the user may see are passed in (`luoshi.ledger` decides which).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from luoshi.analysis.compare import Cell, ReportRow
from luoshi.analysis.series import Point, Report, build

_BOUND_LABEL = {"exact": "确数", "approx": "左右", "min": "以上（下限）", "max": "以内（上限）", "range": "区间"}
_BOUND_COLOUR = {"exact": "#64748b", "approx": "#2563eb", "min": "#16a34a", "max": "#d97706", "range": "#7c3aed"}


@dataclass(frozen=True)
class Entry:
    """One imported report and what compare and series make of it."""

    report_id: int
    region: str
    region_id: int
    level: str
    year: int
    row: ReportRow  # compare cells, targets
    series: Report


def _analyse(report: Any) -> tuple[ReportRow, Report]:
    from luoshi.analysis.compare import report_row
    from luoshi.analysis.series import report_of
    from luoshi.document import read_bytes
    from luoshi.extract.pipeline import extract

    doc = read_bytes(report.text.encode("utf-8"), f"report-{report.id}", f"report-{report.id}.txt")
    records = extract(doc)
    row = report_row(doc, records, stance="target", scope="all")
    rep = report_of(doc, records)
    # The ledger knows the region, level and year: they win over what the text says.
    rep.region, rep.year = report.region.name, report.year
    row.region, row.level, row.year = report.region.name, report.region.level or row.level, report.year
    return row, rep


def entries(cache: Any, reports: list[Any]) -> list[Entry]:
    """The reports' cells, each computed once per report text (the key holds the text's hash)."""
    out = []
    for r in reports:
        digest = r.sha256 or hashlib.sha256(r.text.encode("utf-8")).hexdigest()
        row, rep = cache.get(("compare-entry", r.id, digest), lambda r=r: _analyse(r))
        out.append(Entry(r.id, r.region.name, r.region_id, r.region.level or "", r.year, row, rep))
    return out


def indicator_names(items: list[Entry]) -> list[str]:
    """The catalogue indicators with a figure in any report, the most widely given first."""
    from luoshi.extract.catalogue import default_catalogue

    count: dict[str, int] = {}
    for e in items:
        for name, cell in e.row.cells.items():
            if cell.value is not None:
                count[name] = count.get(name, 0) + 1
    order = {n: i for i, n in enumerate(default_catalogue().names)}
    return sorted(count, key=lambda n: (-count[n], order.get(n, 10**6)))


@dataclass
class Bar:
    entry: Entry
    cell: Cell


def bars(items: list[Entry], indicator: str, year: int | None = None) -> tuple[list[Bar], list[Bar]]:
    """Each report's cell for `indicator`: those with a number (highest first, a range by its middle)
    and words-only ones."""
    numeric: list[Bar] = []
    words: list[Bar] = []
    for e in items:
        cell = e.row.cells.get(indicator)
        if cell is None or (year is not None and e.year != year):
            continue
        (numeric if cell.value is not None else words).append(Bar(e, cell))
    numeric.sort(key=lambda b: (-_middle(b.cell), b.entry.region))
    return numeric, words


def _middle(c: Cell) -> float:
    """Where a bar sorts: its value, or the middle of a range (5%—5.5% sorts at 5.25%)."""
    lo = float(c.value or 0)
    return (lo + float(c.value_max)) / 2 if c.value_max is not None else lo


def _unit_groups(numeric: list[Bar]) -> tuple[str, list[Bar], list[Bar]]:
    """The bars in the most common unit (drawn), and the others (listed: another unit is another scale)."""
    count: dict[str, int] = {}
    for b in numeric:
        count[b.cell.unit] = count.get(b.cell.unit, 0) + 1
    unit = max(count, key=lambda u: count[u]) if count else ""
    return unit, [b for b in numeric if b.cell.unit == unit], [b for b in numeric if b.cell.unit != unit]


def compare_chart(indicator: str, numeric: list[Bar], link: Any) -> tuple[dict[str, Any], list[str], list[Bar]]:
    """An ECharts option: one bar per report, sorted, coloured by bound; a range is drawn from its lower
    to its upper end, a 以上 target with an upward marker, a 以内 one with a downward marker. Returns
    the option, the link of each bar (click → the sentence) and the bars left out for their unit."""
    unit, drawn, other = _unit_groups(numeric)
    names = [f"{b.entry.region} {b.entry.year}" for b in drawn]
    base: list[dict[str, Any]] = []
    span: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    for i, b in enumerate(drawn):
        c = b.cell
        lo = float(c.value or 0)
        hi = float(c.value_max) if c.value_max is not None else lo
        colour = _BOUND_COLOUR.get(c.bound or "exact", "#64748b")
        if c.bound == "range":  # the lower end, pale; the range above it in the bound's colour
            base.append({"value": lo, "itemStyle": {"color": "#e9d5ff"}})
            span.append({"value": hi - lo, "itemStyle": {"color": colour}, "label": {"show": True, "formatter": c.text}})
        else:
            base.append({"value": 0})
            span.append({"value": lo, "itemStyle": {"color": colour}, "label": {"show": True, "formatter": c.text}})
        if c.bound in ("min", "max"):
            marks.append({"value": [i, hi], "symbol": "triangle", "symbolRotate": 0 if c.bound == "min" else 180,
                          "itemStyle": {"color": colour}})
    option = {
        "title": {"text": f"{indicator}（{unit or '无单位'}）", "left": "center", "textStyle": {"fontSize": 14}},
        "grid": {"left": 60, "right": 20, "top": 50, "bottom": 90},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": 40, "interval": 0}},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {"name": "下端", "type": "bar", "stack": "t", "data": base, "tooltip": {"show": False}, "silent": True},
            {"name": indicator, "type": "bar", "stack": "t", "data": span, "barMaxWidth": 36,
             "label": {"position": "top", "fontSize": 11}},
            {"name": "界限", "type": "scatter", "data": marks, "symbolSize": 10, "silent": True},
        ],
        "legend": {"show": False},
    }  # fmt: skip
    return option, [link(b) for b in drawn], other


def bound_legend() -> list[tuple[str, str]]:
    return [(_BOUND_LABEL[k], _BOUND_COLOUR[k]) for k in ("exact", "approx", "min", "max", "range")]


def region_series(items: list[Entry], region_id: int, indicators: list[str] | None = None) -> list[Point]:
    """The points of one region: each year's target beside the next year's result."""
    mine = [e.series for e in items if e.region_id == region_id]
    return build(mine, indicators=indicators).points


def series_chart(indicator: str, points: list[Point]) -> dict[str, Any]:
    """An ECharts option: the target band (lower to upper end) as bars, the result as a line."""
    pts = [p for p in points if p.indicator == indicator and p.target is not None]
    years = [str(p.year) for p in pts]
    unit = pts[0].target.unit if pts and pts[0].target else ""
    lows = [p.target.value if p.target else None for p in pts]
    band = [((p.target.value_max or p.target.value or 0) - (p.target.value or 0)) if p.target else None for p in pts]
    results = [p.result.value if p.result and p.result.unit == unit else None for p in pts]
    return {
        "title": {"text": f"{indicator}：目标与次年报告的结果", "left": "center", "textStyle": {"fontSize": 14}},
        "grid": {"left": 60, "right": 20, "top": 76, "bottom": 40},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 34, "data": ["目标", "结果"]},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            {"name": "目标", "type": "bar", "stack": "b", "data": lows, "itemStyle": {"color": "#93c5fd"},
             "barMaxWidth": 40},
            {"name": "目标区间", "type": "bar", "stack": "b", "data": band, "itemStyle": {"color": "#2563eb"},
             "barMaxWidth": 40},
            {"name": "结果", "type": "line", "data": results, "itemStyle": {"color": "#b3261e"}, "symbolSize": 9,
             "connectNulls": False},
        ],
    }  # fmt: skip
