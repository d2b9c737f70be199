"""Pages people see: security headers, the department's 催办 list, the annual review, body limits."""

from __future__ import annotations

from webtools import Env, login


def test_security_headers_and_no_cdn_docs(env: Env) -> None:
    c = env.client()
    r = c.get("/login")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert c.get("/api/docs").status_code == 404  # Swagger UI would load from a CDN
    assert c.get("/api/openapi.json").status_code == 200


def test_department_page_lists_what_is_due(env: Env) -> None:
    c = env.client()
    login(c, "edu")
    page = c.get("/dept").text
    assert "催办" in page  # on 2024-06-30 the first-quarter report of its target is missing
    assert f'/targets/{env.edu_target}#report' in page
    assert f'/targets/{env.health_target}"' not in page


def test_annual_review_page_needs_two_reports(env: Env) -> None:
    c = env.client()
    login(c, "viewer")
    r = c.get("/annual")
    assert r.status_code == 200 and "需要同一地区相邻两年的报告" in r.text


def test_annual_review_compares_two_reports(env: Env) -> None:
    from webtools import sample_text

    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction

    # Next year's report (our own wording): the year rolls on and the results are stated.
    nxt = sample_text().replace("2024", "2025").replace("2023", "2024").replace("增长5.2%", "增长6.3%")
    engine, factory = open_db(env.url)
    with transaction(factory) as session:
        import luoshi
        from luoshi.document import Document, build

        doc = build(Document(id="next", text=nxt))
        s.import_report(session, source=doc, region="青岚县", year=2025, actor=s.system_user(session),
                        indicators=luoshi.extract(doc))
    engine.dispose()
    c = env.client()
    login(c, "admin")
    r = c.get("/annual")
    assert r.status_code == 200
    assert "兑现率" in r.text and "地区生产总值" in r.text


def test_oversized_body_refused_before_parsing(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    r = c.post("/import", content=b"x" * (7 * 1024 * 1024), headers={
        "content-type": "multipart/form-data; boundary=zzz", "x-csrf-token": token})
    assert r.status_code == 413 and "过大" in r.text


def test_import_list_page_and_unknown_draft(env: Env) -> None:
    c = env.client()
    login(c, "admin")
    assert "导入政府工作报告" in c.get("/import").text
    assert c.get("/import/../../etc/passwd").status_code == 404
    assert c.get("/import/0123456789abcdef").status_code == 404


def test_ledger_page_groups_by_section_and_filters(env: Env) -> None:
    import re

    c = env.client()
    login(c, "viewer")
    page = c.get("/ledger").text
    assert '<tr class="group">' in page and "二、2024年主要目标任务" in page
    assert 'id="bulk-form"' not in page  # a viewer gets no assignment form
    rows = re.findall(r'<tr data-id="(\d+)">', page)
    assert len(rows) >= 10
    filtered = c.get("/ledger", params={"status": "已完成"}).text
    assert re.findall(r'<tr data-id="(\d+)">', filtered) == []  # nothing is done on 2024-06-30
    one = c.get("/ledger", params={"per": "5"}).text
    assert len(re.findall(r'<tr data-id="(\d+)">', one)) == 5 and "显示全部" in one
    assert c.get("/ledger", params={"per": "abc"}).status_code == 422
