"""Log in and out; the home page sends each role to its own start page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from luoshi.web import store
from luoshi.web.deps import CurrentUser, SessionDep
from luoshi.web.render import render
from luoshi.web.security import check_csrf, client_key, csrf_token, safe_next

router = APIRouter(dependencies=[Depends(check_csrf)])


@router.get("/", include_in_schema=False)
def home(user: CurrentUser) -> Response:
    return RedirectResponse("/dept" if user.role == "department" else "/dashboard", status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    limiter = request.app.state.login_limiter
    keys = (f"ip:{client_key(request)}", f"user:{username.strip().lower()}")
    wait = limiter.blocked(*keys)
    if wait > 0:
        return render(request, "login.html",
                      {"next": safe_next(next),
                       "error": f"登录失败次数过多，请 {int(wait) + 1} 秒后再试 / too many attempts"},
                      status_code=429)
    user_id = store.authenticate(session, username.strip(), password)
    if user_id is None:
        limiter.fail(*keys)
        return render(request, "login.html",
                      {"next": safe_next(next), "error": "用户名或密码错误 / wrong user name or password"},
                      status_code=401)
    limiter.reset(keys[1])
    # A fresh session on log-in: no value of the anonymous session (fixation) survives.
    request.session.clear()
    request.session["uid"] = user_id
    csrf_token(request)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
