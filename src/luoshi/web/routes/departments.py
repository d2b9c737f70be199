"""部门管理 (office only): the departments with their aliases and what they carry; add, rename, set
aliases, disable or enable, merge one into another. Every change goes through the ledger's department
operations (checked and audited there)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput
from luoshi.web.deps import AdminUser, IdPath, SessionDep, WebUser
from luoshi.web.render import flash, render
from luoshi.web.security import check_csrf

router = APIRouter(prefix="/admin/departments", dependencies=[Depends(check_csrf)], include_in_schema=False)

_SPLIT = re.compile(r"[，,、；;\s]+")


def _svc() -> Any:
    from luoshi.ledger import service

    return service


def _actor(session: Session, user: WebUser) -> Any:
    return _svc().get_user(session, ref=user.id)


def _context(session: Session, **extra: Any) -> dict[str, Any]:
    from luoshi.ledger.operations.lookup import department_aliases, merged_into
    from luoshi.ledger.rules.aliases import canonical, dictionary_aliases

    s = _svc()
    depts = s.list_departments(session, active_only=False)
    own = department_aliases(session)
    into = merged_into(session)
    names = {d.id: d.name for d in depts}
    counts = s.department_counts(session)
    rows = [{"dept": d, "aliases": own.get(d.id, []),
             "dictionary": [n for n in dictionary_aliases(d.name) if n != d.name],
             "merged_into": names.get(into[d.id]) if d.id in into else None,
             "counts": counts.get(d.id, {"confirmed": 0, "suggested": 0, "users": 0})} for d in depts]
    # Near-duplicates: active departments whose names (or own aliases) fall in one dictionary group.
    groups: dict[str, list[Any]] = {}
    for d in depts:
        if d.active:
            for key in {canonical(n) for n in (d.name, *own.get(d.id, []))}:
                groups.setdefault(key, []).append(d)
    for r in rows:
        d = r["dept"]
        r["duplicates"] = sorted({o.name for key in {canonical(n) for n in (d.name, *r["aliases"])}
                                  for o in groups.get(key, []) if o.id != d.id}) if d.active else []
    rows.sort(key=lambda r: (not r["dept"].active, not r["duplicates"], r["dept"].name))
    events = s.history(session, entity="department", limit=30)
    return {"rows": rows, "active": [d for d in depts if d.active], "error": None, "form": {}, "events": events,
            "names": names, **extra}


def _page(request: Request, session: Session, status_code: int = 200, **extra: Any) -> Response:
    return render(request, "departments.html", _context(session, **extra), status_code=status_code)


@router.get("")
def departments_page(request: Request, user: AdminUser, session: SessionDep) -> Response:
    return _page(request, session)


def _department(session: Session, dept_id: int) -> Any:
    from luoshi.ledger.operations.lookup import by_id
    from luoshi.ledger.storage.models import Department

    d = by_id(session, Department, dept_id)
    if d is None:
        from luoshi.errors import NotFound

        raise NotFound("部门不存在")
    return d


def _attempt(request: Request, session: Session, work: Any, message: str, form: dict[str, str],
             anchor: str = "") -> Response:
    """Do `work`; a refusal is shown on the page beside the form, with what was typed kept."""
    try:
        work()
        session.flush()
    except InvalidInput as e:
        session.rollback()
        return _page(request, session, 400, error=e.message, form=form)
    flash(request, message)
    return RedirectResponse(f"/admin/departments{anchor}", status_code=303)


@router.post("")
def add_department(request: Request, user: AdminUser, session: SessionDep,
                   name: Annotated[str, Form(max_length=100)] = "") -> Response:
    def work() -> None:
        if not name.strip():
            raise InvalidInput("请填写部门名称")
        _svc().create_department(session, name=name, actor=_actor(session, user))

    return _attempt(request, session, work, f"已新建部门“{name.strip()}”", {"name": name})


@router.post("/{dept_id}/rename")
def rename(request: Request, user: AdminUser, session: SessionDep, dept_id: IdPath,
           name: Annotated[str, Form(max_length=100)] = "") -> Response:
    d = _department(session, dept_id)
    old = d.name

    def work() -> None:
        _svc().rename_department(session, department=d, name=name, actor=_actor(session, user))

    return _attempt(request, session, work, f"已将“{old}”改名为“{name.strip()}”，原名称保留为别名",
                    {"rename_id": str(dept_id), "name": name}, f"#dept-{dept_id}")


@router.post("/{dept_id}/aliases")
def set_aliases(request: Request, user: AdminUser, session: SessionDep, dept_id: IdPath,
                aliases: Annotated[str, Form(max_length=1000)] = "") -> Response:
    d = _department(session, dept_id)
    names = [a for a in _SPLIT.split(aliases) if a]

    def work() -> None:
        _svc().set_aliases(session, department=d, aliases=names, actor=_actor(session, user))

    return _attempt(request, session, work, f"已更新“{d.name}”的别名",
                    {"aliases_id": str(dept_id), "aliases": aliases}, f"#dept-{dept_id}")


@router.post("/{dept_id}/active")
def set_active(request: Request, user: AdminUser, session: SessionDep, dept_id: IdPath,
               active: Annotated[str, Form(pattern="^[01]$")]) -> Response:
    d = _department(session, dept_id)

    def work() -> None:
        _svc().set_department_active(session, department=d, active=active == "1", actor=_actor(session, user))

    word = "启用" if active == "1" else "停用（不再分配新的目标任务，已有分工和记录保留）"
    return _attempt(request, session, work, f"已{word}部门“{d.name}”", {}, f"#dept-{dept_id}")


@router.post("/{dept_id}/merge")
def merge(request: Request, user: AdminUser, session: SessionDep, dept_id: IdPath,
          into: Annotated[str, Form(max_length=12)] = "") -> Response:
    d = _department(session, dept_id)
    result: dict[str, Any] = {}

    def work() -> None:
        if not into.isdigit():
            raise InvalidInput("请选择要并入的部门")
        res = _svc().merge_departments(session, source=d, into=_department(session, int(into)),
                                       actor=_actor(session, user))
        result["r"] = res

    response = _attempt(request, session, work, "", {"merge_id": str(dept_id)}, f"#dept-{dept_id}")
    if "r" in result:
        r = result["r"]
        flash(request, f"已将“{r.source.name}”并入“{r.into.name}”：分工 {r.assignments} 条、报送 {r.progress} 条、"
                       f"账户 {r.users} 个已转移，原名称保留为别名")
    return response
