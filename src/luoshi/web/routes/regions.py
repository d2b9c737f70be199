"""区域汇总: for a province (or prefecture) office, counts and colours per region below it, each over
its whole subtree; a click drills down one level. What a user sees is `ledger.visibility`'s rule."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from luoshi.web import store
from luoshi.web.cache import ledger_version
from luoshi.web.deps import ReaderUser, SessionDep
from luoshi.web.render import render

router = APIRouter(include_in_schema=False)
COLOUR_CLASS = {"红": "warn-red", "黄": "warn-yellow", "蓝": "warn-blue", "绿": "ok-green"}


@router.get("/regions")
def regions_page(request: Request, user: ReaderUser, session: SessionDep,
                 region: Annotated[int | None, Query()] = None,
                 year: Annotated[int | None, Query(ge=1949, le=2100)] = None) -> Response:
    from luoshi.ledger.operations.visibility import region_rollups
    from luoshi.ledger.rules.status import STATUSES

    as_of = store.today(request.app.state.settings)
    key = ("regions", ledger_version(session), as_of, user.id, region, year)

    def make() -> Any:
        return region_rollups(session, user=user, as_of=as_of, parent=region, year=year)

    view = request.app.state.cache.get(key, make)
    return render(request, "regions.html", {"view": view, "statuses": STATUSES, "colour_class": COLOUR_CLASS,
                                            "as_of": as_of})
