"""The JSON API under /api/: the same permission checks as the pages (same dependencies, same store).

State-changing calls need the session cookie and the `X-CSRF-Token` header (the token is in /api/me).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from luoshi.web import store
from luoshi.web.deps import MAX_ID, AdminUser, CurrentUser, IdPath, ReaderUser, ReporterUser, SessionDep
from luoshi.web.drafts import DraftStore, correct, reject
from luoshi.web.security import check_csrf, csrf_token

router = APIRouter(prefix="/api", dependencies=[Depends(check_csrf)], tags=["api"])


class UserPublic(BaseModel):
    id: int
    username: str
    role: str
    department: str | None
    csrf_token: str


class TargetRow(BaseModel):
    id: int
    no: str
    type: str
    section: str
    text: str
    subject: str | None
    value: float | None
    unit: str | None
    kind: str | None
    bound: str | None
    value_text: str
    lead: str
    co: list[str]
    deadline: str
    progress: str
    status: str
    reason: str
    warning: str | None
    counted: bool = True  # a 跟踪目标; False: split into sub-targets, counted through them


class ProgressPublic(BaseModel):
    id: int
    target_id: int
    period: str
    value: float | None
    stage: str | None
    note: str
    review_state: str
    review_comment: str | None
    attachments: list[str]
    version: int


class TargetDetail(BaseModel):
    target: TargetRow | None
    status: dict[str, Any]
    lead: str | None
    co: list[str]
    progress: list[ProgressPublic]


class ProgressCreate(BaseModel):
    period: str = Field(min_length=4, max_length=12, examples=["2024-Q2"])
    value: float | None = None
    unit: str | None = Field(default=None, max_length=30)
    stage: str | None = Field(default=None, max_length=10)
    note: str = Field(default="", max_length=4000)
    supersedes: int | None = Field(default=None, ge=1, le=MAX_ID)


class AssignmentUpdate(BaseModel):
    lead: int = Field(ge=1, le=MAX_ID)
    co: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = []
    deadline: date | None = None


class ReviewDecision(BaseModel):
    accept: bool
    comment: str = Field(default="", max_length=2000)
    # The version the reviewer saw (from /api/review); a report decided meanwhile answers 409.
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


class IndicatorUpdate(BaseModel):
    subject: str | None = None
    subject_full: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    kind: str | None = None
    stance: str | None = None
    bound: str | None = None
    year: int | None = None
    optional: bool | None = None
    rejected: bool | None = None


def _progress(p: Any) -> ProgressPublic:
    return ProgressPublic(id=p.id, target_id=p.target_id, period=p.period, value=p.value, stage=p.stage, note=p.note,
                          review_state=p.review_state, review_comment=p.review_comment,
                          attachments=[a.filename for a in p.attachments], version=p.version)


def _row(d: dict[str, Any]) -> TargetRow:
    return TargetRow(**{k: d[k] for k in TargetRow.model_fields})


@router.get("/me", response_model=UserPublic)
def me(request: Request, user: CurrentUser) -> UserPublic:
    return UserPublic(id=user.id, username=user.username, role=user.role, department=user.department_name,
                      csrf_token=csrf_token(request))


@router.get("/targets", response_model=list[TargetRow])
def targets(request: Request, user: CurrentUser, session: SessionDep, report: int | None = None,
            status: str = "", department: str = "", kind: str = "", type: str = "", warning: str = "",
            q: Annotated[str, Query(max_length=100)] = "") -> list[TargetRow]:
    as_of = store.today(request.app.state.settings)
    report_id = store.current_report_id(session, report, user)
    if report_id is None:
        return []
    if user.role == "department":
        department = user.department_name or ""  # a department sees its own targets only
    rows = store.filter_rows(store.all_rows(session, request.app.state.cache, as_of, report_id),
                             status=status, department=department, kind=kind, type=type, q=q, warning=warning,
                             as_of=as_of)
    if user.role == "department":
        rows = [r for r in rows if r["confirmed"]]  # a suggestion nobody confirmed is not the department's yet
    return [_row(r) for r in rows]


@router.get("/targets/{target_id}", response_model=TargetDetail)
def target(request: Request, user: CurrentUser, session: SessionDep, target_id: IdPath) -> TargetDetail:
    as_of = store.today(request.app.state.settings)
    d = store.target_detail(session, user, target_id, as_of, request.app.state.cache)
    t = d["target"]
    rows = store.all_rows(session, request.app.state.cache, as_of, t.report_id)
    row = next((r for r in rows if r["id"] == t.id), None)
    return TargetDetail(target=_row(row) if row else None, status=d["status"].to_dict(),
                        lead=d["lead"].name if d["lead"] else None, co=[c.name for c in d["co"]],
                        progress=[_progress(p) for p in d["progress"]])


@router.post("/targets/{target_id}/progress", response_model=ProgressPublic, status_code=201)
def report_progress(user: ReporterUser, session: SessionDep, target_id: IdPath, body: ProgressCreate) -> ProgressPublic:
    pr = store.add_progress(session, user, target_id, period=body.period, value=body.value, unit=body.unit,
                            stage=body.stage, note=body.note, files=[], supersedes=body.supersedes)
    session.flush()
    return _progress(pr)


@router.post("/targets/{target_id}/assign", status_code=204)
def assign(user: AdminUser, session: SessionDep, target_id: IdPath, body: AssignmentUpdate) -> None:
    store.bulk_assign(session, user, [target_id], body.lead, body.co, body.deadline)


@router.get("/review", response_model=list[ProgressPublic])
def review_queue(user: AdminUser, session: SessionDep) -> list[ProgressPublic]:
    return [_progress(p) for p in store.review_queue(session, user)]


@router.post("/progress/{progress_id}/review", response_model=ProgressPublic)
def review(user: AdminUser, session: SessionDep, progress_id: IdPath, body: ReviewDecision) -> ProgressPublic:
    return _progress(store.review(session, user, progress_id, body.accept, body.comment, body.version))


@router.get("/dashboard")
def dashboard(request: Request, user: ReaderUser, session: SessionDep, report: int | None = None) -> dict[str, Any]:
    as_of = store.today(request.app.state.settings)
    report_id = store.current_report_id(session, report, user)
    if report_id is None:
        return {"report_id": None}
    d = store.dashboard(session, request.app.state.cache, as_of, report_id)
    return {"report_id": report_id, "as_of": as_of.isoformat(), "total": d["total"], "counts": dict(d["counts"]),
            "warnings": d["tally"].warnings, "split": d["tally"].split,
            "by_section": d["by_section"], "by_department": d["by_dept"],
            "lagging": [r["id"] for r in d["lagging"]]}


@router.get("/import/{draft_id}/items")
def draft_items(request: Request, user: AdminUser, draft_id: str) -> list[dict[str, Any]]:
    drafts: DraftStore = request.app.state.drafts
    return drafts.get(draft_id).items


@router.patch("/import/{draft_id}/items/{item_id}")
def draft_item_update(request: Request, user: AdminUser, draft_id: str, item_id: IdPath,
                      body: IndicatorUpdate) -> dict[str, Any]:
    drafts: DraftStore = request.app.state.drafts
    fields = body.model_dump(exclude_none=True)
    rejected = fields.pop("rejected", None)
    with drafts.edit(draft_id) as draft:
        it = draft.item(item_id)
        if fields:
            it = correct(draft, item_id, fields, user.username)
        if rejected is not None and rejected != (it["status"] == "rejected"):
            it = reject(draft, item_id, user.username, restore=not rejected)
    return it
