"""Workbooks of the analysis tables, 横向比较 and 历年对比 (CLI and web share them). Cells are never formulas: a text
that a spreadsheet would read as one (=, +, -, @ first) is stored as text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook

    from luoshi.analysis.compare import CompareTable
    from luoshi.analysis.series import Series

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LEVEL = {"省": "省级", "市": "市级", "县": "县级"}
_BOUND = {"exact": "", "approx": "左右", "min": "以上", "max": "以内", "range": "区间"}


def safe_text(value: Any) -> Any:
    """A value for a CSV cell: text that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _append(ws: Any, values: list[Any]) -> None:
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"  # a text such as "=1+1" stays text


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> Any:
    from luoshi.export.sheet import head_style, table_layout

    ws = wb.create_sheet(title)
    _append(ws, header)
    head_style(ws, 1, len(header))
    for row in rows:
        _append(ws, row)
    table_layout(ws, header_row=1, widths=widths, ncols=len(header), freeze="C2")
    return ws


def compare_workbook(table: CompareTable) -> Workbook:
    """Sheet 横向比较 (one row per report, the cells as written) and 明细 (one row per cell, with
    value, upper end, unit, bound and the sentence it comes from)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    names = table.indicators
    wide = [[r.region or r.doc, _LEVEL.get(r.level or "", r.level or ""), r.year, *[
        (r.cells[n].text if n in r.cells else "") for n in names]] for r in table.rows]
    _sheet(wb, "横向比较", ["地区", "层级", "年份", *names], wide, [16, 6, 6, *([12] * len(names))])
    detail = []
    for r in table.rows:
        for n in names:
            c = r.cells.get(n)
            if c is not None:
                detail.append([r.region or r.doc, r.year, n, c.text, c.value, c.value_max, c.unit,
                               _BOUND.get(c.bound or "", "文字"), c.mention,
                               f"{c.span[0]}-{c.span[1]}" if c.span else "", r.doc, c.sentence])
    _sheet(wb, "明细", ["地区", "年份", "指标", "单元格", "数值", "上限", "单位", "界限", "原文数字", "位置", "报告",
                         "所在句子"], detail, [16, 6, 18, 14, 8, 8, 8, 6, 10, 12, 16, 60])
    return wb


def series_workbook(series: Series) -> Workbook:
    """Sheet 历年对比 (one row per region, indicator and year: target, result, verdict) and 图表 (per
    region and indicator, a line chart of the target's lower and upper end and the result)."""
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    rows = [[p.region, p.indicator, p.year, p.target.text if p.target else "", p.result.text if p.result else "",
             p.verdict, p.reason, p.target_doc, p.result_doc] for p in series.points]
    _sheet(wb, "历年对比", ["地区", "指标", "年份", "目标", "结果（次年报告）", "结论", "理由", "目标报告", "结果报告"],
           rows, [14, 18, 6, 14, 14, 8, 40, 16, 16])
    charts = wb.create_sheet("图表")
    at = 1
    for region in series.regions:
        for name in series.indicators:
            pts = [p for p in series.points if p.region == region and p.indicator == name and p.target]
            if len(pts) < 2 and not any(p.result for p in pts):
                continue  # one year with no result: nothing to draw
            charts.cell(at, 1, f"{region} {name}")
            _append_at(charts, at + 1, ["年份", "目标", "目标上限", "结果"])
            for i, p in enumerate(pts, at + 2):
                t = p.target
                assert t is not None
                _append_at(charts, i, [str(p.year), t.value, t.value_max if t.value_max is not None else t.value,
                                       p.result.value if p.result else None])
            chart = LineChart()
            chart.title = f"{region} {name}：目标与结果"
            chart.y_axis.title = pts[0].target.unit if pts[0].target else ""
            data = Reference(charts, min_col=2, max_col=4, min_row=at + 1, max_row=at + 1 + len(pts))
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(charts, min_col=1, min_row=at + 2, max_row=at + 1 + len(pts)))
            chart.height, chart.width = 7, 14
            charts.add_chart(chart, f"F{at}")
            at += max(len(pts) + 3, 16)
    return wb


def _append_at(ws: Any, row: int, values: list[Any]) -> None:
    for col, v in enumerate(values, 1):
        cell = ws.cell(row, col, v)
        if isinstance(v, str) and cell.data_type == "f":
            cell.data_type = "s"
