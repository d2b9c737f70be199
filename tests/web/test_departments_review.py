"""The office's department admin (merge, rename, aliases, disable), confirming suggested leads before
they reach a department, the review queue's department column and batch accept, a returned report
reopened with its text, and the annual comparison's checks."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from webtools import Env, login

from luoshi.ledger import service as s
from luoshi.ledger.storage.db import open_db, transaction


def _ledger(env: Env, work: Any) -> Any:
    engine, factory = open_db(env.url)
    try:
        with transaction(factory) as session:
            return work(session)
    finally:
        engine.dispose()


def _suggested_to_edu(env: Env) -> int:
    """A target whose lead 教育局 is only a suggestion (not confirmed)."""
    def work(session: Any) -> int:
        system = s.system_user(session)
        t = next(t for t in s.list_targets(session, report_id=env.report_id)
                 if t.id not in (env.edu_target, env.health_target) and t.value is not None)
        s.assign(session, target=t, lead="教育局", confirmed=False, actor=system)
        return int(t.id)
    return int(_ledger(env, work))


def _report(c: TestClient, token: str, target: int, note: str = "按计划推进", value: str = "1") -> Any:
    return c.post(f"/targets/{target}/progress", data={"csrf_token": token, "period": "2024-Q2", "value": value,
                                                       "note": note}, follow_redirects=False)


def test_unconfirmed_lead_does_not_reach_the_department_until_confirmed(env: Env) -> None:
    tid = _suggested_to_edu(env)
    dept = env.client()
    dtoken = login(dept, "edu")
    assert f'/targets/{tid}"' not in dept.get("/dept").text
    assert tid not in [r["id"] for r in dept.get("/api/targets").json()]
    assert dept.get(f"/targets/{tid}").status_code == 403
    assert _report(dept, dtoken, tid).status_code == 403
    admin = env.client()
    token = login(admin, "admin")
    ledger = admin.get("/ledger", params={"per": "all"}).text
    assert "待确认" in ledger and 'id="confirm-selected"' in ledger
    assert "待确认" in admin.get(f"/targets/{tid}").text
    r = admin.post("/ledger/confirm", data={"csrf_token": token, "target_ids": [str(tid)]}, follow_redirects=False)
    assert r.status_code == 303
    assert "已确认 1 项" in admin.get("/ledger").text
    assert f'/targets/{tid}"' in dept.get("/dept").text
    assert tid in [r["id"] for r in dept.get("/api/targets").json()]
    assert _report(dept, dtoken, tid).status_code == 303
    r = admin.post("/ledger/confirm", data={"csrf_token": token}, follow_redirects=True)
    assert r.status_code == 200 and "flash-error" in r.text and "请先勾选要确认分工的目标任务" in r.text


def test_single_confirm_on_the_target_page(env: Env) -> None:
    tid = _suggested_to_edu(env)
    admin = env.client()
    token = login(admin, "admin")
    assert 'id="confirm-form"' in admin.get(f"/targets/{tid}").text
    assert admin.post(f"/targets/{tid}/confirm", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert 'id="confirm-form"' not in admin.get(f"/targets/{tid}").text


def test_department_admin_merge_rename_aliases_disable(env: Env) -> None:
    def make(session: Any) -> tuple[int, int]:
        system = s.system_user(session)
        a = s.get_or_create_department(session, name="发展和改革委员会", actor=system)
        b = s.create_department(session, name="发改局", actor=system)
        t = next(t for t in s.list_targets(session, report_id=env.report_id) if t.id != env.edu_target)
        s.assign(session, target=t, lead=b, actor=system)
        return int(a.id), int(b.id)

    big, dup = _ledger(env, make)
    c = env.client()
    token = login(c, "admin")
    page = c.get("/admin/departments").text
    assert "部门管理" in page and "发改局" in page and 'href="/admin/departments"' in page
    assert "可能与“发展和改革委员会”是同一部门" in page
    table = c.get("/ledger", params={"per": "all"}).text.split('class="data ledger"')[1]
    assert "发改局" in table  # the ledger view is cached now: the merge must not leave it stale
    r = c.post(f"/admin/departments/{dup}/merge", data={"csrf_token": token, "into": str(big)}, follow_redirects=True)
    assert r.status_code == 200 and "并入" in r.text and "分工 1 条" in r.text
    assert "已并入“发展和改革委员会”" in r.text
    table = c.get("/ledger", params={"per": "all"}).text.split('class="data ledger"')[1]
    assert "发改局" not in table and "发展和改革委员会" in table
    events = r.text.split('id="department-events"')[1]
    assert "部门并入" in events and "“发改局”并入“发展和改革委员会”" in events
    # A refusal is shown on the page, beside the forms, not as a bare error page.
    r = c.post(f"/admin/departments/{big}/rename", data={"csrf_token": token, "name": "教育局"})
    assert r.status_code == 400 and "已存在" in r.text and 'id="form-error"' in r.text
    r = c.post(f"/admin/departments/{big}/rename", data={"csrf_token": token, "name": "发展改革委员会"},
               follow_redirects=True)
    assert "原名称保留为别名" in r.text
    r = c.post(f"/admin/departments/{big}/aliases", data={"csrf_token": token, "aliases": "发改、州发改委"},
               follow_redirects=True)
    assert "州发改委" in r.text
    r = c.post(f"/admin/departments/{big}/active", data={"csrf_token": token, "active": "0"}, follow_redirects=True)
    assert "已停用" in r.text
    assert _ledger(env, lambda session: s.get_department(session, ref="州发改委").name) == "发展改革委员会"
    assert c.get("/admin/departments", headers={}).status_code == 200
    dept = env.client()
    login(dept, "edu")
    assert dept.get("/admin/departments").status_code == 403


def test_review_queue_department_column_and_batch_accept(env: Env) -> None:
    dept = env.client()
    dtoken = login(dept, "edu")
    for note in ("一季度进展", "二季度进展"):
        assert _report(dept, dtoken, env.edu_target, note).status_code == 303
    admin = env.client()
    token = login(admin, "admin")
    page = admin.get("/review").text
    assert "<th>部门</th>" in page and '<td data-label="部门" class="dept">教育局</td>' in page
    ids = re.findall(r'name="progress_ids" value="(\d+)"', page)
    versions = {i: re.search(rf'name="v-{i}" value="(\d+)"', page).group(1) for i in ids}  # type: ignore[union-attr]
    assert len(ids) == 2
    r = admin.post("/review/batch", data={"csrf_token": token, "progress_ids": ids,
                                          **{f"v-{i}": v for i, v in versions.items()}}, follow_redirects=True)
    assert r.status_code == 200 and "已采纳 2 条报送" in r.text and "没有待审核的报送" in r.text
    assert _report(dept, dtoken, env.edu_target, "三季度进展").status_code == 303
    r = admin.post("/review/batch", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 400 and 'id="batch-error"' in r.text and "请先勾选要采纳的报送" in r.text
    assert 'name="progress_ids"' in r.text  # the queue is still there to choose from


def test_returned_report_opens_prefilled_with_the_comment(env: Env) -> None:
    dept = env.client()
    dtoken = login(dept, "edu")
    assert _report(dept, dtoken, env.edu_target, "完成招生计划的一半", "12.5").status_code == 303
    pid = dept.get(f"/api/targets/{env.edu_target}").json()["progress"][0]["id"]
    admin = env.client()
    token = login(admin, "admin")
    admin.post(f"/review/{pid}", data={"csrf_token": token, "decision": "return", "comment": "请补充佐证材料"})
    form = dept.get(f"/targets/{env.edu_target}?supersedes={pid}").text
    assert "督查室退回意见：请补充佐证材料" in form
    assert "完成招生计划的一半</textarea>" in form and 'value="12.5"' in form and 'value="2024-Q2"' in form
    assert f'name="supersedes" value="{pid}"' in form


def test_annual_refuses_two_regions_and_says_when_no_pair(env: Env) -> None:
    from webtools import sample_text

    def other_region(session: Any) -> int:
        import luoshi
        from luoshi.document import Document, build

        doc = build(Document(id="other", text=sample_text().replace("2024", "2025").replace("2023", "2024")))
        rep = s.import_report(session, source=doc, region="白石县", year=2025, actor=s.system_user(session),
                              indicators=luoshi.extract(doc))
        return int(rep.report.id)

    other = _ledger(env, other_region)
    c = env.client()
    login(c, "admin")
    r = c.get("/annual")
    assert r.status_code == 200 and 'id="annual-notice"' in r.text and "没有同一地区相邻两年" in r.text
    r = c.get("/annual", params={"plan": env.report_id, "result": other})
    assert r.status_code == 400 and "不同地区" in r.text and 'id="annual-error"' in r.text


def test_committing_from_the_import_page_keeps_qualitative_tasks(env: Env) -> None:
    """The import page's commit files the same targets as the ledger's own import: 定性任务 and 民生实事
    as well as the quantified ones (the report's sub-sections hold task sentences)."""
    from collections import Counter

    from webtools import sample_text

    c = env.client()
    token = login(c, "admin")
    r = c.post("/import", files={"file": ("mouxian-2024.txt", sample_text().encode("utf-8"), "text/plain")},
               data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    draft = r.headers["location"]
    preview = re.search(r'<p id="commit-preview">([^<]+)</p>', c.get(draft).text)
    assert preview is not None
    r = c.post(f"{draft}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"},
               follow_redirects=False)
    assert r.status_code == 303
    rid = int(r.headers["location"].split("report=")[1])
    message = c.get(r.headers["location"]).text

    def types(report_id: int) -> Counter[str]:
        return _ledger(env, lambda session: Counter(t.type for t in s.list_targets(session, report_id=report_id)))

    web, direct = types(rid), types(env.report_id)
    assert web["task"] >= 1 and web == direct
    said = f"量化指标 {web['quantified']} 项、民生实事 {web['item']} 项、定性任务 {web['task']} 项"
    assert said in preview.group(1) and said in message  # shown before the commit, and said after it
    page = c.get("/ledger", params={"report": rid, "type": "task"}).text
    assert len(re.findall(r'<tr data-id="\d+">', page)) == web["task"]


def test_annual_verdicts_are_coloured(env: Env) -> None:
    from webtools import sample_text

    def next_year(session: Any) -> None:
        import luoshi
        from luoshi.document import Document, build

        text = sample_text().replace("2024", "2025").replace("2023", "2024").replace("增长5.2%", "增长6.3%")
        doc = build(Document(id="next", text=text))
        s.import_report(session, source=doc, region="青岚县", year=2025, actor=s.system_user(session),
                        indicators=luoshi.extract(doc))

    _ledger(env, next_year)
    c = env.client()
    login(c, "viewer")
    page = c.get("/annual").text
    assert 'id="annual-notice"' not in page and "兑现率" in page
    assert re.search(r'<span class="badge vd-(met|nearly|missed|absent|na)">', page)
