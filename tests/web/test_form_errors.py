"""A refused form comes back as its page with the message beside the field and the inputs kept (not a
bare 400 page), in Chinese; and a binary file uploaded as a report is refused on the upload form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from webtools import Env, csrf_of, login

ERRORS = re.compile(r'class="(?:field-error|flash flash-error[^"]*)"[^>]*id="([^"]*)"|'
                    r'class="(?:field-error|flash flash-error[^"]*)"[^>]*>([^<]*)<')


def field_error(html: str, form: str, field: str) -> str:
    m = re.search(rf'<span class="field-error" role="alert" id="{form}-{field}-error">([^<]*)</span>', html)
    assert m, f"no message beside {form}.{field}"
    return m.group(1)


def no_latin(text: str) -> None:
    assert not re.search(r"[A-Za-z]{4,}", text), text


def test_override_without_reason(env: Env) -> None:
    c = env.client()
    tok = login(c, "admin")
    r = c.post(f"/targets/{env.edu_target}/override", data={"csrf_token": tok, "status": "已完成", "reason": " "})
    assert r.status_code == 400
    assert field_error(r.text, "override", "reason") == "人工认定状态须说明理由"
    assert "<option selected>已完成</option>" in r.text  # the status chosen is kept
    assert 'id="override-form"' in r.text and "<details open>" in r.text


def test_progress_form_keeps_inputs(env: Env) -> None:
    c = env.client()
    tok = login(c, "edu")
    r = c.post(f"/targets/{env.edu_target}/progress",
               data={"csrf_token": tok, "period": "2024-Q2", "value": "三点二", "note": "已开工建设"})
    assert r.status_code == 400
    msg = field_error(r.text, "progress", "value")
    assert "数值应为数字" in msg
    no_latin(msg)
    assert 'value="2024-Q2"' in r.text and "已开工建设</textarea>" in r.text and 'value="三点二"' in r.text
    r = c.post(f"/targets/{env.edu_target}/progress", data={"csrf_token": tok, "period": "", "value": "3"})
    assert r.status_code == 400 and "请填写报送期" in field_error(r.text, "progress", "period")
    r = c.post(f"/targets/{env.edu_target}/progress",
               data={"csrf_token": tok, "period": "2024-Q2", "value": "3", "unit": "光年"})
    assert r.status_code == 400
    msg = field_error(r.text, "progress", "unit")
    assert "单位" in msg and " / " not in msg
    # Nothing of a refused report was written.
    assert "尚无报送" in c.get(f"/targets/{env.edu_target}").text


def test_empty_bulk_assignment_comes_back_to_the_ledger(env: Env) -> None:
    c = env.client()
    tok = login(c, "admin")
    r = c.post("/ledger/assign", data={"csrf_token": tok, "lead": "", "back": "/ledger"})
    assert r.status_code == 200 and r.url.path == "/ledger"
    assert field_error(r.text, "assign", "target_ids") == "请先在下面的表格中勾选要分配的目标任务"
    r = c.post("/ledger/assign", data={"csrf_token": tok, "lead": "", "deadline": "2024-09-30", "back": "/ledger",
                                       "target_ids": [str(env.edu_target), str(env.health_target)]})
    assert field_error(r.text, "assign", "lead") == "请选择牵头单位"
    assert r.text.count(" checked>") == 2 and 'value="2024-09-30"' in r.text
    assert "请选择牵头单位" not in c.get("/ledger").text  # said once


def test_login_and_password_forms(env: Env) -> None:
    c = env.client()
    tok = csrf_of(c)
    r = c.post("/login", data={"csrf_token": tok, "username": "", "password": ""})
    assert r.status_code == 400 and "请填写用户名" in r.text
    r = c.post("/login", data={"csrf_token": tok, "username": "admin", "password": "not-the-password-1"})
    assert r.status_code == 401 and "用户名或密码错误" in r.text and 'value="admin"' in r.text
    tok = login(c, "admin")
    r = c.post("/account/password", data={"csrf_token": tok})
    assert r.status_code == 400 and "请填写当前密码" in r.text


@pytest.mark.parametrize(("name", "data", "says"), [
    ("报告.txt", bytes(range(256)) * 64, "二进制文件"),
    ("报告.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "内容像图片"),
    ("报告.txt", b"\x7fELF" + bytes(range(256)) * 8, "不是报告"),
    ("报告.txt", b"\x1f\x8b\x08\x00" + bytes(range(1, 256)) * 8, "不是报告"),
    ("报告.docx", b"PK\x03\x04" + bytes(300), "不是有效的 .docx 文件"),
])
def test_binary_upload_is_refused_on_the_form(env: Env, name: str, data: bytes, says: str) -> None:
    c = env.client()
    tok = login(c, "admin")
    r = c.post("/import", files={"file": (name, data, "application/octet-stream")}, data={"csrf_token": tok})
    assert r.status_code == 400
    msg = field_error(r.text, "upload", "file")
    assert says in msg, msg
    assert " / " not in msg
    assert "/import/" not in r.headers.get("location", "")


def test_no_file_chosen(env: Env) -> None:
    c = env.client()
    tok = login(c, "admin")
    r = c.post("/import", data={"csrf_token": tok})
    assert r.status_code == 400 and field_error(r.text, "upload", "file") == "请选择要上传的报告文件"


def test_department_report_form_keeps_inputs(env: Env) -> None:
    c = env.client()
    tok = login(c, "edu")
    r = c.post("/dept/report", data={"csrf_token": tok, "target_id": str(env.edu_target), "period": "2024-Q2",
                                     "value": "很多", "note": "进展顺利"})
    assert r.status_code == 400
    assert "数值应为数字" in field_error(r.text, "progress", "value")
    assert 'value="很多"' in r.text and "进展顺利</textarea>" in r.text and 'value="2024-Q2"' in r.text
    assert f'<option value="{env.edu_target}" selected>' in r.text
    r = c.post("/dept/report", data={"csrf_token": tok, "target_id": str(env.edu_target), "period": ""})
    assert r.status_code == 400 and "请填写报送期" in field_error(r.text, "progress", "period")


def _draft(env: Env, c: Any, tok: str) -> str:
    from webtools import sample_text

    r = c.post("/import", files={"file": ("示例.txt", sample_text().encode("utf-8"), "text/plain")},
               data={"csrf_token": tok}, follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    return str(r.headers["location"])


def test_import_commit_and_correction_errors_stay_on_the_draft(env: Env) -> None:
    c = env.client()
    tok = login(c, "admin")
    url = _draft(env, c, tok)
    r = c.post(f"{url}/commit", data={"csrf_token": tok, "region": " ", "year": "2024"})
    assert r.status_code == 400
    assert re.search(r'id="commit-error">请填写地区', r.text) and 'value="2024"' in r.text
    r = c.post(f"{url}/commit", data={"csrf_token": tok, "region": "某县", "year": "二〇二四"})
    assert r.status_code == 400 and "年度应为" in r.text and 'value="某县"' in r.text
    r = c.post(f"{url}/items/1", data={"csrf_token": tok, "subject": "", "value": "3"})
    assert r.status_code == 400 and 'id="doc-text"' in r.text  # the draft's page, the message on it
    assert re.search(r'role="status">指标 #1 未更正：[^<]*不能为空<', r.text)


def test_new_account_form(env: Env) -> None:
    c = env.client()
    tok = login(c, "admin")
    r = c.post("/admin/users", data={"csrf_token": tok, "username": " ", "role": "viewer", "display_name": "张三"})
    assert r.status_code == 400 and "请填写用户名" in r.text and 'value="张三"' in r.text
    r = c.post("/admin/users", data={"csrf_token": tok, "username": "zhangsan", "role": "boss"})
    assert r.status_code == 400 and "请选择角色" in r.text and 'value="zhangsan"' in r.text
