"""The import page: upload checks, escaping, corrections, gold export, commit into the ledger."""

from __future__ import annotations

import io
import json
import re
import zipfile

from fastapi.testclient import TestClient
from webtools import Env, login

REPORT = (
    "某县2024年政府工作报告\n"
    "一、2023年工作回顾\n"
    "地区生产总值增长5.1%。\n"
    "二、2024年工作安排\n"
    "力争地区生产总值增长6%左右，新增就业岗位3000个。<script>alert('x')</script>\n"
)


def upload(c: TestClient, token: str, name: str, data: bytes) -> object:
    return c.post("/import", files={"file": (name, data, "application/octet-stream")}, data={"csrf_token": token},
                  follow_redirects=False)


def _draft(c: TestClient, token: str, text: str = REPORT) -> str:
    r = upload(c, token, "test-report.txt", text.encode("utf-8"))
    assert r.status_code == 303, r.text[:300]
    return str(r.headers["location"])


def test_report_text_is_shown_escaped(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    page = c.get(_draft(c, token)).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def test_indicators_highlighted_in_place_with_kind_colour(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    page = c.get(_draft(c, token)).text
    marks = re.findall(r'<mark class="ind k-(\w+)[^"]*" data-s="(\d+)"[^>]*><a href="#ind-\d+">([^<]+)</a>', page)
    assert marks, "no indicator highlighted"
    for _kind, start, text in marks:
        assert REPORT[int(start):int(start) + len(text)] == text  # offsets index the report text exactly


def test_type_is_checked_by_content_not_name(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    r = upload(c, token, "report.pdf", REPORT.encode("utf-8"))
    assert r.status_code == 400
    assert "内容与扩展名不符" in r.text
    r = upload(c, token, "report.exe", b"MZ\x90\x00")
    assert r.status_code == 400 and "只接受" in r.text


def test_size_limit(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    big = ("报告" * (600 * 1024)).encode("utf-8")  # > 1 MB, the test app's limit
    r = upload(c, token, "big.txt", big)
    assert r.status_code in (400, 413)
    assert "过大" in r.text


def test_parse_failure_is_a_message_not_a_traceback(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    r = upload(c, token, "broken.docx", buf.getvalue())
    assert r.status_code == 400
    assert "无法导入" in r.text and "Traceback" not in r.text
    r = upload(c, token, "empty.txt", b"")
    assert r.status_code == 400 and "为空" in r.text


def test_correct_reject_add_and_export_gold(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    url = _draft(c, token)
    draft_id = url.rsplit("/", 1)[1]
    items = c.get(f"/api/import/{draft_id}/items").json()
    assert items, "the extractor found nothing in the test report"
    first = items[0]["id"]
    r = c.post(f"{url}/items/{first}", data={"csrf_token": token, "subject": "更正后的指标", "value": "7",
                                              "unit": "%", "kind": "growth", "stance": "target", "bound": "approx",
                                              "year": "2024"}, follow_redirects=False)
    assert r.status_code == 303
    if len(items) > 1:
        assert c.post(f"{url}/items/{items[1]['id']}/reject", data={"csrf_token": token}).status_code == 200
    start = REPORT.index("3000个")
    r = c.post(f"{url}/add", data={"csrf_token": token, "start": str(start), "end": str(start + len("3000个")), "mention": "3000个",
                                   "subject": "新增就业岗位", "value": "3000", "unit": "个", "kind": "amount",
                                   "stance": "target", "bound": "exact", "year": "2024"}, follow_redirects=False)
    assert r.status_code == 303
    gold = [json.loads(line) for line in c.get(f"{url}/gold.jsonl").text.splitlines()]
    subjects = {g["subject"] for g in gold}
    assert "更正后的指标" in subjects and "新增就业岗位" in subjects
    for g in gold:
        assert REPORT[g["span"][0]:g["span"][1]] == g["mention"]
        assert set(g) >= {"doc", "span", "mention", "subject", "value", "unit", "kind", "stance", "bound", "year",
                          "optional"}
    if len(items) > 1:
        assert items[1]["data"]["span"] not in [g["span"] for g in gold if g["mention"] == items[1]["data"]["mention"]] \
            or any(i["data"]["span"] == items[1]["data"]["span"] for i in items[2:])
    log = c.get(f"{url}/corrections.jsonl").text.splitlines()
    assert [json.loads(x)["action"] for x in log][:1] == ["correct"]


def test_bad_correction_is_refused_and_nothing_changes(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    url = _draft(c, token)
    draft_id = url.rsplit("/", 1)[1]
    before = c.get(f"/api/import/{draft_id}/items").json()
    r = c.post(f"{url}/items/{before[0]['id']}", data={"csrf_token": token, "subject": "x", "value": "七",
                                                        "kind": "growth", "stance": "target", "bound": "exact"})
    assert r.status_code == 400 and "不是数字" in r.text
    assert c.get(f"/api/import/{draft_id}/items").json() == before


def test_selection_that_does_not_match_the_text_is_refused(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    url = _draft(c, token)
    r = c.post(f"{url}/add", data={"csrf_token": token, "start": "0", "end": "3", "mention": "不一样",
                                   "subject": "x", "value": "1"})
    assert r.status_code == 400


def test_commit_creates_a_report_in_the_ledger(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    url = _draft(c, token)
    r = c.post(f"{url}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:400]
    assert r.headers["location"].startswith("/ledger?report=")
    page = c.get(r.headers["location"])
    assert page.status_code == 200 and "任务台账" in page.text


NEXT_YEAR = (
    "某县2025年政府工作报告\n"
    "一、2024年工作回顾\n"
    "全县地区生产总值增长6.2%，新增就业岗位3150个。\n"
    "二、2025年工作安排\n"
    "地区生产总值增长6%左右。\n"
)


def test_committing_next_years_report_offers_last_years_results(env: Env) -> None:
    """The 2025 report's results for the 2024 targets arrive as progress awaiting the office."""
    c = env.client()
    token = login(c, "admin")
    first = c.post(f"{_draft(c, token)}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"},
                   follow_redirects=True)
    assert first.status_code == 200 and "年终进展" not in first.text
    second = c.post(f"{_draft(c, token, NEXT_YEAR)}/commit",
                    data={"csrf_token": token, "region": "某县", "year": "2025"}, follow_redirects=True)
    assert second.status_code == 200
    assert "另有 2 项上年（2024 年）目标的完成情况已作为年终进展报送，待审核。" in second.text


def test_region_and_year_come_from_the_report_for_the_office_to_confirm(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    text = "——2026年1月18日在某某县第十八届人民代表大会第五次会议上\n" + REPORT.replace("2024", "2026").replace("2023", "2025")
    url = _draft(c, token, text)
    page = c.get(url).text
    assert "报告自述：地区“某某县”" in page and "规划年度 2026 年" in page
    assert 'name="region" required maxlength="100" value="某某县"' in page and 'value="2026"' in page
    # A year that contradicts the report is kept, with a warning for the office.
    r = c.post(f"{url}/commit", data={"csrf_token": token, "region": "某某县", "year": "2024"}, follow_redirects=True)
    assert r.status_code == 200
    assert "报告自身的年度是 2026 年" in r.text


def test_a_correction_after_the_first_commit_reaches_the_ledger(env: Env) -> None:
    """The same file committed again from its draft after a correction: the ledger takes the corrected
    value (the text alone has not changed), keeping the target."""
    c = env.client()
    token = login(c, "admin")
    url = _draft(c, token)
    assert c.post(f"{url}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"},
                  follow_redirects=False).status_code == 303
    before = {t["id"]: t for t in c.get("/api/targets").json() if "3000" in str(t.get("text", ""))}
    assert len(before) == 1
    draft_id = url.rsplit("/", 1)[1]
    item = next(i for i in c.get(f"/api/import/{draft_id}/items").json() if i["data"]["mention"] == "3000个")
    data = {**{k: str(v) for k, v in item["data"].items() if k in ("subject", "unit", "kind", "stance", "bound",
                                                                   "year")}, "value": "3500", "csrf_token": token}
    assert c.post(f"{url}/items/{item['id']}", data=data, follow_redirects=False).status_code == 303
    r = c.post(f"{url}/commit", data={"csrf_token": token, "region": "某县", "year": "2024"}, follow_redirects=True)
    assert r.status_code == 200 and "报告已更新" in r.text
    after = {t["id"]: t for t in c.get("/api/targets").json()}
    (tid,) = before
    assert tid in after and after[tid]["value"] == 3500
