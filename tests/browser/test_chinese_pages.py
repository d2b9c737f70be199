"""Everything a user reads is Chinese: every page each role can reach (error pages included) shows no
Latin word of four letters or more in its visible text, except names (Excel, Word, PDF …), file
extensions (.docx) and the test accounts' own user names. And a refused form shows its message on the
form, beside the field, with the inputs kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_flows import log_in, log_out, submit
from webtools import PASSWORDS, sample_text

pytestmark = pytest.mark.browser

# Names that stay as they are written: products, formats, standards.
ALLOWED = {"Excel", "Word", "PDF", "ECharts", "Apache", "OpenAPI", "JSON", "Luoshi", "SQLite", "PostgreSQL",
           "HTTPS", "HTTP", "LibreOffice", "WPS", "OFD", "OCR", "HTML", "CSV", "UTF", "GB18030",
           "OpenDocument", "Lines", "YAML", "Parquet", "Tesseract", "RapidOCR"}
LATIN = re.compile(r"(?<![.\w])[A-Za-z][A-Za-z]{3,}")


def latin_words(text: str, users: set[str]) -> set[str]:
    return {w for w in LATIN.findall(text) if w not in ALLOWED and w not in users}


def visible_text(page: Any) -> str:
    return str(page.evaluate("document.body.innerText"))


def check(page: Any, url: str, users: set[str], found: dict[str, set[str]], status: int | None = None) -> None:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    if status is not None:
        assert response is not None and response.status == status, f"{url}: {response and response.status}"
    words = latin_words(visible_text(page), users)
    if words:
        found[url] = words


def leave(page: Any, base: str) -> None:
    """Log out from a page with the navigation (an error page has none)."""
    page.goto(f"{base}/account/password")
    log_out(page)


def nav_pages(role: str) -> list[str]:
    """The pages of the navigation a role sees (every page added to it is checked too)."""
    from luoshi.web.render import NAV

    return [path for path, _label, roles in NAV if role in roles]


def refused_pages(role: str) -> list[str]:
    from luoshi.web.render import NAV

    return [path for path, _label, roles in NAV if role not in roles and path != "/dept"]


def test_every_page_speaks_chinese(page: Any, server: Any, tmp_path: Any) -> None:
    base = server.base
    users = set(PASSWORDS)
    found: dict[str, set[str]] = {}

    # The office: every page of the navigation, a target, an import draft, the error pages.
    log_in(page, base, "admin")
    report = tmp_path / "示例县报告.txt"
    report.write_text(sample_text(), encoding="utf-8")
    page.goto(f"{base}/import")
    page.set_input_files("input[name=file]", str(report))
    page.click("form[action='/import'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/import/[0-9a-f]{16}$"))
    draft = page.url
    office_pages = [*nav_pages("admin"), "/ledger?per=all", "/ledger?sort=-status", f"/targets/{server.edu_target}",
                    f"/targets/{server.health_target}", "/account/password"]
    for path in office_pages:
        check(page, base + path, users, found, 200)
    check(page, draft, users, found, 200)
    check(page, f"{base}/nosuch", users, found, 404)
    check(page, f"{base}/targets/999999", users, found, 404)
    check(page, f"{base}/targets/abc", users, found, 404)
    check(page, f"{base}/ledger?page=abc", users, found, 422)
    check(page, f"{base}/dept", users, found, 403)
    leave(page, base)

    # A department: its own page and target; the office's pages and another department's target are 403.
    log_in(page, base, "edu")
    for path in [*nav_pages("department"), f"/targets/{server.edu_target}", "/account/password"]:
        check(page, base + path, users, found, 200)
    for path in [*refused_pages("department"), f"/targets/{server.health_target}"]:
        check(page, base + path, users, found, 403)
    check(page, f"{base}/nosuch", users, found, 404)
    leave(page, base)

    # A viewer: the office's read-only pages; writing pages are 403.
    log_in(page, base, "viewer")
    for path in [*nav_pages("viewer"), f"/targets/{server.edu_target}"]:
        check(page, base + path, users, found, 200)
    for path in [*refused_pages("viewer"), "/dept"]:
        check(page, base + path, users, found, 403)
    leave(page, base)

    # Logged out: the log-in page and its refusal.
    check(page, f"{base}/login", users, found, 200)
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "not-the-password-1")
    submit(page, "button[type=submit]")
    words = latin_words(visible_text(page), users)
    if words:
        found["/login (refused)"] = words
    assert "用户名或密码错误" in visible_text(page)

    assert not found, "Latin words on pages: " + "; ".join(f"{u}: {sorted(w)}" for u, w in found.items())


def test_form_error_is_shown_on_the_form(page: Any, server: Any, shot: Any) -> None:
    base = server.base
    log_in(page, base, "admin")
    page.goto(f"{base}/targets/{server.edu_target}")
    form = page.locator("#override-form")
    page.locator("summary", has_text="人工认定状态").click()
    form.locator("select[name=status]").select_option("已完成")
    form.locator("input[name=reason]").fill("   ")
    submit(page, form.locator("button.primary"))
    form = page.locator("#override-form")
    assert form.is_visible()  # the form is open again, on the target's page
    error = form.locator("#override-reason-error")
    assert error.inner_text() == "人工认定状态须说明理由"
    assert form.locator("select[name=status]").input_value() == "已完成"
    assert form.locator("input[name=reason]").get_attribute("aria-invalid") == "true"
    shot(page, "form-error-override")

    # The progress form keeps what was typed and says what is wrong beside the value.
    report = page.locator("#progress-form")
    report.locator("input[name=period]").fill("2024-Q2")
    report.locator("input[name=value]").fill("三点二")
    report.locator("textarea[name=note]").fill("已开工建设")
    submit(page, report.locator("button[type=submit]"))
    report = page.locator("#progress-form")
    assert "数值应为数字" in report.locator("#progress-value-error").inner_text()
    assert report.locator("input[name=period]").input_value() == "2024-Q2"
    assert report.locator("input[name=value]").input_value() == "三点二"
    assert report.locator("textarea[name=note]").input_value() == "已开工建设"
    shot(page, "form-error-progress")
