"""The web face: FastAPI + Jinja2 pages in Chinese for the supervision office and the departments.

`create_app(settings)` builds an app; `luoshi serve` runs it with uvicorn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(settings: Any = None) -> FastAPI:
    from luoshi.web.app import create_app as _create_app

    return _create_app(settings)


__all__ = ["create_app"]
