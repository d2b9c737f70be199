"""The access log: one record per request on the `luoshi.access` logger, with method, path, status,
milliseconds and client as structured fields (see luoshi.logs). Successful health checks and static
files go at debug level so that a monitor polling /healthz does not flood the journal."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("luoshi.access")


class AccessLog:
    """Plain ASGI middleware, outermost, so its time covers every other layer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            path = scope.get("path", "")
            query = scope.get("query_string", b"").decode("latin-1")
            quiet = status < 400 and (path == "/healthz" or path.startswith("/static/"))
            level = logging.DEBUG if quiet else logging.ERROR if status >= 500 else logging.INFO
            if log.isEnabledFor(level):
                client = scope.get("client")
                log.log(level, "%s %s %d", scope.get("method", ""), path, status, extra={"fields": {
                    "method": scope.get("method", ""), "path": path, "query": query[:300], "status": status,
                    "ms": round((time.perf_counter() - start) * 1000, 1), "client": client[0] if client else None,
                }})
