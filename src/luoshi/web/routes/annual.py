"""年度对比: the targets of one report judged against the results the next year's report states."""

from __future__ import annotations

import itertools
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from luoshi.errors import InvalidInput
from luoshi.web import store
from luoshi.web.deps import ReaderUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)


def _indicators(request: Request, report: Any) -> list[Any]:
    """The report's indicators, extracted once per report text and kept in the view cache."""
    import hashlib

    import luoshi
    from luoshi.document import Document

    key = ("indicators", report.id, hashlib.sha256(report.text.encode("utf-8")).hexdigest())

    def make() -> list[Any]:
        return luoshi.extract(Document(id=f"report-{report.id}", text=report.text))

    inds: list[Any] = request.app.state.cache.get(key, make)
    return inds


@router.get("/annual")
def annual_page(request: Request, user: ReaderUser, session: SessionDep,
                plan: Annotated[int | None, Query()] = None, result: Annotated[int | None, Query()] = None) -> Response:
    reps = sorted(store.reports(session, user), key=lambda r: (r.region_id, r.year, r.id))
    ctx: dict[str, Any] = {"reports": reps, "plan": plan, "result": result, "review": None, "error": None,
                           "notice": None}
    if plan is None and result is None and len(reps) >= 2:
        # Default: the latest pair of consecutive years of one region.
        pairs = [(a, b) for a, b in itertools.pairwise(reps) if b.region_id == a.region_id and b.year == a.year + 1]
        if pairs:
            a, b = max(pairs, key=lambda p: (p[1].year, p[1].id))
            plan, result = a.id, b.id
            ctx.update(plan=plan, result=result)
        else:
            ctx["notice"] = ("已导入的报告中没有同一地区相邻两年的一对（第 N 年的目标、第 N+1 年的实绩），"
                             "无法自动对比。请导入相邻年度的报告，或在上方选择两份报告。")
    if plan is not None and result is not None:
        by_id = {r.id: r for r in reps}
        if plan not in by_id or result not in by_id:
            raise InvalidInput("请选择两份已导入的报告 / choose two imported reports")
        a, b = by_id[plan], by_id[result]
        error = None
        if a.region_id != b.region_id:
            error = (f"两份报告属于不同地区（{a.region.name}、{b.region.name}）：年度对比只在同一地区的相邻两年之间进行；"
                     "不同地区请用“横向比较”。")
        elif b.year <= a.year:
            error = f"实绩报告（{b.year} 年）须晚于目标报告（{a.year} 年），通常是次年的报告。"
        if error:
            ctx["error"] = error
            return render(request, "annual.html", ctx, status_code=400)
        from luoshi.analysis.review import review

        rv = review(_indicators(request, by_id[plan]), _indicators(request, by_id[result]))
        ctx["review"] = rv
        ctx["summary"] = rv.summary()
    return render(request, "annual.html", ctx)
