"""Finding 8 (values and ids) on the web: progress values that cannot be right are refused with a Chinese
message and nothing stored; ids past the integer range, or not numbers, are 404 (never 500); exports
are audit events with the user and address."""

from __future__ import annotations

import pytest
from webtools import Env, login


@pytest.mark.parametrize("value, words", [("inf", "无穷大"), ("nan", "无穷大"), ("-5", "不能为负数"),
                                          ("1e15", "过大"), ("999999", "倍，请核对单位")])
def test_impossible_progress_values_are_refused(env: Env, value: str, words: str) -> None:
    c = env.client()
    token = login(c, "edu")
    r = c.post(f"/targets/{env.edu_target}/progress", data={"period": "2024-Q2", "value": value, "csrf_token": token})
    assert r.status_code == 400
    assert words in r.text
    assert c.get(f"/api/targets/{env.edu_target}").json()["progress"] == []


def test_api_refuses_infinity_too(env: Env) -> None:
    c = env.client()
    token = login(c, "edu")
    r = c.post(f"/api/targets/{env.edu_target}/progress", headers={"X-CSRF-Token": token,
                                                                   "Content-Type": "application/json"},
               content=b'{"period": "2024-Q2", "value": Infinity}')
    assert r.status_code in (400, 422)
    assert c.get(f"/api/targets/{env.edu_target}").json()["progress"] == []


@pytest.mark.parametrize("path", ["/targets/99999999999", "/targets/2147483648", "/targets/0", "/targets/abc",
                                  "/files/99999999999999999999", "/api/targets/99999999999"])
def test_ids_out_of_range_are_404(env: Env, path: str) -> None:
    c = env.client()
    login(c, "admin")
    r = c.get(path)
    assert r.status_code == 404
    assert "不存在" in r.text


def test_out_of_range_ids_in_forms_are_not_500(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    r = c.post("/ledger/assign", data={"target_ids": ["99999999999"], "lead": "1", "csrf_token": token})
    assert r.status_code == 404
    r = c.post("/review/99999999999", data={"decision": "accept", "csrf_token": token})
    assert r.status_code == 404


def test_exports_are_audited(env: Env) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction

    c = env.client()
    login(c, "viewer")
    assert c.get("/ledger/export.xlsx").status_code == 200
    engine, factory = open_db(env.url)
    with transaction(factory) as s:
        ev = service.history(s, action="export", limit=1)[0]
        assert (ev.actor_name, ev.entity) == ("viewer", "report") and ev.address and "xlsx" in ev.note
    engine.dispose()
