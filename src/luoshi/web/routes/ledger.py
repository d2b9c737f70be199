"""任务台账: every target of a report, grouped by section, with filters, search, bulk assignment, xlsx."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from luoshi.errors import InvalidInput, NotFound
from luoshi.web import store
from luoshi.web.cache import ledger_version
from luoshi.web.deps import AdminUser, ReaderUser, SessionDep
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/ledger", dependencies=[Depends(check_csrf)], include_in_schema=False)

FILTERS = ("section", "department", "status", "kind", "type", "q")
PAGE_SIZE = 200  # rows per page; `per=all` shows the whole ledger in one table


@router.get("")
def ledger_page(
    request: Request,
    user: ReaderUser,
    session: SessionDep,
    report: Annotated[int | None, Query()] = None,
    section: str = "",
    department: str = "",
    status: str = "",
    kind: str = "",
    type: str = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
    per: Annotated[str, Query(pattern="^(all|[0-9]{1,5})$")] = str(PAGE_SIZE),
) -> Response:
    cache = request.app.state.cache
    as_of = store.today(request.app.state.settings)
    report_id = store.current_report_id(session, report, user)
    rows = store.all_rows(session, cache, as_of, report_id) if report_id is not None else []
    filters = {"section": section, "department": department, "status": status, "kind": kind, "type": type, "q": q}
    shown = store.filter_rows(rows, **filters)
    size = len(shown) or 1 if per == "all" else max(1, int(per))
    pages = max(1, -(-len(shown) // size))
    page = min(page, pages)
    window = shown[(page - 1) * size:page * size]
    # The table is the costly part and the same for every reader: cache its HTML per version and view.
    key = ("ledger-table", ledger_version(session), as_of, report_id, tuple(filters.values()), page, size,
           user.is_admin)
    templates = request.app.state.templates

    def table() -> Markup:
        tpl = templates.env.get_template("_ledger_table.html")
        return Markup(tpl.render(groups=store.grouped(window), selectable=user.is_admin))

    table_html = cache.get(key, table)
    sections = cache.get(("sections", key[1], as_of, report_id), lambda: store.section_options(rows))
    from luoshi.ledger.rules.status import STATUSES

    ctx: dict[str, Any] = {
        "reports": store.reports(session, user), "report_id": report_id, "filters": filters, "total": len(rows),
        "shown": len(shown), "table_html": table_html, "sections": sections,
        "departments": store.departments(session), "statuses": STATUSES, "as_of": as_of,
        "page": page, "pages": pages, "per": per, "first": (page - 1) * size + 1 if shown else 0,
        "last": min(page * size, len(shown)),
        "query": {k: v for k, v in {**filters, "report": report_id, "per": per}.items() if v},
    }
    return render(request, "ledger.html", ctx)


@router.post("/assign")
async def assign(request: Request, user: AdminUser, session: SessionDep) -> Response:
    form = await request.form()
    try:
        ids = [int(str(v)) for v in form.getlist("target_ids")]
        lead = int(str(form.get("lead") or ""))
        co = [int(str(v)) for v in form.getlist("co") if str(v)]
    except ValueError as e:
        raise InvalidInput("请选择目标任务和牵头单位 / choose targets and a lead department") from e
    deadline_s = str(form.get("deadline") or "")
    try:
        deadline = date.fromisoformat(deadline_s) if deadline_s else None
    except ValueError as e:
        raise InvalidInput(f"完成时限格式应为 YYYY-MM-DD / bad deadline: {deadline_s}") from e
    n = store.bulk_assign(session, user, ids, lead, co, deadline)
    flash(request, f"已为 {n} 项目标任务分配责任单位")
    back = str(form.get("back") or "/ledger")
    return RedirectResponse(back if back.startswith("/ledger") else "/ledger", status_code=303)


@router.post("/confirm")
async def confirm(request: Request, user: AdminUser, session: SessionDep) -> Response:
    """确认分工: the selected targets' suggested departments become their confirmed ones (only then do
    the departments see them)."""
    form = await request.form()
    try:
        ids = [int(str(v)) for v in form.getlist("target_ids")]
    except ValueError as e:
        raise InvalidInput("请先勾选要确认分工的目标任务") from e
    back = str(form.get("back") or "/ledger")
    if not ids:  # said on the ledger page it came from
        flash(request, "请先勾选要确认分工的目标任务", "error")
        return RedirectResponse(back if back.startswith("/ledger") else "/ledger", status_code=303)
    n = store.confirm_leads(session, user, ids)
    flash(request, f"已确认 {n} 项目标任务的责任单位" if n else "所选目标任务的分工均已确认")
    return RedirectResponse(back if back.startswith("/ledger") else "/ledger", status_code=303)


MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@router.get("/export.{fmt}")
def export(request: Request, user: ReaderUser, session: SessionDep, fmt: str,
           report: Annotated[int | None, Query()] = None) -> Response:
    if fmt not in MEDIA:
        raise NotFound("只能导出 xlsx 或 docx / export xlsx or docx")
    report_id = store.current_report_id(session, report, user)
    as_of = store.today(request.app.state.settings)
    data, name = store.export_file(session, user, report_id, as_of, fmt)
    from urllib.parse import quote

    return Response(data, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
