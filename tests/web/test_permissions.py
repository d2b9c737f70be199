"""Every forbidden action per role is refused by the server, for pages and for the API."""

from __future__ import annotations

import pytest
from webtools import Env, login

# (role, method, path template, body kind) → must be refused with 403.
FORBIDDEN = [
    ("department", "GET", "/import", None),
    ("department", "GET", "/ledger", None),
    ("department", "GET", "/dashboard", None),
    ("department", "GET", "/review", None),
    ("department", "GET", "/annual", None),
    ("department", "GET", "/ledger/export.xlsx", None),
    ("department", "POST", "/ledger/assign", "assign"),
    ("department", "POST", "/targets/{other}/assign", "assign1"),
    ("department", "POST", "/review/{pid}", "review"),
    ("department", "GET", "/targets/{other}", None),
    ("department", "POST", "/targets/{own}/override", "override"),
    ("viewer", "POST", "/targets/{own}/override", "override"),
    ("department", "POST", "/targets/{other}/progress", "progress"),
    ("department", "GET", "/api/targets/{other}", None),
    ("department", "POST", "/api/targets/{other}/progress", "json-progress"),
    ("department", "POST", "/api/targets/{own}/assign", "json-assign"),
    ("department", "GET", "/api/review", None),
    ("department", "POST", "/api/progress/{pid}/review", "json-review"),
    ("department", "GET", "/api/dashboard", None),
    ("viewer", "GET", "/import", None),
    ("viewer", "GET", "/review", None),
    ("viewer", "GET", "/dept", None),
    ("viewer", "POST", "/ledger/assign", "assign"),
    ("viewer", "POST", "/targets/{own}/progress", "progress"),
    ("viewer", "POST", "/review/{pid}", "review"),
    ("viewer", "POST", "/api/targets/{own}/progress", "json-progress"),
    ("viewer", "POST", "/api/targets/{own}/assign", "json-assign"),
    ("viewer", "POST", "/api/progress/{pid}/review", "json-review"),
    ("admin", "GET", "/dept", None),
    ("department", "GET", "/admin/departments", None),
    ("viewer", "GET", "/admin/departments", None),
    ("department", "POST", "/admin/departments/1/merge", "merge"),
    ("viewer", "POST", "/admin/departments/1/active", "active"),
    ("department", "POST", "/ledger/confirm", "confirm"),
    ("viewer", "POST", "/targets/{own}/confirm", "review"),
    ("department", "POST", "/review/batch", "batch"),
    ("viewer", "POST", "/review/batch", "batch"),
]


def _pending_progress(env: Env) -> int:
    c = env.client()
    token = login(c, "edu")
    r = c.post(f"/api/targets/{env.edu_target}/progress", json={"period": "2024-Q1", "value": 1},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


@pytest.mark.parametrize(("role", "method", "path", "body"), FORBIDDEN)
def test_forbidden(env: Env, role: str, method: str, path: str, body: str | None) -> None:
    pid = _pending_progress(env) if "{pid}" in path else 0
    user = {"department": "edu", "viewer": "viewer", "admin": "admin"}[role]
    c = env.client()
    token = login(c, user)
    url = path.format(other=env.health_target, own=env.edu_target, pid=pid)
    if method == "GET":
        r = c.get(url, follow_redirects=False)
    elif body is not None and body.startswith("json-"):
        payload = {"json-progress": {"period": "2024-Q1", "value": 1}, "json-assign": {"lead": 1},
                   "json-review": {"accept": True}}[body]
        r = c.post(url, json=payload, headers={"X-CSRF-Token": token}, follow_redirects=False)
    else:
        form = {"assign": {"target_ids": str(env.edu_target), "lead": "1"}, "assign1": {"lead": "1"},
                "review": {"decision": "accept"}, "progress": {"period": "2024-Q1", "value": "1"},
                "override": {"status": "已完成", "reason": "x"}, "merge": {"into": "2"}, "active": {"active": "0"},
                "confirm": {"target_ids": str(env.edu_target)},
                "batch": {"progress_ids": str(pid), f"v-{pid}": "1"}}[body or "review"]
        r = c.post(url, data={**form, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 403, (role, method, url, r.status_code, r.text[:200])


def test_refused_progress_writes_nothing(env: Env) -> None:
    c = env.client()
    token = login(c, "edu")
    r = c.post(f"/api/targets/{env.health_target}/progress", json={"period": "2024-Q1", "value": 5},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    admin = env.client()
    login(admin, "admin")
    detail = admin.get(f"/api/targets/{env.health_target}").json()
    assert detail["progress"] == []


def test_department_sees_only_its_own_targets_in_the_api(env: Env) -> None:
    c = env.client()
    login(c, "edu")
    rows = c.get("/api/targets").json()
    assert rows and all(r["lead"] == "教育局" or "教育局" in r["co"] for r in rows)
    assert env.health_target not in {r["id"] for r in rows}


def test_each_role_reaches_its_own_pages(env: Env) -> None:
    for user, pages in {"admin": ["/dashboard", "/ledger", "/import", "/review", f"/targets/{env.edu_target}"],
                        "viewer": ["/dashboard", "/ledger", f"/targets/{env.health_target}"],
                        "edu": ["/dept", f"/targets/{env.edu_target}"]}.items():
        c = env.client()
        login(c, user)
        for p in pages:
            assert c.get(p).status_code == 200, (user, p)
