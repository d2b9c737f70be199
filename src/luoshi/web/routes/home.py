"""首页 of the office: what needs its attention today, counted as every page and export counts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from luoshi.web import store
from luoshi.web.deps import AdminUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/home")
def office_home(request: Request, user: AdminUser, session: SessionDep,
                report: Annotated[int | None, Query()] = None) -> Response:
    as_of = store.today(request.app.state.settings)
    report_id = store.current_report_id(session, report, user)
    data = store.office_home(session, request.app.state.cache, user, as_of, report_id) if report_id else None
    return render(request, "home.html", {"data": data, "report_id": report_id, "as_of": as_of,
                                         "reports": store.reports(session, user)})
