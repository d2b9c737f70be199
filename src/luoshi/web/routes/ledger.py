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
from luoshi.web.forms import FormError, form_error, form_values
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

    # A refused bulk assignment comes back here (post-redirect-get) with its message and inputs.
    refused = request.session.pop("refused_assign", None)
    checked = {int(i) for i in refused["values"].get("target_ids", []) if str(i).isdigit()} if refused else set()
    if checked:
        def table() -> Markup:
            tpl = templates.env.get_template("_ledger_table.html")
            return Markup(tpl.render(groups=store.grouped(window), selectable=user.is_admin, checked=checked))

        table_html = table()
    else:
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
        "form_error": FormError(**refused) if refused else None,
    }
    return render(request, "ledger.html", ctx)


@router.post("/assign")
async def assign(request: Request, user: AdminUser, session: SessionDep) -> Response:
    form = await request.form()
    back = str(form.get("back") or "/ledger")
    back = back if back.startswith("/ledger") else "/ledger"
    field: str | None = None  # the input a refusal is about
    try:
        ids = [int(str(v)) for v in form.getlist("target_ids") if str(v).isdigit()]
        lead_s = str(form.get("lead") or "")
        co = [int(str(v)) for v in form.getlist("co") if str(v).isdigit()]
        deadline_s = str(form.get("deadline") or "")
        if not ids:
            field = "target_ids"
            raise InvalidInput("请先在下面的表格中勾选要分配的目标任务")
        if not lead_s.isdigit():
            field = "lead"
            raise InvalidInput("请选择牵头单位")
        try:
            deadline = date.fromisoformat(deadline_s) if deadline_s else None
        except ValueError as e:
            field = "deadline"
            raise InvalidInput(f"完成时限格式应为 YYYY-MM-DD，不是“{deadline_s[:20]}”") from e
        n = store.bulk_assign(session, user, ids, int(lead_s), co, deadline)
        session.flush()
    except InvalidInput as e:
        # Back to the ledger page, which shows the message on the form with what was chosen.
        session.rollback()
        refused = form_error("assign", e.message, form_values(form, ("target_ids", "lead", "co", "deadline")),
                             field=field)
        request.session["refused_assign"] = refused.__dict__
        return RedirectResponse(back, status_code=303)
    flash(request, f"已为 {n} 项目标任务分配责任单位")
    return RedirectResponse(back, status_code=303)


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
