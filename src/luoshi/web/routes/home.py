"""首页 of the office: what needs its attention today, counted as every page and export counts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup

from luoshi.web import store
from luoshi.web.cache import ledger_version
from luoshi.web.deps import AdminUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/home")
def office_home(request: Request, user: AdminUser, session: SessionDep,
                report: Annotated[int | None, Query()] = None) -> Response:
    as_of = store.today(request.app.state.settings)
    cache = request.app.state.cache
    version = ledger_version(session)  # read once: every cached part is of this version
    reports = store.report_choices(session, cache, user, version)
    report_id = store.current_report_id(session, report, user, reports)
    data = body_html = None
    if report_id is not None:
        data = store.office_home(session, cache, user, as_of, report_id, version)
        # The body is the same for every office of a region: rendered once per ledger version.
        tpl = request.app.state.templates.env.get_template("_home_body.html")
        key = ("home-body", version, as_of, report_id, user.region_id)
        body_html = cache.get(key, lambda: Markup(tpl.render(data=data, report_id=report_id)))
    from luoshi.web.urging import action_lists

    urge_actions = action_lists(session, user, as_of)  # not cached with the body: 催办 move no ledger version
    return render(request, "home.html", {"data": data, "report_id": report_id, "as_of": as_of, "reports": reports,
                                         "body_html": body_html, "urge_actions": urge_actions})
