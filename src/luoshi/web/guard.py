"""The first thing every request meets, before routing, parsing or any dependency runs.

- Security headers on every response.
- A body limit per route, enforced on the declared Content-Length and again while the body streams in
  (a chunked upload has no length to check): past the limit the request ends with 413 and the rest of
  the body is never read.
- Writes (POST, PUT, PATCH, DELETE) need a live session before their body is read: an anonymous client
  cannot make the server spool a 2 GB upload only to be told to log in. The gate is given by the app
  (it asks the database) and runs in a worker thread.

Plain ASGI (not BaseHTTPMiddleware), so that large pages stream without a copy.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
KB = 1024
MB = 1024 * KB

# Answers a refused request: (scope, status, message) → response. Set by the app (its error page).
Refuse = Callable[[Scope, int, str], Response]
# Decides whether a write may go on: returns None to let it through, or a response to send instead.
Gate = Callable[[Scope], Awaitable[Response | None]]


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the body grows past the route's limit; the error page answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"提交的内容过大（上限 {_size(limit)}），未予接收")
        self.limit = limit


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n // KB} KB"


@dataclass(frozen=True)
class BodyLimits:
    """Bytes a request body may have, by route: uploads of reports and evidence get their own limits,
    the log-in form and every other form or JSON body a small one."""

    upload: int  # a report file on /import
    evidence: int  # a progress report with its evidence files
    login: int = 16 * KB
    default: int = 256 * KB

    EVIDENCE_ROUTES = re.compile(r"^/(targets/[0-9]+/progress|dept/report)$")

    def for_request(self, method: str, path: str) -> int:
        if method in SAFE_METHODS:
            return self.default
        if path == "/import":
            return self.upload
        if self.EVIDENCE_ROUTES.match(path):
            return self.evidence
        if path == "/login":
            return self.login
        return self.default


class GuardMiddleware:
    def __init__(self, app: ASGIApp, *, limits: BodyLimits, refuse: Refuse, gate: Gate | None = None) -> None:
        self.app = app
        self.limits = limits
        self.refuse = refuse
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(scope, send)
        method = scope.get("method", "GET")
        limit = self.limits.for_request(method, scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self.refuse(scope, 413, BodyTooLarge(limit).detail)(scope, receive, send)
            return
        if method not in SAFE_METHODS and self.gate is not None:
            refused = await self.gate(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return
        started = False
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as e:  # raised where no exception handler turned it into a page
            if started:
                raise
            await self.refuse(scope, 413, e.detail)(scope, receive, send)

    @staticmethod
    def _with_headers(scope: Scope, send: Send) -> Send:
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                hdrs = list(message.get("headers") or [])
                present = {k.lower() for k, _ in hdrs}
                hdrs += [(k, v) for k, v in HEADERS if k not in present]
                if not static and b"cache-control" not in present:
                    hdrs.append((b"cache-control", b"no-store"))
                message = {**message, "headers": hdrs}
            await send(message)

        return send_with_headers


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers") or ():
        if key == b"content-length":
            return int(value) if value.isdigit() else None
    return None
