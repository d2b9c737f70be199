"""Headless Chromium (Debian's package) driven by Playwright against the app served by uvicorn on a
free loopback port, with its own temporary SQLite database."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))  # the shared helpers (webtools)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser


@dataclass
class Server:
    base: str
    report_id: int
    edu_target: int
    health_target: int
    tmp: Path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    from webtools import SECRET, TODAY, build_ledger, serving

    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    url = f"sqlite:///{tmp_path / 'browser.db'}"
    rid, a, b = build_ledger(url)
    app = create_app(WebSettings(database_url=url, upload_dir=tmp_path / "uploads", secret_key=SECRET, today=TODAY,
                                 import_wait_seconds=60))
    with serving(app) as base:
        yield Server(base, rid, a, b, tmp_path)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package (make browser) to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.fixture
def shot() -> Any:
    """Save a screenshot of the page to artifacts/screenshots/<name>.png."""
    return _shot
