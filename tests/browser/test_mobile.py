"""Phones: a department clerk at 390×844 (and 360 px) opens 本部门, reports progress and reads a target
with no horizontal scrolling and touch-size buttons; the office accepts several reports at once in the
review queue on a tablet (768 px)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_flows import log_in, submit

pytestmark = pytest.mark.browser

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def _context(browser: Any, width: int, height: int, *, phone: bool) -> Any:
    ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height}, is_mobile=phone,
                              has_touch=phone, device_scale_factor=2 if phone else 1)
    ctx.set_default_timeout(15000)
    return ctx


def _fits(page: Any) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert page.evaluate(NO_SIDEWAYS), f"{page.url}: content {widths[0]} px wide on a {widths[1]} px screen"


def _report_on_phone(page: Any, base: str, server: Any, note: str) -> None:
    page.goto(f"{base}/dept")
    _fits(page)
    form = page.locator("#dept-report-form")
    form.locator("select[name=target_id]").select_option(str(server.edu_target))
    form.locator("input[name=period]").fill("2024-Q2")
    form.locator("input[name=value]").fill("5")
    form.locator("textarea[name=note]").fill(note)
    button = form.locator("button[type=submit]")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44, "the submit button is not touch-size"
    submit(page, button)
    assert "已提交，待督查室审核" in page.inner_text("main")
    _fits(page)


@pytest.mark.parametrize(("width", "height"), [(390, 844), (360, 740)])
def test_department_reports_on_a_phone_and_office_batch_accepts(browser: Any, server: Any, shot: Any,
                                                                width: int, height: int) -> None:
    base = server.base
    phone_ctx = _context(browser, width, height, phone=True)
    phone = phone_ctx.new_page()
    try:
        phone.goto(f"{base}/login")
        _fits(phone)
        log_in(phone, base, "edu")
        assert phone.url.endswith("/dept")
        _fits(phone)
        # Tables are cards on a phone: the first target card shows its label beside each value.
        card = phone.locator("#dept-targets tbody tr").first
        assert card.evaluate("el => getComputedStyle(el).display") == "block"
        if width == 390:
            shot(phone, "dept-phone")
        _report_on_phone(phone, base, server, "手机报送：第一条")
        _report_on_phone(phone, base, server, "手机报送：第二条")
        phone.goto(f"{base}/targets/{server.edu_target}")
        phone.wait_for_load_state("networkidle")
        _fits(phone)
        assert "手机报送：第二条" in phone.inner_text("main")
        shot(phone, f"dept-target-{width}")
    finally:
        phone_ctx.close()

    tablet_ctx = _context(browser, 768, 1024, phone=False)
    office = tablet_ctx.new_page()
    try:
        log_in(office, base, "admin")
        office.goto(f"{base}/review")
        _fits(office)
        shot(office, f"review-tablet-{width}")
        rows = office.locator("table.review tbody tr")
        assert rows.count() == 2
        assert "教育局" in rows.first.locator("td.dept").inner_text()
        office.check("#select-all-review")
        assert office.locator("input[name=progress_ids]:checked").count() == 2
        submit(office, "#batch-accept")
        text = office.inner_text("main")
        assert "已采纳 2 条报送" in text and "没有待审核的报送" in text
        # Office pages on a tablet: nothing wider than the screen.
        for path in ("/dashboard", "/ledger", f"/targets/{server.edu_target}", "/admin/departments", "/admin/users",
                     "/annual"):
            office.goto(f"{base}{path}")
            office.wait_for_load_state("networkidle")
            assert re.search(r"\S", office.inner_text("main"))
            _fits(office)
    finally:
        tablet_ctx.close()
