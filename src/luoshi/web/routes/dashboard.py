"""总览: counts per status, completion by section and department, lagging list, main target cards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from luoshi.web import store
from luoshi.web.deps import ReaderUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
def dashboard_page(request: Request, user: ReaderUser, session: SessionDep,
                   report: Annotated[int | None, Query()] = None) -> Response:
    as_of = store.today(request.app.state.settings)
    report_id = store.current_report_id(session, report)
    data = store.dashboard(session, request.app.state.cache, as_of, report_id) if report_id else None
    return render(request, "dashboard.html", {"data": data, "report_id": report_id, "as_of": as_of,
                                              "reports": store.reports(session)})
