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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi.errors import InvalidInput, LuoshiError, NotFound, PermissionDenied, ReadError
from luoshi.web.access import AccessLog
from luoshi.web.security import CsrfError, Forbidden, LoginRequired, RateLimiter
from luoshi.web.settings import web_settings

HERE = Path(__file__).parent
log = logging.getLogger("luoshi.web")

STATUS_TITLES = {
    400: "请求有误", 401: "请先登录", 403: "无权访问", 404: "页面不存在", 405: "不允许的操作",
    413: "文件过大", 415: "文件类型不支持", 422: "提交的内容有误", 429: "尝试过于频繁", 500: "服务器内部错误",
}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(settings: Any = None) -> FastAPI:
    from luoshi.web import routes
    from luoshi.web.cache import ViewCache
    from luoshi.web.deps import Ledger
    from luoshi.web.drafts import DraftStore
    from luoshi.web.evidence import EvidenceStore
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
    app.state.templates = make_templates()
    app.state.ledger = Ledger(cfg.database_url)
    app.state.drafts = DraftStore(cfg.upload_dir)
    app.state.evidence = EvidenceStore(cfg.upload_dir, cfg.max_evidence_mb * 1024 * 1024)
    app.state.login_limiter = RateLimiter(cfg.login_max_failures, cfg.login_window_seconds)
    app.state.cache = ViewCache()

    max_body = (max(cfg.max_upload_mb, cfg.max_evidence_mb * 5) + 1) * 1024 * 1024

    app.add_middleware(GuardMiddleware, max_body=max_body)
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


class GuardMiddleware:
    """Security headers on every response, and a refusal of oversized bodies before multipart parsing
    spools them to disk. Plain ASGI (not BaseHTTPMiddleware) so that large pages stream without a copy."""

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    )

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            request = Request(scope)
            response = error_response(request, 413, "上传内容过大 / request body too large")
            await response(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                hdrs = list(message.get("headers") or [])
                present = {k.lower() for k, _ in hdrs}
                hdrs += [(k, v) for k, v in self.HEADERS if k not in present]
                if not static and b"cache-control" not in present:
                    hdrs.append((b"cache-control", b"no-store"))
                message = {**message, "headers": hdrs}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str) -> Response:
    """One error page chosen by status for people, `{"detail": ...}` for the API."""
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    from luoshi.web.render import render

    return render(request, "error.html", {"status": status, "title": STATUS_TITLES.get(status, "出错了"),
                                          "message": message}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "请先登录 / not logged in"}, status_code=401)
        from urllib.parse import quote

        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(nxt)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, exc: CsrfError) -> Response:
        return error_response(request, 403, "表单已过期或来源无效，请刷新页面后重试 / CSRF token missing or invalid")

    @app.exception_handler(LuoshiError)
    async def _luoshi(request: Request, exc: LuoshiError) -> Response:
        status = 400
        if isinstance(exc, NotFound):
            status = 404
        elif isinstance(exc, PermissionDenied):
            status = 403
        elif isinstance(exc, (InvalidInput, ReadError)):
            status = 400
        return error_response(request, status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else STATUS_TITLES.get(exc.status_code, "出错了")
        if exc.status_code == 404 and detail == "Not Found":
            detail = "页面不存在 / not found"
        return error_response(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:3]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form"))
            parts.append(f"{loc}: {err.get('msg', '')}")
        return error_response(request, 422, "提交的内容有误 / invalid input — " + "; ".join(parts))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return error_response(request, 500, "服务器内部错误，已记录日志 / internal error")
