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
    reps = sorted(store.reports(session, user), key=lambda r: (r.year, r.id))
    ctx: dict[str, Any] = {"reports": reps, "plan": plan, "result": result, "review": None, "error": None}
    if plan is None and result is None and len(reps) >= 2:
        # Default: the last pair of consecutive years of one region.
        for a, b in itertools.pairwise(reps):
            if b.region_id == a.region_id and b.year == a.year + 1:
                plan, result = a.id, b.id
        ctx.update(plan=plan, result=result)
    if plan is not None and result is not None:
        by_id = {r.id: r for r in reps}
        if plan not in by_id or result not in by_id:
            raise InvalidInput("请选择两份已导入的报告 / choose two imported reports")
        from luoshi.analysis.review import review

        rv = review(_indicators(request, by_id[plan]), _indicators(request, by_id[result]))
        ctx["review"] = rv
        ctx["summary"] = rv.summary()
    return render(request, "annual.html", ctx)
