"""总览: counts per status, completion by section and department, lagging list, main target cards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from luoshi.web import store
from luoshi.web.cache import ledger_version
from luoshi.web.deps import ReaderUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/dashboard")
def dashboard_page(request: Request, user: ReaderUser, session: SessionDep,
                   report: Annotated[int | None, Query()] = None) -> Response:
    as_of = store.today(request.app.state.settings)
    cache = request.app.state.cache
    version = ledger_version(session)
    reports = store.report_choices(session, cache, user, version)
    report_id = store.current_report_id(session, report, user, reports)
    data = store.dashboard(session, cache, as_of, report_id, version) if report_id else None
    body_html = None
    if data is not None:
        # The body is the same for every reader: rendered once per ledger version.
        tpl = request.app.state.templates.env.get_template("_dashboard_body.html")
        key = ("dashboard-body", version, as_of, report_id)
        body_html = cache.get(key, lambda: Markup(tpl.render(data=data, report_id=report_id)))
    return render(request, "dashboard.html", {"data": data, "report_id": report_id, "as_of": as_of,
                                              "reports": reports, "body_html": body_html})
