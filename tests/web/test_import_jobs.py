"""Finding 7: extraction runs outside the event loop. Against a serving server with a slow extractor:
the upload is answered at once, the draft's page shows progress, other pages answer meanwhile, and
the result appears when the job ends; a failed or orphaned job says so instead of serving for ever."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from webtools import PASSWORDS, Env, make_app, serving

REPORT = "某县2024年政府工作报告\n二、2024年工作安排\n（一）稳增长\n力争地区生产总值增长6%左右，新增就业岗位3000个。\n"


@pytest.fixture
def slow_extractor(monkeypatch: pytest.MonkeyPatch) -> float:
    from luoshi.web import drafts

    seconds = 4.0
    original = drafts.run_extractor

    def slow(doc: Any) -> Any:
        time.sleep(seconds)  # stands for 15 s of extraction of an 8 MB report
        return original(doc)

    monkeypatch.setattr(drafts, "run_extractor", slow)
    return seconds


def _admin(base: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=base, timeout=30, headers={"Connection": "close"})  # no keep-alive to time out
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    assert c.post("/login", data={"username": "admin", "password": PASSWORDS["admin"], "csrf_token": token}).status_code == 303
    return c, str(c.get("/api/me").json()["csrf_token"])


@pytest.fixture
def quick(env: Env) -> Any:
    """The test app, but an upload waits only briefly for its extraction before showing progress."""
    app = make_app(env.url, env.tmp, import_wait_seconds=0.5)
    yield app
    app.state.ledger.engine.dispose()


def _wait(c: httpx.Client, draft: str, seconds: float = 60) -> None:
    """Until the draft's extraction job has ended (done or failed)."""
    deadline = time.monotonic() + seconds
    while c.get(f"{draft}/status.json").json()["state"] == "extracting":
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_server_answers_while_a_report_is_extracted(quick: Any, slow_extractor: float) -> None:
    with serving(quick) as base:
        c, token = _admin(base)
        t0 = time.perf_counter()
        r = c.post("/import", files={"file": ("big.txt", REPORT.encode(), "text/plain")}, data={"csrf_token": token})
        assert r.status_code == 303 and time.perf_counter() - t0 < slow_extractor
        draft = r.headers["location"]
        page = c.get(draft).text
        assert "正在抽取指标" in page and "<progress" in page and 'http-equiv="refresh"' in page
        other = httpx.Client(base_url=base, timeout=30)
        for path in ("/login", "/static/css/luoshi.css"):
            t1 = time.perf_counter()
            assert other.get(path).status_code == 200
            assert time.perf_counter() - t1 < 1.0  # not held up by the extraction
        assert c.get("/ledger").status_code == 200
        status = c.get(f"{draft}/status.json").json()
        assert status["state"] == "extracting" and 0 <= status["percent"] < 100
        _wait(c, draft)
        page = c.get(draft).text
        assert "核对抽取结果" in page and "新增就业岗位" in page
        assert "big.txt" in c.get("/import").text


def test_a_failed_extraction_is_shown_not_left_running(quick: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(draft: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("luoshi.web.jobs.extract_into", broken)
    with serving(quick) as base:
        c, token = _admin(base)
        r = c.post("/import", files={"file": ("r.txt", REPORT.encode(), "text/plain")}, data={"csrf_token": token})
        draft = r.headers["location"]
        _wait(c, draft)
        page = c.get(draft).text
        assert "无法导入" in page and "RuntimeError" in page
        r = c.post(f"{draft}/commit", data={"region": "某县", "year": "2024", "csrf_token": token})
        assert r.status_code == 400 and "尚未完成" in r.text


def test_a_job_whose_process_died_counts_as_failed() -> None:
    from luoshi.web.jobs import progress

    meta = {"state": "extracting", "chars": 1000, "job": {"started_at": "2024-06-30T00:00:00+00:00",
                                                          "pid": 2**22 + 12345, "host": __import__("socket").gethostname()}}
    shown = progress(json.loads(json.dumps(meta)))
    assert shown["state"] == "failed" and "中止" in shown["error"]
