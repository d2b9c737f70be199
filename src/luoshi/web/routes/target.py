"""目标详情: evidence, assignments, progress history and audit events, chart, the report-progress form."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from luoshi.errors import InvalidInput
from luoshi.web import store
from luoshi.web.deps import MAX_ID, AdminUser, CurrentUser, IdPath, ReporterUser, SessionDep
from luoshi.web.evidence import MAX_FILES, EvidenceStore, StoredFile
from luoshi.web.forms import FormError, form_error, form_values
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/targets", dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/{target_id}")
def target_page(request: Request, user: CurrentUser, session: SessionDep, target_id: IdPath,
                supersedes: int | None = None) -> Response:
    return _page(request, user, session, target_id, supersedes=supersedes)


def _page(request: Request, user: Any, session: Any, target_id: int, *, supersedes: int | None = None,
          refused: FormError | None = None) -> Response:
    """The target's page; with `refused`, again after a form was refused (400), the inputs kept."""
    if refused is not None:
        session.rollback()  # nothing of the refused request is committed
    as_of = store.today(request.app.state.settings)
    ctx = store.target_detail(session, user, target_id, as_of, request.app.state.cache)
    previous = store.returned_report(session, user, ctx["target"], supersedes)
    ctx.update(as_of=as_of, supersedes=previous.id if previous is not None else None, previous=previous,
               departments=store.departments(session) if user.is_admin else [],
               confirmed=bool(ctx["target"].assignments) and all(a.confirmed for a in ctx["target"].assignments),
               form_error=refused, split=_split(ctx["target"], ctx["children"]))
    return render(request, "target.html", ctx, status_code=200 if refused is None else 400)


def _split(target: Any, children: list[Any]) -> bool:
    """已拆分: a live target with live sub-targets counts through them and shows no status of its own
    (the rule of `luoshi.ledger.rules.counting`, as the ledger list shows it)."""
    from luoshi.ledger.rules.counting import is_counted

    live_children = any(c.withdrawn_at is None for c in children)
    return target.withdrawn_at is None and not is_counted(False, live_children)


PROGRESS_FIELDS = ("period", "value", "unit", "stage", "note")


def parse_value(raw: str) -> float | None:
    raw = raw.strip().replace(",", "")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError as e:
        raise InvalidInput(f"数值应为数字（如 3.2），不是“{raw[:20]}”") from e


async def save_evidence(request: Request, uploads: list[Any]) -> list[StoredFile]:
    """Check every file first (type by content, size), then store them; nothing is kept if one is refused."""
    evidence: EvidenceStore = request.app.state.evidence
    files = [u for u in uploads if isinstance(u, UploadFile) and u.filename]
    if len(files) > MAX_FILES:
        raise InvalidInput(f"一次最多上传 {MAX_FILES} 个佐证材料")
    datas = []
    for u in files:
        data = await u.read(evidence.max_bytes + 1)
        await u.close()
        evidence.check(u.filename or "", data)
        datas.append((u.filename or "", data))
    return [evidence.save(name, data) for name, data in datas]


@router.post("/{target_id}/progress")
async def report_progress(request: Request, user: ReporterUser, session: SessionDep, target_id: IdPath) -> Response:
    form = await request.form()
    period = str(form.get("period") or "").strip()
    stage = str(form.get("stage") or "").strip() or None
    unit = str(form.get("unit") or "").strip() or None
    sup = str(form.get("supersedes") or "").strip()
    supersedes = int(sup) if sup.isdigit() and int(sup) <= MAX_ID else None
    # Refuse a foreign target before storing any file.
    store.target_detail_guard(session, user, target_id)
    stored: list[StoredFile] = []
    try:
        if not period:
            raise InvalidInput("请填写报送期，如 2024-Q2")
        value = parse_value(str(form.get("value") or ""))
        stored = await save_evidence(request, form.getlist("files"))
        pr = store.add_progress(session, user, target_id, period=period, value=value,
                                unit=unit, stage=stage, note=str(form.get("note") or "")[:4000], files=stored,
                                supersedes=supersedes)
        session.flush()
    except InvalidInput as e:
        request.app.state.evidence.discard([f.stored_path for f in stored])
        refused = form_error("progress", e.message, form_values(form, PROGRESS_FIELDS))
        return _page(request, user, session, target_id, supersedes=supersedes, refused=refused)
    except Exception:
        request.app.state.evidence.discard([f.stored_path for f in stored])
        raise
    state = "已记入" if pr.review_state == "accepted" else "已提交，待督查室审核"
    flash(request, f"进展（{pr.period}）{state}")
    back = str(form.get("back") or "")
    return RedirectResponse(back if back in ("/dept",) else f"/targets/{target_id}", status_code=303)


@router.post("/{target_id}/assign")
def assign_one(request: Request, user: AdminUser, session: SessionDep, target_id: IdPath,
               lead: Annotated[str, Form(max_length=20)] = "", co: Annotated[list[str] | None, Form()] = None,
               deadline: Annotated[str, Form(max_length=40)] = "") -> Response:
    values = {"lead": lead, "co": co or [], "deadline": deadline}
    try:
        if not lead.isdigit():
            raise InvalidInput("请选择牵头单位")
        co_ids = [int(c) for c in co or [] if c.isdigit()]
        try:
            when = date.fromisoformat(deadline) if deadline else None
        except ValueError as e:
            raise InvalidInput(f"完成时限格式应为 YYYY-MM-DD，不是“{deadline[:20]}”") from e
        store.bulk_assign(session, user, [target_id], int(lead), co_ids, when)
        session.flush()
    except InvalidInput as e:
        return _page(request, user, session, target_id, refused=form_error("assign", e.message, values))
    flash(request, "已更新责任单位")
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


@router.post("/{target_id}/confirm")
def confirm_one(request: Request, user: AdminUser, session: SessionDep, target_id: IdPath) -> Response:
    store.confirm_leads(session, user, [target_id])
    flash(request, "已确认责任单位，已下达到部门")
    return RedirectResponse(f"/targets/{target_id}", status_code=303)


@router.post("/{target_id}/override")
def override(request: Request, user: AdminUser, session: SessionDep, target_id: IdPath,
             status: Annotated[str, Form(max_length=10)], reason: Annotated[str, Form(max_length=2000)] = "",
             clear: Annotated[str, Form()] = "", version: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None) -> Response:
    try:
        if not clear and not reason.strip():
            raise InvalidInput("人工认定状态须说明理由")
        store.override(session, user, target_id, status, reason, clear=bool(clear), version=version)
        session.flush()
    except InvalidInput as e:
        values = {"status": status, "reason": reason}
        return _page(request, user, session, target_id, refused=form_error("override", e.message, values))
    flash(request, "已取消人工认定" if clear else f"已认定为“{status}”")
    return RedirectResponse(f"/targets/{target_id}", status_code=303)
