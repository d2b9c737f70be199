"""/healthz for monitors and load balancers: 200 when the database answers, 503 when it does not. No
log-in, no details of the failure (those go to the log)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

import luoshi

router = APIRouter(include_in_schema=False)
log = logging.getLogger("luoshi.web")


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    try:
        with request.app.state.ledger.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as e:  # any failure of the database is the answer, not an error of this page
        log.warning("health check: database unreachable", extra={"fields": {"error": str(e).splitlines()[0]}})
        return JSONResponse({"status": "error", "database": "无法连接数据库 / database unreachable",
                             "version": luoshi.__version__}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "version": luoshi.__version__})
