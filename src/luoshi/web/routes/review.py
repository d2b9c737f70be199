"""待审核: the office accepts a department's progress report or sends it back with a comment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from luoshi.web import store
from luoshi.web.deps import MAX_ID, AdminUser, IdPath, SessionDep
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/review", dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("")
def review_page(request: Request, user: AdminUser, session: SessionDep) -> Response:
    return render(request, "review.html", {"queue": store.review_queue(session, user)})


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
