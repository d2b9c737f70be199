"""Helpers shared by the web and browser tests: a ledger built from our own sample report, four accounts,
log-in. (A uniquely named module, importable from both test folders.)"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

PASSWORDS = {"admin": "Office-desk-2024", "edu": "Jiaoyu-desk-2024", "health": "Weijian-desk-2024",
             "viewer": "Chakan-desk-2024"}
SECRET = "k3Yq-7pLm_Vx2Rt9sWd4Nb8Hc6Zf1Ga0Je5Uo"  # a test key that passes the strength check
TODAY = date(2024, 6, 30)


@dataclass
class Env:
    url: str
    tmp: Path
    app: Any
    report_id: int
    edu_target: int  # a quantified target led by 教育局
    health_target: int  # a quantified target led by 卫生健康局

    def client(self) -> TestClient:
        return TestClient(self.app, raise_server_exceptions=False)


def sample_text() -> str:
    return resources.files("luoshi.sample").joinpath("sample-report.txt").read_text(encoding="utf-8")


def build_ledger(url: str, text: str | None = None) -> tuple[int, int, int]:
    """Import the sample report, make departments and users; returns (report id, edu target, health target)."""
    import luoshi
    from luoshi.document import Document, build
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(url, init=True)
    doc = build(Document(id="sample", text=text or sample_text()))
    with transaction(factory) as session:
        system = s.system_user(session)
        edu = s.get_or_create_department(session, name="教育局", actor=system)
        health = s.get_or_create_department(session, name="卫生健康局", actor=system)
        s.get_or_create_department(session, name="人力资源和社会保障局", actor=system)
        region = s.get_or_create_region(session, name="青岚县", actor=system)
        result = s.import_report(session, source=doc, region=region, year=2024, actor=system,
                                 indicators=luoshi.extract(doc), title="青岚县2024年政府工作报告")
        rid = result.report.id
        quantified = [t for t in s.list_targets(session, report_id=rid) if t.value is not None and t.unit != "%"]
        assert len(quantified) >= 2, "the sample report must give at least two quantified amount targets"
        a, b = quantified[0], quantified[1]
        s.assign(session, target=a, lead=edu, actor=system)
        s.assign(session, target=b, lead=health, actor=system)
        s.create_user(session, username="admin", password=PASSWORDS["admin"], role="admin", actor=system)
        s.create_user(session, username="edu", password=PASSWORDS["edu"], role="department", department=edu,
                      actor=system)
        s.create_user(session, username="health", password=PASSWORDS["health"], role="department",
                      department=health, actor=system)
        s.create_user(session, username="viewer", password=PASSWORDS["viewer"], role="viewer", actor=system)
        ids = (rid, a.id, b.id)
    engine.dispose()
    return ids


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/login") -> str:
    m = CSRF_RE.search(client.get(path).text)
    assert m, f"no CSRF field on {path}"
    return m.group(1)


def login(client: TestClient, username: str, password: str | None = None) -> str:
    """Log in and return the session's CSRF token for later posts."""
    token = csrf_of(client)
    r = client.post("/login", data={"username": username, "password": password or PASSWORDS[username],
                                    "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    me = client.get("/api/me").json()
    return str(me["csrf_token"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yields the base URL. Proxy headers
    are off, as `luoshi serve` has them: the app decides which X-Forwarded-For to believe."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        app.state.ledger.engine.dispose()


def make_app(url: str, tmp_path: Path, **settings: Any) -> Any:
    """The test app: small upload limits; an upload waits for its extraction (as long as a loaded test
    machine needs), unless a test sets `import_wait_seconds` to see the progress page."""
    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    values: dict[str, Any] = {"max_upload_mb": 1, "max_evidence_mb": 1, "import_wait_seconds": 60.0, **settings}
    return create_app(WebSettings(database_url=url, upload_dir=tmp_path / "uploads", secret_key=SECRET, today=TODAY,
                                  **values))
