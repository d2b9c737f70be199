"""催办 in the web app: the office ticks targets in the ledger and sends a 催办 (one per lead department),
a form error stays on the form with the input kept, the department sees the badge and answers, the
office sees the answer, the 催办记录 filters and exports (text cells only), the print view and the .docx
of a 督办单 / 催办通知, permissions, and the 409 when two act at once."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from webtools import Env, login

from luoshi.ledger.rules import urging

LATIN = re.compile(r"[A-Za-z]{4,}")
ALLOWED = {"Excel", "Word", "Luoshi", "admin"}  # names: the product and the test account
BADGE = re.compile(r'href="/urges"[^>]*>催办 <span class="nav-badge"[^>]*>(\d+)</span>')


def _send(env: Env, client: Any, token: str, ids: list[int], **extra: str) -> Any:
    data: dict[str, Any] = {"csrf_token": token, "target_ids": [str(i) for i in ids], "kind": "urge",
                            "message": "以上任务进度滞后，请加快推进并说明原因。", "reply_by": "2024-07-10",
                            "issuer": "", "cc": "县政府办公室", **extra}
    return client.post("/urges", data=data, follow_redirects=False)


def _latin_words(html: str) -> set[str]:
    """Latin words of four letters or more in what a person reads (not in tags, scripts or styles)."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<div class="who">.*?</div>', " ", body, flags=re.S)  # the user's own name
    text = re.sub(r"<[^>]+>", " ", body)
    return set(LATIN.findall(text)) - ALLOWED


def _badge(html: str) -> int:
    m = BADGE.search(html)
    return int(m.group(1)) if m else 0


def test_office_sends_department_answers(env: Env) -> None:
    office = env.client()
    token = login(office, "admin")
    ledger = office.get(f"/ledger?report={env.report_id}").text
    assert 'formaction="/urges/new"' in ledger and "催办所选" in ledger
    # From the ledger's bulk form: the compose page lists the ticked targets by lead department.
    page = office.post("/urges/new", data={"csrf_token": token, "kind": "urge",
                                           "target_ids": [str(env.edu_target), str(env.health_target)]})
    assert page.status_code == 200
    assert "主送：教育局" in page.text and "主送：卫生健康局" in page.text
    r = _send(env, office, token, [env.edu_target, env.health_target])
    assert r.status_code == 303 and r.headers["location"] == "/urges"
    listing = office.get("/urges").text
    assert "催办〔2024〕1号" in listing and "催办〔2024〕2号" in listing
    assert listing.count("待答复") >= 2

    dept = env.client()
    dtoken = login(dept, "edu")
    home = dept.get("/dept").text
    assert _badge(home) == 1
    assert "待答复的催办（1）" in home
    mine = dept.get("/urges").text
    assert "卫生健康局" not in mine  # only its own
    uid = int(re.search(r'data-urge="(\d+)"', mine).group(1))  # type: ignore[union-attr]
    detail = dept.get(f"/urges/{uid}").text
    assert "答复催办" in detail and f'href="/targets/{env.edu_target}#report"' in detail
    other = next(u for u in (1, 2) if u != uid)
    assert dept.get(f"/urges/{other}").status_code == 403
    assert dept.post(f"/urges/{uid}/close", data={"csrf_token": dtoken}).status_code == 403
    version = re.search(r'name="version" value="(\d+)"', detail).group(1)  # type: ignore[union-attr]
    r = dept.post(f"/urges/{uid}/reply", data={"csrf_token": dtoken, "how": "text", "version": version,
                                              "text": "已召开专题会议，7月中旬完成"}, follow_redirects=False)
    assert r.status_code == 303
    assert _badge(dept.get("/dept").text) == 0
    # The same form sent again (a second clerk with the old page): 409, nothing written.
    again = dept.post(f"/urges/{uid}/reply", data={"csrf_token": dtoken, "how": "text", "version": version,
                                                  "text": "第二次答复"})
    assert again.status_code == 409 and "已答复" in again.text

    # The office: the answer is unread (badge), then read on opening it.
    assert _badge(office.get("/urges").text) == 1
    todo = office.get("/urges").text
    assert "已答复待阅（1）" in todo
    seen = office.get(f"/urges/{uid}").text
    assert "已召开专题会议" in seen and "书面说明" in seen and "edu（教育局）" in seen  # who answered
    for page in (seen, office.get("/urges").text, office.get("/urges/new").text, office.get(f"/urges/{uid}/print").text,
                 detail, mine):
        assert not _latin_words(page), _latin_words(page)
    assert "已答复待阅（0）" in office.get("/urges").text
    r = office.post(f"/urges/{uid}/close", data={"csrf_token": token, "note": "同意", "version": "2"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "已办结" in office.get(f"/urges/{uid}").text
    closed = office.get("/urges?state=已办结").text
    assert closed.count('<tr data-urge=') == 1
    # The audit trail of the target names the 催办 in Chinese.
    history = office.get(f"/targets/{env.edu_target}").text
    assert "发出催办" in history


def test_form_error_on_the_form_with_input_kept(env: Env) -> None:
    office = env.client()
    token = login(office, "admin")
    r = _send(env, office, token, [env.edu_target], reply_by="2024-01-01", message="请尽快报送")
    assert r.status_code == 400
    assert 'class="field-error"' in r.text and "答复时限" in r.text
    assert "请尽快报送" in r.text  # the message typed is still there
    assert f'name="target_ids" value="{env.edu_target}" checked' in r.text
    r = _send(env, office, token, [env.edu_target], message=" ")
    assert r.status_code == 400 and "请填写催办内容" in r.text
    assert office.get("/urges").text.count("<tr data-urge=") == 0


def test_department_scope_and_supervise(env: Env) -> None:
    office = env.client()
    login(office, "admin")
    page = office.get("/urges/new?department=1&scope=lagging").text  # 教育局: its 滞后 targets as of the pinned day
    assert "发起催办" in page
    page = office.get("/urges/new?kind=supervise&scope=warning").text
    assert "开具督办单" in page and "按部门选择" in page


def test_print_view_docx_and_export(env: Env) -> None:
    from docx import Document
    from openpyxl import load_workbook

    office = env.client()
    token = login(office, "admin")
    _send(env, office, token, [env.edu_target], message="=HYPERLINK(\"http://x\")\n请加快推进")
    uid = 1
    view = office.get(f"/urges/{uid}/print?red=1")
    assert view.status_code == 200
    assert "催办〔2024〕1号" in view.text and "关于青岚县2024年政府工作报告目标任务的催办通知" in view.text
    assert "教育局：" in view.text and "抄送：县政府办公室。" in view.text and 'class="red-head"' in view.text
    assert "/static/css/official.css" in view.text
    r = office.get(f"/urges/{uid}/docx?red=1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "催办〔2024〕1号" in text and "青岚县人民政府督查室" in text
    xlsx = office.get("/urges/export.xlsx?state=待答复")
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "文号" and rows[2][0] == "催办〔2024〕1号" and rows[2][8] == "待答复"
    assert rows[2][5] == "admin"  # who sent it
    for row in rows:
        for v in row:
            assert not (isinstance(v, str) and v[:1] in "=+-@"), v  # never a formula
    assert ws.freeze_panes == "A3"
    viewer = env.client()
    login(viewer, "viewer")
    assert viewer.get("/urges").status_code == 200
    assert viewer.get(f"/urges/{uid}/print").status_code == 200
    assert viewer.post("/urges/1/close", data={"csrf_token": "x"}).status_code == 403


def test_overdue_shows_for_the_office(env: Env) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(env.url)
    with transaction(factory) as s:
        service.send_urges(s, targets=[env.health_target], message="请报送", reply_by=date(2024, 6, 20),
                           actor=service.system_user(s), as_of=date(2024, 6, 1))
    engine.dispose()
    office = env.client()
    login(office, "admin")
    page = office.get("/urges").text
    assert "逾期未答复（1）" in page and _badge(page) == 1
    home = office.get("/home").text  # the office home shows what needs it
    assert 'id="urges-todo"' in home and "逾期未答复（1）" in home
    assert urging.OVERDUE in office.get("/urges?state=逾期").text
    assert f'href="/urges/new?ids={env.health_target}&amp;kind=urge">再次催办' in office.get("/urges/1").text
    health = env.client()
    login(health, "health")
    inbox = health.get("/dept").text.split('id="urges-to-answer"', 1)[1].split("</section>", 1)[0]
    assert "逾期" in inbox and "催办〔2024〕1号" in inbox


def test_reply_with_a_progress_report(env: Env) -> None:
    office = env.client()
    token = login(office, "admin")
    _send(env, office, token, [env.edu_target])
    dept = env.client()
    dtoken = login(dept, "edu")
    assert "收到催办后还没有报送进展" in dept.get("/urges/1").text
    r = dept.post("/dept/report", data={"csrf_token": dtoken, "target_id": str(env.edu_target), "period": "2024-Q2",
                                        "value": "1", "note": "按季度推进"}, follow_redirects=False)
    assert r.status_code == 303
    page = dept.get("/urges/1").text
    pid = re.search(r'<option value="(\d+)">2024-Q2', page).group(1)  # type: ignore[union-attr]
    r = dept.post("/urges/1/reply", data={"csrf_token": dtoken, "how": "progress", "progress_id": pid,
                                          "text": "", "version": "1"}, follow_redirects=False)
    assert r.status_code == 303
    shown = office.get("/urges/1").text
    assert "报送进展" in shown and "按季度推进" in shown and "2024-Q2" in shown
    assert "现在" not in shown  # the report waits for review: the status has not moved
    r = office.post(f"/review/{pid}", data={"csrf_token": token, "decision": "accept"}, follow_redirects=False)
    assert r.status_code == 303
    assert "现在" in office.get("/urges/1").text  # accepted: the target's status now differs from when sent


def test_department_without_lagging_targets_is_told(env: Env) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(env.url)
    with transaction(factory) as s:
        idle = service.create_department(s, name="档案馆", actor=service.system_user(s)).id  # leads nothing
    engine.dispose()
    office = env.client()
    login(office, "admin")
    page = office.get(f"/urges/new?department={idle}&scope=warning").text
    assert 'id="none-found"' in page and "没有红色、黄色预警的目标任务" in page


def test_reply_and_close_at_once_one_wins(any_env: Env) -> None:
    """The department answers while the office closes the same 催办 (a served app, real threads, SQLite and
    PostgreSQL): exactly one stands; the other gets 409 with what happened, and nothing of it is written."""
    import threading

    import httpx
    from webtools import PASSWORDS, serving

    def client(base: str, name: str) -> tuple[httpx.Client, str]:
        c = httpx.Client(base_url=base, timeout=60, headers={"Connection": "close"})
        token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
        assert c.post("/login", data={"username": name, "password": PASSWORDS[name], "csrf_token": token}
                      ).status_code == 303
        return c, str(c.get("/api/me").json()["csrf_token"])

    with serving(any_env.app) as base:
        (office, otoken), (dept, dtoken) = client(base, "admin"), client(base, "edu")
        for round_ in range(3):
            r = office.post("/urges", data={"csrf_token": otoken, "target_ids": str(any_env.edu_target), "kind": "urge",
                                            "message": f"第{round_}次催办", "reply_by": "2024-07-10"})
            assert r.status_code == 303, r.text[:300]
            uid = int(r.headers["location"].rsplit("/", 1)[1])
            barrier = threading.Barrier(2)
            out: list[Any] = [None, None]

            def act(i: int, uid: int = uid, barrier: Any = barrier, out: list[Any] = out) -> None:
                barrier.wait()
                if i == 0:
                    out[0] = dept.post(f"/urges/{uid}/reply", data={"csrf_token": dtoken, "how": "text",
                                                                   "text": "答复", "version": "1"})
                else:
                    out[1] = office.post(f"/urges/{uid}/close", data={"csrf_token": otoken, "version": "1"})

            threads = [threading.Thread(target=act, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(x.status_code for x in out) == [303, 409], [x.status_code for x in out]
            loser = next(x for x in out if x.status_code == 409)
            assert "已被他人处理" in loser.text and f'href="/urges/{uid}"' in loser.text
            from luoshi.ledger import service
            from luoshi.ledger.storage.db import open_db, transaction

            engine, factory = open_db(any_env.url)
            with transaction(factory) as s:
                u = service.get_urge(s, ref=uid)
                assert u.version == 2
                assert (u.state == "closed") == (out[1].status_code == 303)
                assert (u.reply_text == "答复") == (out[0].status_code == 303)
            engine.dispose()
        office.close()
        dept.close()


def test_a_page_holds_one_connection(env: Env) -> None:
    """The 催办 badge is read in the page's own session: a page never holds two pooled connections at once
    (20 clients each waiting for a second one would exhaust the pool and wait on each other)."""
    from sqlalchemy import event

    office = env.client()
    token = login(office, "admin")
    _send(env, office, token, [env.edu_target])
    engine = env.app.state.ledger.engine
    held = {"now": 0, "most": 0}

    def out(*_: Any) -> None:
        held["now"] += 1
        held["most"] = max(held["most"], held["now"])

    def back(*_: Any) -> None:
        held["now"] -= 1

    event.listen(engine, "checkout", out)
    event.listen(engine, "checkin", back)
    try:
        for path in ("/urges", "/ledger", "/home", "/urges/1"):
            held["most"] = held["now"] = 0
            assert office.get(path).status_code == 200
            assert held["most"] == 1, (path, held)
        dept = env.client()
        login(dept, "edu")
        held["most"] = held["now"] = 0
        assert _badge(dept.get("/dept").text) == 1
        assert held["most"] == 1
    finally:
        event.remove(engine, "checkout", out)
        event.remove(engine, "checkin", back)
