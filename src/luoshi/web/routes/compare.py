"""横向比较 (one indicator, every imported report's target as a sorted bar chart), 历年对比 (one
region's targets beside the next year's results) and 原文 (the sentence a figure comes from). Only
the reports of the regions the user may see (`luoshi.ledger.operations.visibility`) are shown."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.errors import NotFound
from luoshi.web import comparison
from luoshi.web.deps import ReaderUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _entries(request: Request, session: Session, user: Any) -> list[comparison.Entry]:
    from luoshi.ledger.operations.visibility import visible_reports

    return comparison.entries(request.app.state.cache, visible_reports(session, user))


def _pick(options: list[str], wanted: str | None, default: str | None = None) -> str | None:
    if wanted:
        if wanted not in options:
            raise NotFound(f"没有报告给出指标“{wanted}” / no report has this indicator")
        return wanted
    return default if default in options else (options[0] if options else None)


def _source_link(bar: comparison.Bar) -> str:
    span = bar.cell.span or (0, 0)
    return f"/compare/source/{bar.entry.report_id}?start={span[0]}&end={span[1]}"


def _compare_table(items: list[comparison.Entry], indicator: str, year: int | None) -> Any:
    from luoshi.analysis.compare import CompareTable

    rows = [e.row for e in items if indicator in e.row.cells and (year is None or e.year == year)]
    return CompareTable(stance="target", indicators=[indicator], rows=rows)


@router.get("/compare")
def compare_page(request: Request, user: ReaderUser, session: SessionDep,
                 indicator: Annotated[str | None, Query(max_length=60)] = None,
                 year: Annotated[int | None, Query(ge=1949, le=2100)] = None) -> Response:
    items = _entries(request, session, user)
    options = comparison.indicator_names(items)
    chosen = _pick(options, indicator, "地区生产总值")
    years = sorted({e.year for e in items}, reverse=True)
    ctx: dict[str, Any] = {"items": items, "options": options, "indicator": chosen, "years": years, "year": year,
                           "legend": comparison.bound_legend(), "numeric": [], "words": [], "other": []}
    if chosen is not None:
        numeric, words = comparison.bars(items, chosen, year)
        option, links, other = comparison.compare_chart(chosen, numeric, _source_link)
        ctx.update(numeric=numeric, words=words, other=other, option=option, links=links, link=_source_link)
    return render(request, "compare.html", ctx)


@router.get("/compare/export.xlsx")
def compare_export(request: Request, user: ReaderUser, session: SessionDep,
                   indicator: Annotated[str | None, Query(max_length=60)] = None,
                   year: Annotated[int | None, Query(ge=1949, le=2100)] = None) -> Response:
    import io

    from luoshi.export.tables import compare_workbook

    items = _entries(request, session, user)
    options = comparison.indicator_names(items)
    if indicator:
        _pick(options, indicator)
        table = _compare_table(items, indicator, year)
    else:  # every indicator: the whole table
        from luoshi.analysis.compare import CompareTable, columns
        from luoshi.extract.catalogue import default_catalogue

        rows = [e.row for e in items if year is None or e.year == year]
        table = CompareTable(stance="target", indicators=columns(rows, default_catalogue()), rows=rows)
    buf = io.BytesIO()
    compare_workbook(table).save(buf)
    name = quote(f"横向比较-{indicator or '全部指标'}.xlsx")
    return Response(buf.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


@router.get("/compare/source/{report_id}")
def source_page(request: Request, user: ReaderUser, session: SessionDep, report_id: int,
                start: Annotated[int, Query(ge=0)] = 0, end: Annotated[int, Query(ge=0)] = 0) -> Response:
    """The paragraph a figure comes from, the figure marked; the ledger target on that span, if any."""
    from sqlalchemy import select

    from luoshi.ledger.operations.visibility import can_see_report
    from luoshi.ledger.storage.models import Report, Target

    report = session.get(Report, report_id)
    if report is None or not can_see_report(session, user, report):
        raise NotFound("没有这份报告，或无权查看 / no such report")
    text = report.text
    start, end = min(start, len(text)), min(max(end, start), len(text))
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    target = session.scalar(select(Target.id).where(Target.report_id == report_id, Target.span_start == start,
                                                    Target.withdrawn_at.is_(None)).limit(1))
    return render(request, "compare_source.html", {
        "report": report, "before": text[a:start], "mark": text[start:end], "after": text[end:b],
        "target_id": target, "start": start, "end": end})


@router.get("/series")
def series_page(request: Request, user: ReaderUser, session: SessionDep,
                region: Annotated[int | None, Query()] = None,
                indicator: Annotated[str | None, Query(max_length=60)] = None) -> Response:
    items = _entries(request, session, user)
    regions = sorted({(e.region_id, e.region) for e in items}, key=lambda r: r[1])
    ctx: dict[str, Any] = {"regions": regions, "region": None, "points": [], "options": [], "indicator": None}
    if regions:
        ids = [r[0] for r in regions]
        if region is not None and region not in ids:
            raise NotFound("没有这个地区的报告，或无权查看 / no reports of this region")
        rid = region if region is not None else max(ids, key=lambda i: sum(e.region_id == i for e in items))
        points = comparison.region_series(items, rid)
        options = list(dict.fromkeys(p.indicator for p in points))
        chosen = _pick(options, indicator, "地区生产总值")
        ctx.update(region=rid, points=points, options=options, indicator=chosen,
                   years=sorted({p.year for p in points}),
                   option=comparison.series_chart(chosen, points) if chosen else None)
    return render(request, "series.html", ctx)


@router.get("/series/export.xlsx")
def series_export(request: Request, user: ReaderUser, session: SessionDep,
                  region: Annotated[int, Query()]) -> Response:
    import io

    from luoshi.analysis.series import Series
    from luoshi.export.tables import series_workbook

    items = _entries(request, session, user)
    if not any(e.region_id == region for e in items):
        raise NotFound("没有这个地区的报告，或无权查看 / no reports of this region")
    buf = io.BytesIO()
    series_workbook(Series(points=comparison.region_series(items, region))).save(buf)
    name = quote(f"历年对比-{next(e.region for e in items if e.region_id == region)}.xlsx")
    return Response(buf.getvalue(), media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
