"""待审核: the office accepts a department's progress report or sends it back with a comment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from luoshi.errors import InvalidInput
from luoshi.web import store
from luoshi.web.deps import MAX_ID, AdminUser, IdPath, SessionDep
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/review", dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("")
def review_page(request: Request, user: AdminUser, session: SessionDep) -> Response:
    return render(request, "review.html", {"queue": store.review_queue(session, user),
                                           "dept_names": store.department_names(session)})


@router.post("/batch")
async def review_batch(request: Request, user: AdminUser, session: SessionDep) -> Response:
    """批量采纳: every ticked report accepted, each at the version the queue showed (`v-<id>`)."""
    form = await request.form()
    decisions: list[tuple[int, int | None]] = []
    for raw in form.getlist("progress_ids"):
        pid = str(raw)
        if not pid.isdigit() or int(pid) > MAX_ID:
            raise InvalidInput("报送编号无效")
        version = str(form.get(f"v-{pid}") or "")
        decisions.append((int(pid), int(version) if version.isdigit() and int(version) <= MAX_ID else None))
    if not decisions:  # said on the queue itself, not on an error page
        return render(request, "review.html", {"queue": store.review_queue(session, user),
                                               "dept_names": store.department_names(session),
                                               "error": "请先勾选要采纳的报送"}, status_code=400)
    n = store.review_many(session, user, decisions)
    flash(request, f"已采纳 {n} 条报送")
    return RedirectResponse("/review", status_code=303)


@router.post("/{progress_id}")
def review_one(request: Request, user: AdminUser, session: SessionDep, progress_id: IdPath,
               decision: Annotated[str, Form(pattern="^(accept|return)$")],
               comment: Annotated[str, Form(max_length=2000)] = "",
               version: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None) -> Response:
    """`version` is the one the queue showed: if another reviewer decided first, this gets 409 with the
    decision that stands, and writes nothing."""
    pr = store.review(session, user, progress_id, decision == "accept", comment, version)
    flash(request, f"第 {pr.id} 号报送{'已采纳' if decision == 'accept' else '已退回'}")
    return RedirectResponse("/review", status_code=303)
