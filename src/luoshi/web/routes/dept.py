"""本部门: a department's own targets, what is due or overdue (催办), returned reports, and reporting."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from luoshi.errors import InvalidInput
from luoshi.web import store
from luoshi.web.cache import ledger_version
from luoshi.web.deps import DeptUser, SessionDep
from luoshi.web.evidence import StoredFile
from luoshi.web.forms import FormError, form_error, form_values
from luoshi.web.render import flash, render
from luoshi.web.routes.target import parse_value, save_evidence
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/dept", dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("")
def dept_page(request: Request, user: DeptUser, session: SessionDep) -> Response:
    return _page(request, user, session)


def _page(request: Request, user: DeptUser, session: SessionDep, refused: FormError | None = None) -> Response:
    """The department's page; with `refused`, again after its report form was refused (400), inputs kept."""
    if refused is not None:
        session.rollback()
    as_of = store.today(request.app.state.settings)
    cache = request.app.state.cache
    version = ledger_version(session)
    # A department's targets, and the long parts of its page (催办 list, the report form's choices, the
    # full table), are the same for all its clerks until the ledger changes: made once per version.
    key = ("dept", version, as_of, user.department_id)
    ctx = store.dept_view(session, cache, user, as_of, rows_key=key)
    parts = cache.get(("dept-parts", *key), lambda: _parts(request, ctx, user.department_name or ""))
    from luoshi.web.urging import action_lists

    urge_inbox = action_lists(session, user, as_of)["to_answer"]
    return render(request, "dept.html", {**ctx, "parts": parts, "as_of": as_of, "form_error": refused, "urge_inbox": urge_inbox},
                  status_code=200 if refused is None else 400)


def _parts(request: Request, ctx: dict[str, Any], department: str) -> dict[str, Markup]:
    module = request.app.state.templates.env.get_template("_dept_parts.html").make_module(
        {"rows": ctx["rows"], "overdue": ctx["overdue"], "due": ctx["due"], "department": department})
    return {"cuiban": Markup(module.cuiban()), "options": Markup(module.options()),
            "targets": Markup(module.targets())}


@router.post("/report")
async def dept_report(request: Request, user: DeptUser, session: SessionDep) -> Response:
    form = await request.form()
    tid = str(form.get("target_id") or "")
    period = str(form.get("period") or "").strip()
    stored: list[StoredFile] = []
    try:
        if not tid.isdigit():
            raise InvalidInput("请选择目标任务")
        if not period:
            raise InvalidInput("请填写报送期，如 2024-Q2")
        store.target_detail_guard(session, user, int(tid))
        value = parse_value(str(form.get("value") or ""))
        stored = await save_evidence(request, form.getlist("files"))
        pr = store.add_progress(session, user, int(tid), period=period, value=value,
                                unit=str(form.get("unit") or "").strip() or None,
                                stage=str(form.get("stage") or "").strip() or None,
                                note=str(form.get("note") or "")[:4000], files=stored, supersedes=None)
        session.flush()
    except InvalidInput as e:
        request.app.state.evidence.discard([f.stored_path for f in stored])
        values = form_values(form, ("target_id", "period", "value", "unit", "stage", "note"))
        return _page(request, user, session, form_error("progress", e.message, values))
    except Exception:
        request.app.state.evidence.discard([f.stored_path for f in stored])
        raise
    flash(request, f"进展（{pr.period}）已提交，待督查室审核")
    return RedirectResponse("/dept", status_code=303)
