"""Report progress with evidence, review it, see the status change; exports; the API schema."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient
from webtools import Env, login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def report(c: TestClient, token: str, target: int, files: list[tuple[str, bytes]] | None = None,
           value: str = "1", period: str = "2024-Q2") -> object:
    return c.post(f"/targets/{target}/progress", data={"csrf_token": token, "period": period, "value": value,
                                                       "note": "按计划推进"},
                  files=[("files", (n, d, "application/octet-stream")) for n, d in (files or [])],
                  follow_redirects=False)


def test_department_reports_with_evidence_then_office_accepts(env: Env) -> None:
    dept = env.client()
    token = login(dept, "edu")
    r = report(dept, token, env.edu_target, [("照片.png", PNG)])
    assert r.status_code == 303, r.text[:300]
    detail = dept.get(f"/api/targets/{env.edu_target}").json()
    (p,) = detail["progress"]
    assert p["review_state"] == "pending" and p["attachments"] == ["照片.png"]

    admin = env.client()
    atoken = login(admin, "admin")
    assert f"p-{p['id']}" in admin.get("/review").text
    r = admin.post(f"/review/{p['id']}", data={"csrf_token": atoken, "decision": "accept"}, follow_redirects=False)
    assert r.status_code == 303
    assert admin.get(f"/api/targets/{env.edu_target}").json()["progress"][0]["review_state"] == "accepted"

    page = admin.get(f"/targets/{env.edu_target}").text
    href = page.split('href="/files/')[1].split('"')[0]
    assert admin.get(f"/files/{href}").content == PNG
    other = env.client()
    login(other, "health")
    assert other.get(f"/files/{href}").status_code == 403


def test_returned_report_shows_the_comment_to_the_department(env: Env) -> None:
    dept = env.client()
    token = login(dept, "edu")
    assert report(dept, token, env.edu_target).status_code == 303
    pid = dept.get(f"/api/targets/{env.edu_target}").json()["progress"][0]["id"]
    admin = env.client()
    atoken = login(admin, "admin")
    r = admin.post(f"/review/{pid}", data={"csrf_token": atoken, "decision": "return"})
    assert r.status_code == 400  # a comment is required to send back
    admin.post(f"/review/{pid}", data={"csrf_token": atoken, "decision": "return", "comment": "请补充佐证材料"})
    page = dept.get("/dept").text
    assert "请补充佐证材料" in page and f"supersedes={pid}" in page


def test_evidence_type_checked_by_content_and_size(env: Env) -> None:
    c = env.client()
    token = login(c, "edu")
    r = report(c, token, env.edu_target, [("fake.pdf", b"just text, not a pdf")])
    assert r.status_code == 400 and "不符" in r.text
    r = report(c, token, env.edu_target, [("tool.exe", b"MZ")])
    assert r.status_code == 400 and "只接受" in r.text
    r = report(c, token, env.edu_target, [("big.png", PNG + b"\x00" * (1024 * 1024 + 1))])
    assert r.status_code == 400 and "过大" in r.text
    assert c.get(f"/api/targets/{env.edu_target}").json()["progress"] == []  # nothing recorded
    assert not list((env.tmp / "uploads").glob("evidence/*"))  # and no file kept


def test_dashboard_reflects_an_accepted_report(env: Env) -> None:
    admin = env.client()
    token = login(admin, "admin")
    before = admin.get("/api/dashboard").json()["counts"]
    target = admin.get(f"/api/targets/{env.edu_target}").json()["target"]
    r = admin.post(f"/api/targets/{env.edu_target}/progress", json={"period": "2024-Q2", "value": target["value"]},
                   headers={"X-CSRF-Token": token})
    assert r.status_code == 201 and r.json()["review_state"] == "accepted"  # the office's own report counts at once
    after = admin.get("/api/dashboard").json()["counts"]
    assert after["已完成"] == before["已完成"] + 1
    assert admin.get(f"/api/targets/{env.edu_target}").json()["status"]["status"] == "已完成"
    page = admin.get("/dashboard").text
    assert 'data-chart="c-status"' in page and "/static/vendor/echarts/echarts.min.js" in page


def test_bad_progress_value_is_a_clear_400(env: Env) -> None:
    c = env.client()
    token = login(c, "edu")
    r = report(c, token, env.edu_target, value="很多")
    assert r.status_code == 400 and "数字" in r.text
    r = report(c, token, env.edu_target, period="2031-Q1")
    assert r.status_code == 400


def test_bulk_assignment_and_filters(env: Env) -> None:
    admin = env.client()
    token = login(admin, "admin")
    rows = admin.get("/api/targets").json()
    ids = [str(r["id"]) for r in rows[:3]]
    page = admin.get("/ledger").text
    lead = page.split('name="lead" required><option value="">选择…</option><option value="')[1].split('"')[0]
    r = admin.post("/ledger/assign", data={"csrf_token": token, "target_ids": ids, "lead": lead},
                   follow_redirects=False)
    assert r.status_code == 303
    rows = {r["id"]: r for r in admin.get("/api/targets").json()}
    leads = {rows[int(i)]["lead"] for i in ids}
    assert len(leads) == 1 and leads != {""}
    (name,) = leads
    filtered = admin.get("/api/targets", params={"department": name}).json()
    assert {str(r["id"]) for r in filtered} >= set(ids)
    assert admin.get("/ledger", params={"q": "幼儿园"}).status_code == 200


def test_xlsx_export_has_the_office_sheets(env: Env) -> None:
    c = env.client()
    login(c, "viewer")
    r = c.get("/ledger/export.xlsx")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
    assert "主要量化指标任务分解" in workbook and "主要任务分解" in workbook


def test_openapi_schema_lists_the_api(env: Env) -> None:
    c = env.client()
    schema = c.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/me", "/api/targets", "/api/targets/{target_id}", "/api/targets/{target_id}/progress",
            "/api/progress/{progress_id}/review", "/api/dashboard"} <= paths
    assert not any(p.startswith("/ledger") for p in paths)  # pages stay out of the API schema


def test_static_assets_are_local(env: Env) -> None:
    c = env.client()
    assert c.get("/static/vendor/echarts/echarts.min.js").status_code == 200
    login(c, "admin")
    for page in ("/dashboard", "/ledger", f"/targets/{env.edu_target}", "/import", "/review"):
        html = c.get(page).text
        assert "http://" not in html.replace("http://testserver", "") and "https://" not in html, page


def test_office_overrides_a_status_with_a_reason(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    url = f"/targets/{env.edu_target}/override"
    assert c.post(url, data={"csrf_token": token, "status": "已完成"}).status_code == 400  # a reason is required
    r = c.post(url, data={"csrf_token": token, "status": "已完成", "reason": "已由上级部门验收"}, follow_redirects=False)
    assert r.status_code == 303
    st = c.get(f"/api/targets/{env.edu_target}").json()["status"]
    assert st["status"] == "已完成" and st["overridden"] and "已由上级部门验收" in st["reason"]
    page = c.get(f"/targets/{env.edu_target}").text
    assert "认定状态" in page and "人工认定" in page
