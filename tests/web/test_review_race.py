"""Finding 4: two reviewers deciding the same progress report at once (against a serving uvicorn server,
on SQLite and PostgreSQL): exactly one decision stands, the other gets 409 and a page showing the
decision that won; the same for two status decisions on one target."""

from __future__ import annotations

import re
import threading
from typing import Any

import httpx
from webtools import PASSWORDS, Env, serving


def _client(base: str, username: str, password: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=base, timeout=60, headers={"Connection": "close"})  # no keep-alive to time out
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert r.status_code == 303, r.text[:200]
    return c, str(c.get("/api/me").json()["csrf_token"])


def _second_admin(env: Env) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(env.url)
    with transaction(factory) as s:
        service.create_user(s, username="office2", password="Second-desk-2024", role="admin",
                            actor=service.system_user(s))
    engine.dispose()


def _reviewers(base: str) -> tuple[tuple[httpx.Client, str], ...]:
    """The department, the office and a second office account, each logged in with its CSRF token."""
    return (_client(base, "edu", PASSWORDS["edu"]), _client(base, "admin", PASSWORDS["admin"]),
            _client(base, "office2", "Second-desk-2024"))


def _at_once(*calls: Any) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    out: list[Any] = [None] * len(calls)

    def run(i: int, call: Any) -> None:
        barrier.wait()
        out[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_accept_and_return_at_once_one_wins(any_env: Env) -> None:
    _second_admin(any_env)
    with serving(any_env.app) as base:
        (dept, dept_token), (a, a_token), (b, b_token) = _reviewers(base)
        for round_ in range(4):
            r = dept.post(f"/api/targets/{any_env.edu_target}/progress", headers={"X-CSRF-Token": dept_token},
                          json={"period": "2024-Q2", "value": 3 + round_, "note": f"第{round_}次"})
            assert r.status_code == 201, r.text
            pid, version = r.json()["id"], r.json()["version"]
            page = a.get("/review").text  # both reviewers see the report with its version
            assert f'action="/review/{pid}"' in page and f'name="version" value="{version}"' in page
            accept, back = _at_once(
                lambda pid=pid, version=version: a.post(f"/review/{pid}", data={
                    "decision": "accept", "version": version, "csrf_token": a_token}),
                lambda pid=pid, version=version: b.post(f"/review/{pid}", data={
                    "decision": "return", "comment": "请补充佐证材料", "version": version, "csrf_token": b_token}),
            )
            codes = sorted([accept.status_code, back.status_code])
            assert codes == [303, 409], (accept.status_code, back.status_code)
            loser = accept if accept.status_code == 409 else back
            assert "已被他人处理" in loser.text and "现在的状态" in loser.text
            won = "已采纳" if loser is back else "已退回"
            assert won in loser.text  # the page shows the decision that stands
            state = a.get(f"/api/targets/{any_env.edu_target}").json()["progress"][0]
            assert state["id"] == pid and state["review_state"] == ("accepted" if won == "已采纳" else "returned")
        for c in (dept, a, b):
            c.close()


def test_api_reviews_at_once_one_wins(any_env: Env) -> None:
    _second_admin(any_env)
    with serving(any_env.app) as base:
        (dept, dept_token), (a, a_token), (b, b_token) = _reviewers(base)
        r = dept.post(f"/api/targets/{any_env.edu_target}/progress", headers={"X-CSRF-Token": dept_token},
                      json={"period": "2024-Q2", "value": 4})
        pid = r.json()["id"]
        version = next(p["version"] for p in a.get("/api/review").json() if p["id"] == pid)
        results = _at_once(
            lambda: a.post(f"/api/progress/{pid}/review", headers={"X-CSRF-Token": a_token},
                           json={"accept": True, "version": version}),
            lambda: b.post(f"/api/progress/{pid}/review", headers={"X-CSRF-Token": b_token},
                           json={"accept": False, "comment": "数据有误", "version": version}),
        )
        assert sorted(r.status_code for r in results) == [200, 409]
        lost = next(r for r in results if r.status_code == 409).json()
        assert lost["current"]["id"] == pid and lost["current"]["state"] in ("已采纳", "已退回")
        # A decision made on a version already gone is refused too, even alone.
        r = a.post(f"/api/progress/{pid}/review", headers={"X-CSRF-Token": a_token},
                   json={"accept": True, "version": version})
        assert r.status_code == 409
        for c in (dept, a, b):
            c.close()


def test_two_overrides_at_once_one_wins(any_env: Env) -> None:
    _second_admin(any_env)
    with serving(any_env.app) as base:
        a, a_token = _client(base, "admin", PASSWORDS["admin"])
        b, b_token = _client(base, "office2", "Second-desk-2024")
        page = a.get(f"/targets/{any_env.health_target}").text
        version = re.search(r'name="version" value="(\d+)"', page)
        assert version
        results = _at_once(
            lambda: a.post(f"/targets/{any_env.health_target}/override", data={
                "status": "已完成", "reason": "现场核查", "version": version.group(1), "csrf_token": a_token}),
            lambda: b.post(f"/targets/{any_env.health_target}/override", data={
                "status": "严重欠进度", "reason": "未见进展", "version": version.group(1), "csrf_token": b_token}),
        )
        assert sorted(r.status_code for r in results) == [303, 409]
        loser = next(r for r in results if r.status_code == 409)
        assert "督查室认定" in loser.text
        a.close()
        b.close()
