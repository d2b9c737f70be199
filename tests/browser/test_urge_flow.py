"""催办 round trip in Chromium: the office ticks targets in the ledger and sends a 催办 with its message
and reply deadline; the department logs in on a phone (390×844), sees the badge, opens the 催办 and
answers, with no horizontal scrolling; the office sees the answer and the 催办记录, exports it, and
prints a 督办单 (the print view on A4)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from test_flows import log_in, log_out, submit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: content {width} px wide on a {PHONE['width']} px screen"


def test_urge_round_trip(page: Any, browser: Any, server: Any, shot: Any, tmp_path: Path) -> None:
    base = server.base
    log_in(page, base, "admin")
    page.goto(f"{base}/ledger?report={server.report_id}&per=all")
    page.check(f"input[name=target_ids][value='{server.edu_target}']")
    page.check(f"input[name=target_ids][value='{server.health_target}']")
    submit(page, "#urge-selected")
    assert "/urges/new" in page.url
    assert "主送：教育局" in page.inner_text("main") and "主送：卫生健康局" in page.inner_text("main")
    page.fill("#urge-form textarea[name=message]", "以上任务进度滞后，请于答复时限前说明原因和整改措施。")
    page.fill("#urge-form input[name=reply_by]", "2024-07-10")
    page.fill("#urge-form input[name=cc]", "县政府办公室")
    submit(page, "#urge-form button[type=submit]")
    assert re.search(r"/urges$", page.url)
    assert "已发出催办 2 件" in page.inner_text(".flash")
    records = page.inner_text("#records")
    assert "催办〔2024〕1号" in records and "催办〔2024〕2号" in records
    shot(page, "urge-01-office-list")
    log_out(page)

    # The department, on a phone: the badge, the 催办 on its home page, the answer.
    phone = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True,
                                device_scale_factor=2)
    mobile = phone.new_page()
    mobile.set_default_timeout(15000)
    try:
        log_in(mobile, base, "edu")
        assert mobile.inner_text("nav.mainnav a[href='/urges'] .nav-badge") == "1"
        assert "待答复的催办（1）" in mobile.inner_text("#urges-to-answer")
        submit(mobile, "#urges-to-answer a.urge-link")
        assert re.search(r"/urges/\d+$", mobile.url)
        no_sideways_scroll(mobile)
        assert "以上任务进度滞后" in mobile.inner_text("main")
        assert mobile.locator(f"a[href='/targets/{server.edu_target}#report']").count() == 1  # report progress
        mobile.fill("#reply textarea[name=text]", "已召开专题会议部署，7月中旬完成季度目标。")
        shot(mobile, "urge-02-department-phone")
        submit(mobile, "#reply button[type=submit]")
        assert "已答复" in mobile.inner_text(".flash")
        assert "已召开专题会议部署" in mobile.inner_text("#reply-shown")
        no_sideways_scroll(mobile)
        assert mobile.locator("nav.mainnav a[href='/urges'] .nav-badge").count() == 0
        mobile.goto(f"{base}/urges")
        no_sideways_scroll(mobile)
    finally:
        phone.close()

    # The office: the answer waits to be read; opening it shows the answer; the record and its export.
    log_in(page, base, "admin")
    page.goto(f"{base}/urges")
    assert page.inner_text("nav.mainnav a[href='/urges'] .nav-badge") == "1"
    unread = page.locator("#todo-unread")
    assert "已答复待阅（1）" in unread.inner_text()
    submit(page, unread.locator("a.urge-link"))
    assert "已召开专题会议部署" in page.inner_text("#reply-shown")
    page.goto(f"{base}/urges?state=已答复")
    assert page.locator("table.urges tbody tr[data-urge]").count() == 1
    page.goto(f"{base}/urges")
    with page.expect_download() as dl:
        page.click("a[href^='/urges/export.xlsx']")
    with open(dl.value.path(), "rb") as f:
        assert f.read(2) == b"PK"

    # A 督办单 for the department's 红/黄 targets, and its print view on A4 with the red head.
    page.goto(f"{base}/urges/new?kind=supervise&scope=warning")
    page.select_option("#pick-dept select[name=department]", label="教育局")
    submit(page, "#pick-dept button[type=submit]")
    assert page.locator("#urge-form input[name=target_ids]").count() >= 1
    page.fill("#urge-form textarea[name=message]",
              "以上任务未按时报送进展，已亮黄色预警。请分析原因，提出整改措施，于答复时限前书面报告。")
    page.fill("#urge-form input[name=reply_by]", "2024-07-08")
    page.fill("#urge-form input[name=cc]", "县政府办公室、县教育工作领导小组办公室")
    submit(page, "#urge-form button[type=submit]")
    assert "督办〔2024〕1号" in page.inner_text("h1")
    page.click("a[href$='/print?red=1']")
    page.wait_for_selector("#sheet .red-head")
    page.set_viewport_size({"width": 900, "height": 1300})
    assert "督办单" in page.inner_text("#sheet .title") and "青岚县" in page.inner_text("#sheet .title")
    sheet = page.locator("#sheet")
    box = sheet.bounding_box()
    mm = 96 / 25.4  # CSS pixels per millimetre
    assert box is not None and abs(box["width"] - 210 * mm) < 2 and box["height"] >= 297 * mm - 2  # A4 wide
    sheet.screenshot(path=str(tmp_path / "dubandan.png"))
    shot(page, "urge-03-dubandan-print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True) if hasattr(page, "pdf") else b""
    assert not pdf or pdf[:4] == b"%PDF"
