"""Log-in, sessions, the rate limit and CSRF refusals."""

from __future__ import annotations

from webtools import PASSWORDS, Env, csrf_of, login


def test_pages_redirect_to_login_and_api_answers_401(env: Env) -> None:
    c = env.client()
    r = c.get("/ledger?status=欠进度", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=/ledger")
    assert c.get("/api/targets").status_code == 401


def test_login_sets_signed_httponly_samesite_cookie(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    r = c.post("/login", data={"username": "admin", "password": PASSWORDS["admin"], "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "luoshi_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert c.get("/dashboard").status_code == 200


def test_tampered_cookie_is_no_session(env: Env) -> None:
    c = env.client()
    login(c, "admin")
    value = c.cookies.get("luoshi_session")
    assert value
    c.cookies.set("luoshi_session", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert c.get("/api/me").status_code == 401


def test_wrong_password_is_refused_with_one_message(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    r = c.post("/login", data={"username": "admin", "password": "nope", "csrf_token": token})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text
    r = c.post("/login", data={"username": "nobody", "password": "nope", "csrf_token": token})
    assert r.status_code == 401 and "用户名或密码错误" in r.text


def test_login_rate_limited_after_five_failures_even_with_right_password(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    for _ in range(5):
        assert c.post("/login", data={"username": "edu", "password": "bad", "csrf_token": token}).status_code == 401
    r = c.post("/login", data={"username": "edu", "password": PASSWORDS["edu"], "csrf_token": token})
    assert r.status_code == 429
    assert "过于频繁" in r.text


def test_login_without_csrf_token_is_refused(env: Env) -> None:
    c = env.client()
    c.get("/login")
    r = c.post("/login", data={"username": "admin", "password": PASSWORDS["admin"]})
    assert r.status_code == 403
    assert c.get("/api/me").status_code == 401


def test_form_post_with_wrong_or_missing_csrf_is_refused(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    data = {"target_ids": [str(env.edu_target)], "lead": "1"}
    assert c.post("/ledger/assign", data=data).status_code == 403
    assert c.post("/ledger/assign", data={**data, "csrf_token": "x" * 43}).status_code == 403
    r = c.post("/ledger/assign", data={**data, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303


def test_api_post_needs_csrf_header(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    body = {"period": "2024-Q1", "value": 1}
    assert c.post(f"/api/targets/{env.edu_target}/progress", json=body).status_code == 403
    r = c.post(f"/api/targets/{env.edu_target}/progress", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text


def test_logout_ends_the_session(env: Env) -> None:
    c = env.client()
    token = login(c, "viewer")
    r = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/api/me").status_code == 401


def test_next_parameter_cannot_leave_the_site(env: Env) -> None:
    c = env.client()
    token = csrf_of(c)
    r = c.post("/login", data={"username": "admin", "password": PASSWORDS["admin"], "csrf_token": token,
                               "next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_error_page_is_chinese_and_chosen_by_status(env: Env) -> None:
    c = env.client()
    login(c, "admin")
    r = c.get("/targets/999999")
    assert r.status_code == 404
    assert "页面不存在" in r.text or "不存在" in r.text
    assert c.get("/no/such/page").status_code == 404
