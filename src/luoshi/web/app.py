"""The application factory: `create_app(settings)` → FastAPI app with pages, API, static files.

Nothing is created at import: each call builds its own settings, database engine and stores, so every
test can run its own app on its own temporary database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import Scope

from luoshi.errors import Busy, Conflict, InvalidInput, LuoshiError, NotFound, PermissionDenied, ReadError
from luoshi.web.access import AccessLog
from luoshi.web.guard import KB, MB, BodyLimits, GuardMiddleware
from luoshi.web.security import CsrfError, Forbidden, LoginRequired, PasswordChangeRequired, trusted_networks
from luoshi.web.settings import web_settings

HERE = Path(__file__).parent
log = logging.getLogger("luoshi.web")

STATUS_TITLES = {
    400: "请求有误", 401: "请先登录", 403: "无权访问", 404: "页面不存在", 405: "不允许的操作",
    409: "已被他人处理", 413: "提交的内容过大", 415: "文件类型不支持", 422: "提交的内容有误", 429: "尝试过于频繁",
    500: "服务器内部错误", 503: "服务器繁忙",
}
HTTP_MESSAGES = {
    400: "请求有误，请返回上一页重试", 401: "请先登录", 403: "无权访问此页面", 404: "页面不存在，请检查地址或从导航进入",
    405: "此页面不支持这种操作，请从页面上的按钮或链接进入", 413: "提交的内容过大", 415: "文件类型不支持",
    429: "尝试过于频繁，请稍后再试", 500: "服务器内部错误，已记录日志", 503: "服务器繁忙，请稍后再试",
}


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def create_app(settings: Any = None) -> FastAPI:
    from luoshi.web import routes
    from luoshi.web.cache import ViewCache
    from luoshi.web.deps import Ledger
    from luoshi.web.drafts import DraftStore
    from luoshi.web.evidence import EvidenceStore
    from luoshi.web.jobs import JobRunner
    from luoshi.web.render import make_templates

    cfg = web_settings(settings)
    app = FastAPI(
        title="落实 Luoshi API",
        description="政府工作报告目标任务台账 · JSON API（与页面相同的权限检查）",
        version="0.1.0",
        docs_url=None,  # Swagger UI would load its assets from a CDN; the schema is at /api/openapi.json
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = cfg
    app.state.trusted_proxies = trusted_networks(cfg.trusted_proxies)
    from luoshi.ledger.operations.users import set_hash_slots

    set_hash_slots(cfg.max_concurrent_hashes)
    app.state.templates = make_templates()
    app.state.ledger = Ledger(cfg.database_url)
    if cfg.today is None:  # no date pinned by the settings: the ledger's own (a demo's), else the clock
        cfg = _with_ledger_as_of(app, cfg)
    app.state.drafts = DraftStore(cfg.upload_dir)
    app.state.evidence = EvidenceStore(cfg.upload_dir, cfg.max_evidence_mb * 1024 * 1024)
    app.state.cache = ViewCache()
    app.state.jobs = JobRunner(cfg.import_workers)

    from luoshi.web.deps import write_gate
    from luoshi.web.evidence import MAX_FILES

    limits = BodyLimits(upload=cfg.max_upload_mb * MB + 64 * KB,
                        evidence=MAX_FILES * cfg.max_evidence_mb * MB + 256 * KB)
    app.add_middleware(GuardMiddleware, limits=limits, refuse=refusal, gate=write_gate)
    # Added last so it runs first: the session is ready for every handler and error page.
    app.add_middleware(
        SessionMiddleware,
        secret_key=cfg.secret_key or "",
        session_cookie="luoshi_session",
        max_age=cfg.session_hours * 3600,
        same_site="lax",
        https_only=cfg.cookie_secure,
    )
    app.add_middleware(AccessLog)  # outermost: times and logs every request, errors included

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in routes.all_routers():
        app.include_router(router)
    _install_error_handlers(app)
    return app


def _with_ledger_as_of(app: FastAPI, cfg: Any) -> Any:
    from sqlalchemy.exc import SQLAlchemyError

    from luoshi.ledger.operations.context import pinned_as_of

    try:
        with app.state.ledger.session() as session:
            pinned = pinned_as_of(session)
    except SQLAlchemyError:
        return cfg
    if pinned is None:
        return cfg
    cfg = cfg.model_copy(update={"today": pinned})
    app.state.settings = cfg
    return cfg


def conflict_view(facts: dict[str, object]) -> dict[str, object]:
    """What the 409 page shows of the state that won: labelled fields and where to look next."""
    labels = (("state", "现在的状态"), ("by", "处理人"), ("at", "时间（UTC）"), ("comment", "意见或理由"))
    fields = [(label, facts[key]) for key, label in labels if facts.get(key)]
    tid = facts.get("target_id")
    return {"fields": fields, "href": f"/targets/{tid}" if tid else None,
            "back": "/review" if facts.get("entity") == "progress" else (
                f"/urges/{facts.get('id')}" if facts.get("entity") == "urge" else (f"/targets/{tid}" if tid else "/"))}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def app_from_environment() -> FastAPI:
    """The app from LUOSHI_ settings alone: what each worker process of `luoshi serve --workers N` runs."""
    return create_app(web_settings(None))


def refusal(scope: Scope, status: int, message: str) -> Response:
    """The error page for a request refused before routing (by the guard middleware)."""
    return error_response(Request(scope), status, message)


def error_response(request: Request, status: int, message: str) -> Response:
    """One error page chosen by status for people, `{"detail": ...}` for the API; Chinese either way."""
    from luoshi.web.messages import zh

    message = zh(message)
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    from luoshi.web.render import render

    return render(request, "error.html", {"status": status, "title": STATUS_TITLES.get(status, "出错了"),
                                          "message": message}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "请先登录"}, status_code=401)
        from urllib.parse import quote

        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(nxt)}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _must_change(request: Request, exc: PasswordChangeRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "密码已被重置，请先在网页上设置新密码"}, status_code=403)
        return RedirectResponse("/account/password", status_code=303)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.message, "current": exc.current}, status_code=409)
        from luoshi.web.render import render

        return render(request, "conflict.html", {"status": 409, "title": STATUS_TITLES[409], "message": exc.message,
                                                 "current": conflict_view(exc.current)}, status_code=409)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: CsrfError) -> Response:
        return error_response(request, 403, "表单已过期或来源无效，请刷新页面后重试")

    @app.exception_handler(LuoshiError)
    async def _luoshi(request: Request, exc: LuoshiError) -> Response:
        status = 400
        if isinstance(exc, NotFound):
            status = 404
        elif isinstance(exc, PermissionDenied):
            status = 403
        elif isinstance(exc, Busy):
            status = 503
        elif isinstance(exc, (InvalidInput, ReadError)):
            status = 400
        return error_response(request, status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's own details ("Not Found", "Method Not Allowed" …) are English: say it in Chinese.
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if not _has_cjk(detail):
            detail = HTTP_MESSAGES.get(exc.status_code, STATUS_TITLES.get(exc.status_code, "出错了"))
        return error_response(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if any(err.get("loc", ("",))[0] == "path" for err in exc.errors()):
            # /targets/abc or an id past the integer range names nothing that exists.
            return error_response(request, 404, "页面不存在（编号无效）")
        from luoshi.web.messages import validation_message

        return error_response(request, 422, "提交的内容有误：" + validation_message(list(exc.errors())))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "服务器内部错误，已记录日志，请稍后再试或联系管理员")
