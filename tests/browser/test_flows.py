"""End to end in Chromium: log in, import, correct, commit, assign, report as a department, review,
see the dashboard change, export xlsx; a department is refused another department's target."""

from __future__ import annotations

import re
from typing import Any

import pytest
from webtools import PASSWORDS, sample_text

pytestmark = pytest.mark.browser


def submit(page: Any, target: Any) -> None:
    """Click a submit button (selector or locator) and wait for the page it leads to."""
    with page.expect_navigation():
        (page.locator(target) if isinstance(target, str) else target).click()
    page.wait_for_load_state("networkidle")


def log_in(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    submit(page, "button[type=submit]")


def log_out(page: Any) -> None:
    page.click("form[action='/logout'] button")
    page.wait_for_url(re.compile(r".*/login.*"))


def test_office_and_department_flow(page: Any, server: Any, shot: Any, tmp_path: Any) -> None:
    base = server.base
    log_in(page, base, "admin")
    assert "/home" in page.url  # the office starts on its home page
    page.goto(f"{base}/dashboard")
    page.wait_for_selector("[data-chart='c-status'][data-ready='1']")  # ECharts drew the chart
    shot(page, "01-dashboard")

    # Import a report written by us, with a tag in it that must show as text.
    text = sample_text().replace("各位代表：", "各位代表：<script>window.pwned=1</script>", 1)
    report = tmp_path / "测试县报告.txt"
    report.write_text(text.replace("青岚县", "测试县"), encoding="utf-8")
    page.goto(f"{base}/import")
    shot(page, "02-import-upload")
    page.set_input_files("input[name=file]", str(report))
    page.click("form[action='/import'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/import/[0-9a-f]{16}$"))
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned=1</script>" in page.inner_text("#doc-text")

    # Click a highlight: its card is focused and its edit form opens; correct the subject.
    first = page.locator("mark.ind").first
    ids = first.get_attribute("data-ids").split(",")
    first.click()
    card = page.locator(f"#ind-{ids[0]}")
    assert "focus" in (card.get_attribute("class") or "")
    card.locator("input[name=subject]").fill("更正后的指标名称")
    submit(page, card.locator("form.edit button[type=submit]"))
    assert "更正后的指标名称" in page.locator(f"#ind-{ids[0]}").inner_text()

    # Reject a false one: the page's script calls the JSON API and greys the highlight in place.
    draft_id = page.url.split("#")[0].rsplit("/", 1)[1]
    second = page.locator("mark.ind").nth(1)
    rid = second.get_attribute("data-ids").split(",")[0]
    page.locator(f"#ind-{rid} form.reject-form button").click()
    page.wait_for_selector(f"#ind-{rid}.rejected")
    items = page.request.get(f"{base}/api/import/{draft_id}/items").json()
    assert next(i for i in items if str(i["id"]) == rid)["status"] == "rejected"
    assert "gone" in (second.get_attribute("class") or "")

    # Select text to add a missed indicator: the form gets exact offsets.
    page.evaluate("""() => {
      const run = [...document.querySelectorAll('#doc-text span[data-s]')].find(s => s.textContent.includes('各位代表'));
      const node = run.firstChild; const r = document.createRange();
      r.setStart(node, 0); r.setEnd(node, 4);
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
      run.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    assert page.input_value("#add-mention") == "各位代表"
    start = int(page.input_value("#add-start"))
    assert text.replace("青岚县", "测试县")[start:start + 4] == "各位代表"
    shot(page, "03-import-review")

    page.fill("#commit-form input[name=region]", "测试县")
    page.fill("#commit-form input[name=year]", "2024")
    page.click("#commit-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/ledger\?report=\d+"))
    report_id = int(page.url.rsplit("=", 1)[1])
    shot(page, "04-ledger")

    # Pick a quantified amount target of the new report and assign it to 教育局 in bulk.
    rows = page.request.get(f"{base}/api/targets?report={report_id}").json()
    target = next(r for r in rows if r["type"] == "quantified" and r["value"] and r["unit"] not in ("%", "个百分点"))
    page.check(f"input[name=target_ids][value='{target['id']}']")
    page.select_option("#bulk-form select[name=lead]", label="教育局")
    submit(page, "#bulk-form button.primary")
    row = page.locator(f"tr[data-id='{target['id']}']")
    assert "教育局" in row.inner_text()
    dashboard_before = page.request.get(f"{base}/api/dashboard?report={report_id}").json()["counts"]
    log_out(page)

    # The department reports progress reaching the target, with an evidence file.
    log_in(page, base, "edu")
    assert "/dept" in page.url
    shot(page, "05-department")
    page.goto(f"{base}/targets/{target['id']}")
    page.wait_for_selector("#progress-chart[data-ready='1']")
    evidence = tmp_path / "佐证.txt"
    evidence.write_text("完成情况说明", encoding="utf-8")
    page.fill("#report input[name=period]", "2024-Q2")
    page.fill("#report input[name=value]", str(target["value"]))
    page.fill("#report textarea[name=note]", "已完成全年目标")
    page.set_input_files("#report input[name=files]", str(evidence))
    submit(page, "#report button[type=submit]")
    assert "待督查室审核" in page.inner_text(".flash")
    shot(page, "06-target")

    # Another department's target is refused.
    resp = page.goto(f"{base}/targets/{server.health_target}")
    assert resp.status == 403
    assert "不是本部门" in page.inner_text("main")
    log_out(page)

    # The office accepts the report; the dashboard shows one more target done.
    log_in(page, base, "admin")
    page.goto(f"{base}/review")
    shot(page, "07-review")
    submit(page, page.locator("tr", has_text=target["text"][:10]).locator("button.primary").first)
    page.goto(f"{base}/dashboard?report={report_id}")
    done = int(page.inner_text("#status-counts [data-status='已完成']"))
    assert done == dashboard_before.get("已完成", 0) + 1
    shot(page, "08-dashboard-after")

    page.goto(f"{base}/ledger?report={report_id}")
    with page.expect_download() as dl:
        page.click("a[href^='/ledger/export.xlsx']")
    path = dl.value.path()
    with open(path, "rb") as f:
        assert f.read(2) == b"PK"
    page.goto(f"{base}/annual")
    shot(page, "09-annual")
