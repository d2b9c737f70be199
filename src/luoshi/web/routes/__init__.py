"""One module per page; `all_routers()` lists them in the order the app mounts them."""

from __future__ import annotations

import importlib

from fastapi import APIRouter

MODULES = ("health", "auth", "home", "imports", "ledger", "target", "dashboard", "dept", "review", "urges", "annual",
           "compare", "regions", "files", "users", "departments", "api")


def all_routers() -> list[APIRouter]:
    return [importlib.import_module(f"luoshi.web.routes.{name}").router for name in MODULES]
