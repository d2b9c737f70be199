"""催办 and 督办单: the office picks targets (ticked in the ledger, or a department's 滞后 / 红黄 ones),
writes its message and a reply deadline, and sends one to each lead department; the department answers
with a progress report or in writing; the office reads the answer and closes the matter. The 催办记录
lists them all (filters, .xlsx); each has a print view and a .docx in the official layout."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from luoshi.errors import InvalidInput
from luoshi.ledger.rules import urging as rules
from luoshi.web import store, urging
from luoshi.web.deps import MAX_ID, AdminUser, CurrentUser, IdPath, SessionDep
from luoshi.web.render import flash, render
from luoshi.web.security import Forbidden, check_csrf

router = APIRouter(prefix="/urges", dependencies=[Depends(check_csrf)], include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATES = rules.STATE_FILTERS


def _ids(values: list[Any]) -> list[int]:
    out: list[int] = []
    for v in values:
        for part in str(v).replace("，", ",").split(","):
            part = part.strip()
            if part:
                if not part.isdigit() or not 1 <= int(part) <= MAX_ID:
                    raise InvalidInput(f"目标编号无效：{part}")
                if int(part) not in out:
                    out.append(int(part))
    return out


def _dept_id(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise InvalidInput("请选择部门")
    return int(value)


@router.get("")
def urges_page(request: Request, user: CurrentUser, session: SessionDep,
               department: Annotated[str, Query(max_length=12)] = "",
               state: Annotated[str, Query(max_length=10)] = "",
               kind: Annotated[str, Query(max_length=10)] = "") -> Response:
    """催办记录 with "what needs my action" on top."""
    as_of = store.today(request.app.state.settings)
    if state and state not in STATES:
        raise InvalidInput(f"状态须为 {'、'.join(STATES)}")
    kind = kind if kind in ("urge", "supervise") else ""
    dept = _dept_id(department)
    rows = urging.listing(session, user, as_of, department=dept, state=state, kind=kind)
    ctx = {"rows": rows, "actions": urging.action_lists(session, user, as_of), "as_of": as_of,
           "departments": store.departments(session) if user.role != "department" else [],
           "filters": {"department": dept, "state": state, "kind": kind}, "states": STATES,
           "query": "&".join(f"{k}={quote(str(v))}" for k, v in (("department", dept or ""), ("state", state),
                                                                  ("kind", kind)) if v)}
    return render(request, "urges.html", ctx)


def _compose(request: Request, user: Any, session: Any, *, target_ids: list[int], department: int | None,
             scope: str, kind: str, report: int | None, form: dict[str, Any] | None = None,
             errors: dict[str, str] | None = None, status: int = 200) -> Response:
    as_of = store.today(request.app.state.settings)
    ctx = urging.compose(session, request.app.state.cache, user, as_of, target_ids=target_ids,
                         department=department, scope=scope, kind=kind, report=report)
    values = {"message": "", "reply_by": ctx["default_reply_by"].isoformat(), "issuer": ctx["default_issuer"],
              "cc": "", **(form or {})}
    return render(request, "urge_new.html", {**ctx, "as_of": as_of, "form": values, "errors": errors or {}},
                  status_code=status)


@router.get("/new")
def new_page(request: Request, user: AdminUser, session: SessionDep,
             ids: Annotated[str, Query(max_length=4000)] = "",
             department: Annotated[str, Query(max_length=12)] = "",
             scope: Annotated[str, Query(pattern="^(lagging|warning)?$")] = "lagging",
             kind: Annotated[str, Query(pattern="^(urge|supervise)?$")] = "urge",
             report: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None) -> Response:
    """Compose: the targets given by id, or those of a department (滞后, or with a 红/黄 warning)."""
    return _compose(request, user, session, target_ids=_ids([ids]), department=_dept_id(department),
                    scope=scope or "lagging", kind=kind or "urge", report=report)


@router.post("/new")
async def new_from_ledger(request: Request, user: AdminUser, session: SessionDep) -> Response:
    """The ledger's ticked targets (its bulk form, sent here by the 催办 / 督办 buttons)."""
    form = await request.form()
    ids = _ids(form.getlist("target_ids"))
    kind = str(form.get("kind") or "urge")
    if not ids:
        flash(request, "请先在台账中勾选要催办的目标任务，或在下面按部门选择", "error")
        return RedirectResponse(f"/urges/new?kind={'supervise' if kind == 'supervise' else 'urge'}", status_code=303)
    # The database work runs in a worker thread, never on the event loop: a write waiting there for a
    # lock would hold up the commit of the very request it waits for.
    return await run_in_threadpool(_compose, request, user, session, target_ids=ids, department=None, scope="",
                                   kind=kind, report=None)


@router.post("")
async def send(request: Request, user: AdminUser, session: SessionDep) -> Response:
    form = await request.form()
    ids = _ids(form.getlist("target_ids"))
    kind = str(form.get("kind") or "urge")
    values = {k: str(form.get(k) or "") for k in ("message", "reply_by", "issuer", "cc")}
    return await run_in_threadpool(_send, request, user, session, ids, kind, values)


def _send(request: Request, user: Any, session: Any, ids: list[int], kind: str, values: dict[str, str]) -> Response:
    errors: dict[str, str] = {}
    reply_by: date | None = None
    try:
        reply_by = date.fromisoformat(values["reply_by"])
    except ValueError:
        errors["reply_by"] = "请填写答复时限（年-月-日）"
    if not values["message"].strip():
        errors["message"] = "请填写催办内容"
    if not ids:
        errors["targets"] = "没有选择目标任务"
    if not errors and reply_by is not None:
        as_of = store.today(request.app.state.settings)
        try:  # a refusal comes before anything is written: the form is shown again with it
            sent = urging.send(session, user, as_of, target_ids=ids, message=values["message"],
                               reply_by=reply_by, kind=kind, issuer=values["issuer"], cc=values["cc"])
        except InvalidInput as e:
            field = "reply_by" if "答复时限" in e.message else ("message" if "内容" in e.message else "targets")
            errors[field] = e.message
        else:
            numbers = "、".join(f"{rules.doc_number(u.kind, u.year, u.seq)}（{u.department.name}）" for u in sent)
            flash(request, f"已发出{rules.KIND_NAMES.get(kind, '催办')} {len(sent)} 件：{numbers}")
            return RedirectResponse(f"/urges/{sent[0].id}" if len(sent) == 1 else "/urges", status_code=303)
    return _compose(request, user, session, target_ids=ids, department=None, scope="", kind=kind, report=None,
                    form=values, errors=errors, status=400)


@router.get("/export.xlsx")
def export(request: Request, user: CurrentUser, session: SessionDep,
           department: Annotated[str, Query(max_length=12)] = "",
           state: Annotated[str, Query(max_length=10)] = "",
           kind: Annotated[str, Query(max_length=10)] = "") -> Response:
    from luoshi.export.urge_docs import urges_sheet

    as_of = store.today(request.app.state.settings)
    if state and state not in STATES:
        raise InvalidInput(f"状态须为 {'、'.join(STATES)}")
    urges = urging.raw_listing(session, user, as_of, department=_dept_id(department), state=state,
                               kind=kind if kind in ("urge", "supervise") else "")
    data = urges_sheet(urges, as_of)
    name = quote(f"催办记录-{as_of.isoformat()}.xlsx")
    return Response(data, media_type=XLSX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


@router.get("/{urge_id}")
def urge_page(request: Request, user: CurrentUser, session: SessionDep, urge_id: IdPath) -> Response:
    as_of = store.today(request.app.state.settings)
    u = urging.urge_for(session, user, urge_id)
    if user.role == "admin":
        urging.svc().mark_read(session, urge=u, actor=store.actor(session, user))
    choices = urging.reply_choices(session, user, u) if u.state == "waiting" and user.role != "viewer" else []
    reply_progress = urging.svc().get_progress(session, ref=u.reply_progress_id) if u.reply_progress_id else None
    events = urging.svc().history(session, entity="urge", entity_id=u.id, limit=50)
    events = [e for e in events if e.target_id is None]
    now = store.statuses(session, request.app.state.cache, as_of, u.report_id) if u.report_id else {}
    return render(request, "urge.html", {"u": urging.row(u, as_of), "choices": choices, "as_of": as_of,
                                         "people": urging.people(u), "now": now,
                                         "reply_progress": reply_progress, "events": events})


@router.post("/{urge_id}/reply")
async def reply(request: Request, user: CurrentUser, session: SessionDep, urge_id: IdPath) -> Response:
    if user.role not in ("department", "admin"):
        raise Forbidden("只读用户不能答复催办")
    form = await request.form()
    fields = {k: str(form.get(k) or "") for k in ("how", "text", "progress_id", "version")}
    return await run_in_threadpool(_reply, request, user, session, urge_id, fields)


def _reply(request: Request, user: Any, session: Any, urge_id: int, fields: dict[str, str]) -> Response:
    u = urging.urge_for(session, user, urge_id)
    how = fields["how"] or "text"
    text = fields["text"][:4000]
    progress = fields["progress_id"]
    version = fields["version"]
    pid = int(progress) if how == "progress" and progress.isdigit() and int(progress) <= MAX_ID else None
    if how == "progress" and pid is None:
        raise InvalidInput("请选择用于答复的进展报送；还没有报送的，请先点“去报送进展”")
    urging.svc().reply_urge(session, urge=u, actor=store.actor(session, user), text=text, progress=pid,
                            expected_version=int(version) if version.isdigit() and int(version) <= MAX_ID else None)
    flash(request, f"已答复{rules.doc_number(u.kind, u.year, u.seq)}")
    return RedirectResponse(f"/urges/{u.id}", status_code=303)


@router.post("/{urge_id}/close")
async def close(request: Request, user: AdminUser, session: SessionDep, urge_id: IdPath) -> Response:
    form = await request.form()
    fields = {k: str(form.get(k) or "") for k in ("note", "version")}
    return await run_in_threadpool(_close, request, user, session, urge_id, fields)


def _close(request: Request, user: Any, session: Any, urge_id: int, fields: dict[str, str]) -> Response:
    u = urging.urge_for(session, user, urge_id)
    version = fields["version"]
    urging.svc().close_urge(session, urge=u, actor=store.actor(session, user), note=fields["note"][:4000],
                            expected_version=int(version) if version.isdigit() and int(version) <= MAX_ID else None)
    flash(request, f"{rules.doc_number(u.kind, u.year, u.seq)}已办结")
    return RedirectResponse(f"/urges/{u.id}", status_code=303)


@router.get("/{urge_id}/print")
def print_view(request: Request, user: CurrentUser, session: SessionDep, urge_id: IdPath,
               red: Annotated[int, Query(ge=0, le=1)] = 0,
               upper: Annotated[int, Query(ge=0, le=1)] = 0) -> Response:
    """The 督办单 / 催办通知 on an A4 page, as it prints (the browser's print dialog: 打印 or PDF)."""
    from luoshi.export import official
    from luoshi.export.urge_docs import urge_document

    u = urging.urge_for(session, user, urge_id)
    doc = urge_document(u, red_head=bool(red), upper_date=bool(upper))
    return render(request, "urge_print.html", {"doc": doc, "u": u, "red": red, "upper": upper,
                                               "date_text": official.date_text(doc), "cc": official.cc_text(doc.cc),
                                               "printed_on": official.cn_date(doc.date), "fonts": official})


@router.get("/{urge_id}/docx")
def docx(request: Request, user: CurrentUser, session: SessionDep, urge_id: IdPath,
         red: Annotated[int, Query(ge=0, le=1)] = 0,
         upper: Annotated[int, Query(ge=0, le=1)] = 0) -> Response:
    from luoshi.export.urge_docs import urge_docx

    u = urging.urge_for(session, user, urge_id)
    data = urge_docx(u, red_head=bool(red), upper_date=bool(upper))
    number = rules.doc_number(u.kind, u.year, u.seq)
    name = quote(f"{rules.DOC_NAMES.get(u.kind, '催办通知')}-{number}-{u.department.name}.docx")
    return Response(data, media_type=DOCX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})
