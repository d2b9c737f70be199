"""Finding 3: sessions are server-side. Logging out, disabling, a password reset or a role change end the
user's sessions at once (an old cookie is worth nothing); a reset password must be changed first; the
password policy applies on the form; log-ins and log-outs are audit events with the address."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webtools import PASSWORDS, Env, csrf_of, login


def _copy(c: TestClient, env: Env) -> TestClient:
    other = env.client()
    for k, v in c.cookies.items():
        other.cookies.set(k, v)
    return other


def _events(env: Env, action: str) -> list[Any]:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(env.url)
    with transaction(factory) as s:
        out = [(e.actor_name, e.address, e.note) for e in service.history(s, action=action, limit=None)]
    engine.dispose()
    return out


def test_logout_makes_the_old_cookie_worthless(env: Env) -> None:
    c = env.client()
    token = login(c, "viewer")
    stolen = _copy(c, env)  # the same cookie, kept by someone else
    assert stolen.get("/api/me").status_code == 200
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert stolen.get("/api/me").status_code == 401
    assert stolen.get("/dashboard", follow_redirects=False).status_code == 303
    assert _events(env, "logout")[0][0] == "viewer"


def test_logout_ends_every_session_of_the_user(env: Env) -> None:
    a, b = env.client(), env.client()
    token = login(a, "edu")
    login(b, "edu")
    a.post("/logout", data={"csrf_token": token})
    assert b.get("/api/me").status_code == 401


def _admin(env: Env) -> tuple[TestClient, str]:
    c = env.client()
    return c, login(c, "admin")


def _user_id(env: Env, name: str) -> int:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(env.url)
    with transaction(factory) as s:
        uid = int(service.get_user(s, ref=name).id)
    engine.dispose()
    return uid


def test_disabling_a_user_ends_its_sessions_and_log_ins(env: Env) -> None:
    clerk = env.client()
    login(clerk, "edu")
    admin, token = _admin(env)
    r = admin.post(f"/admin/users/{_user_id(env, 'edu')}/active", data={"active": "0", "csrf_token": token},
                   follow_redirects=False)
    assert r.status_code == 303
    assert clerk.get("/api/me").status_code == 401
    c = env.client()
    r = c.post("/login", data={"username": "edu", "password": PASSWORDS["edu"], "csrf_token": csrf_of(c)})
    assert r.status_code == 401
    admin.post(f"/admin/users/{_user_id(env, 'edu')}/active", data={"active": "1", "csrf_token": token})
    login(env.client(), "edu")
    assert [a for a, _, _ in _events(env, "disable")] == ["admin"]


def test_the_last_administrator_cannot_be_disabled(env: Env) -> None:
    admin, token = _admin(env)
    r = admin.post(f"/admin/users/{_user_id(env, 'admin')}/active", data={"active": "0", "csrf_token": token})
    assert r.status_code == 400
    assert admin.get("/api/me").status_code == 200


def test_reset_password_shows_it_once_and_forces_a_change(env: Env) -> None:
    clerk = env.client()
    login(clerk, "health")
    admin, token = _admin(env)
    page = admin.post(f"/admin/users/{_user_id(env, 'health')}/reset", data={"csrf_token": token}).text
    temp = re.search(r'<code class="secret">([^<]+)</code>', page)
    assert temp, "the temporary password is shown on the answer page"
    assert "secret" not in admin.get("/admin/users").text  # shown once only
    assert clerk.get("/api/me").status_code == 401  # the reset ended the old session
    c = env.client()
    r = c.post("/login", data={"username": "health", "password": temp.group(1), "csrf_token": csrf_of(c)},
               follow_redirects=False)
    assert r.headers["location"] == "/account/password"
    assert c.get("/dept", follow_redirects=False).headers["location"] == "/account/password"
    assert c.get("/api/targets").status_code == 403
    form_token = csrf_of(c, "/account/password")
    bad = {"current": temp.group(1), "new": "health12345", "confirm": "health12345", "csrf_token": form_token}
    r = c.post("/account/password", data=bad)
    assert r.status_code == 400 and "不能包含用户名" in r.text
    good = {**bad, "new": "Weijian-window-77", "confirm": "Weijian-window-77"}
    r = c.post("/account/password", data=good, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/dept").status_code == 200
    assert c.get("/api/me").json()["username"] == "health"


@pytest.mark.parametrize("password, words", [("Short1", "至少 10 个字符"), ("onlyletters-here", "数字"),
                                             ("1234567890123", "字母"), ("Password123", "常见"),
                                             ("viewer-2024-x", "用户名")])
def test_password_policy_on_the_form(env: Env, password: str, words: str) -> None:
    c = env.client()
    login(c, "viewer")
    r = c.post("/account/password", data={"current": PASSWORDS["viewer"], "new": password, "confirm": password,
                                          "csrf_token": csrf_of(c, "/account/password")})
    assert r.status_code == 400
    assert words in r.text


def test_wrong_current_password_keeps_the_old_one(env: Env) -> None:
    c = env.client()
    login(c, "viewer")
    r = c.post("/account/password", data={"current": "not-it-123", "new": "Chakan-window-77",
                                          "confirm": "Chakan-window-77", "csrf_token": csrf_of(c, "/account/password")})
    assert r.status_code == 400 and "当前密码不正确" in r.text
    login(env.client(), "viewer")


def test_password_change_ends_other_sessions_but_keeps_this_one(env: Env) -> None:
    here, there = env.client(), env.client()
    login(here, "viewer")
    login(there, "viewer")
    r = here.post("/account/password", data={"current": PASSWORDS["viewer"], "new": "Chakan-window-77",
                                             "confirm": "Chakan-window-77", "csrf_token": csrf_of(here, "/account/password")},
                  follow_redirects=False)
    assert r.status_code == 303
    assert here.get("/api/me").status_code == 200
    assert there.get("/api/me").status_code == 401


def test_role_change_ends_the_session(env: Env) -> None:
    clerk = env.client()
    login(clerk, "viewer")
    admin, token = _admin(env)
    r = admin.post(f"/admin/users/{_user_id(env, 'viewer')}/role",
                   data={"role": "department", "department": "教育局", "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert clerk.get("/api/me").status_code == 401
    c = env.client()
    login(c, "viewer")
    assert c.get("/api/me").json()["role"] == "department"


def test_accounts_page_adds_a_user_with_a_password_shown_once(env: Env) -> None:
    admin, token = _admin(env)
    page = admin.post("/admin/users", data={"username": "stats", "role": "viewer", "csrf_token": token}).text
    pw = re.search(r'<code class="secret">([^<]+)</code>', page)
    assert pw
    c = env.client()
    login(c, "stats", pw.group(1))
    r = admin.post("/admin/users", data={"username": "x2", "role": "department", "csrf_token": token})
    assert r.status_code == 400 and "部门" in r.text and 'value="x2"' in r.text  # the form keeps its input
    assert env.client().get("/admin/users", follow_redirects=False).status_code == 303
    viewer = env.client()
    login(viewer, "viewer")
    assert viewer.get("/admin/users").status_code == 403


def test_log_in_events_carry_the_address(env: Env) -> None:
    c = env.client()
    c.post("/login", data={"username": "admin", "password": "wrong-one-1", "csrf_token": csrf_of(c)})
    login(c, "admin")
    failed = _events(env, "login_failed")
    assert failed[0][0] == "admin" and failed[0][1]  # the name tried and the client's address
    assert _events(env, "login")[0][:1] == ("admin",)
