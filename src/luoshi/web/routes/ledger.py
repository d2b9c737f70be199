"""任务台账: every target of a report, grouped by section, with filters, search, bulk assignment, xlsx."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

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

PAGE_SIZES = ("20", "50", "100", "200", "all")  # rows per page the list offers; `all`: the whole ledger
PAGE_SIZE = "50"
DateText = Annotated[str, Query(pattern="^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")]


def _filters(section: str, department: str, status: str, warning: str, kind: str, type: str, due_before: str,
             overdue: str, q: str) -> dict[str, str]:
    return {"section": section, "department": department, "status": status, "warning": warning, "kind": kind,
            "type": type, "due_before": due_before, "overdue": "1" if overdue else "", "q": q}


@router.get("")
def ledger_page(
    request: Request,
    user: ReaderUser,
    session: SessionDep,
    report: Annotated[int | None, Query()] = None,
    section: str = "",
    department: str = "",
    status: str = "",
    warning: str = "",
    kind: str = "",
    type: str = "",
    due_before: DateText = "",
    overdue: str = "",
    q: Annotated[str, Query(max_length=100)] = "",
    sort: Annotated[str, Query(pattern="^-?[a-z]{1,20}$")] = "no",
    page: Annotated[int, Query(ge=1)] = 1,
    per: Annotated[str, Query(pattern="^(all|[0-9]{1,5})$")] = PAGE_SIZE,
) -> Response:
    cache = request.app.state.cache
    as_of = store.today(request.app.state.settings)
    version = ledger_version(session)  # read once: every cached part below is of this version
    reports = store.report_choices(session, cache, user, version)
    report_id = store.current_report_id(session, report, user, reports)
    departments = store.department_choices(session, cache, version)
    if report_id is None:
        return render(request, "ledger.html", {"report_id": None, "departments": departments})
    view = store.view(session, cache, as_of, report_id, version)
    rows = view.rows
    filters = _filters(section, department, status, warning, kind, type, due_before, overdue, q)
    key, descending = sort.lstrip("-"), sort.startswith("-")
    fkey = (version, as_of, report_id, tuple(filters.values()), sort)

    def select() -> tuple[list[dict[str, Any]], int]:
        shown = store.sort_rows(store.filter_rows(rows, as_of=as_of, **filters), key, descending)
        return shown, sum(1 for r in shown if r["counted"])

    # Filtered and sorted once per ledger version and query, then only sliced per page.
    shown, counted = cache.get(("ledger-rows", *fkey), select)
    size = (len(shown) or 1) if per == "all" else max(1, int(per))
    pages = max(1, -(-len(shown) // size))
    page = min(page, pages)
    query = {k: v for k, v in {"report": report_id, **filters}.items() if v}
    templates = request.app.state.templates

    def fragment(name: str, **values: Any) -> Markup:
        return Markup(templates.env.get_template(name).render(**values))

    # The costly parts are the same for every reader of a version and query: their HTML is cached.
    def table(checked: frozenset[int] | set[int] = frozenset()) -> Markup:
        window = shown[(page - 1) * size:page * size]
        groups = store.grouped(window) if key == "no" and not descending else [("", window)]
        return fragment("_ledger_table.html", groups=groups, selectable=user.is_admin, sort=sort,
                        base=urlencode({**query, "per": per}), checked=checked)

    def toolbar() -> Markup:
        from luoshi.ledger.rules.colours import WARNINGS
        from luoshi.ledger.rules.counting import NO_WARNING
        from luoshi.ledger.rules.status import STATUSES

        sections = store.section_options(rows)
        return fragment("_ledger_toolbar.html", reports=reports, report_id=report_id, filters=filters,
                        sections=sections, departments=departments, statuses=STATUSES,
                        warnings=(*WARNINGS, NO_WARNING), per=per, page_sizes=PAGE_SIZES, sort=sort, as_of=as_of,
                        tally=view.tally, export_query=urlencode(query))

    def pager() -> Markup:
        links = {**query, "sort": sort, "per": per} if sort != "no" else {**query, "per": per}
        return fragment("_ledger_pager.html", shown=len(shown), counted=counted, page=page, pages=pages,
                        first=(page - 1) * size + 1 if shown else 0, last=min(page * size, len(shown)), query=links)

    # A refused bulk assignment comes back here (post-redirect-get) with its message and inputs: the
    # boxes it had ticked are ticked again (that table is not cached).
    refused = request.session.pop("refused_assign", None)
    checked = {int(i) for i in refused["values"].get("target_ids", []) if str(i).isdigit()} if refused else set()
    region = (user.role, user.region_id)
    ctx: dict[str, Any] = {
        "report_id": report_id, "departments": departments,
        "table_html": cache.get(("ledger-table", *fkey, page, size, user.is_admin), table),
        "toolbar_html": cache.get(("ledger-toolbar", *fkey, per, region), toolbar),
        "pager_html": cache.get(("ledger-pager", *fkey, page, size), pager),
        "form_error": FormError(**refused) if refused else None,
    }
    if checked:
        ctx["table_html"] = table(checked)
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
           report: Annotated[int | None, Query()] = None, section: str = "", department: str = "",
           status: str = "", warning: str = "", kind: str = "", type: str = "", due_before: DateText = "",
           overdue: str = "", q: Annotated[str, Query(max_length=100)] = "") -> Response:
    """The 任务分解表 or 进展通报 of the rows the list shows with the same filters (all rows without)."""
    if fmt not in MEDIA:
        raise NotFound("只能导出 xlsx 或 docx / export xlsx or docx")
    report_id = store.current_report_id(session, report, user)
    as_of = store.today(request.app.state.settings)
    filters = _filters(section, department, status, warning, kind, type, due_before, overdue, q)
    only = None
    if any(filters.values()) and report_id is not None:
        rows = store.all_rows(session, request.app.state.cache, as_of, report_id)
        only = [r["id"] for r in store.filter_rows(rows, as_of=as_of, **filters)]
    data, name = store.export_file(session, user, report_id, as_of, fmt, only)
    from urllib.parse import quote

    return Response(data, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
