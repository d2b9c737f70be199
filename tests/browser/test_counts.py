"""One count everywhere, in Chromium: for one fixed as-of date the office home page, the ledger list,
the downloaded 任务分解表 (openpyxl) and 进展通报 (python-docx), and `luoshi status` give the same counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from countcases import STATUSES, docx_counts, shape_ledger, xlsx_as_of, xlsx_counts
from webtools import PASSWORDS, SECRET, TODAY, build_ledger, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def counted_server(tmp_path: Path) -> Iterator[tuple[str, str, int]]:
    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    url = f"sqlite:///{tmp_path / 'counts.db'}"
    rid, a, _b = build_ledger(url)
    shape_ledger(url, rid, a)
    app = create_app(WebSettings(database_url=url, upload_dir=tmp_path / "uploads", secret_key=SECRET, today=TODAY))
    with serving(app) as base:
        yield base, url, rid


def _download(page: Any, selector: str, folder: Path) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    path = folder / info.value.suggested_filename
    info.value.save_as(str(path))
    return path.read_bytes()


def test_home_list_xlsx_docx_and_cli_agree(page: Any, counted_server: tuple[str, str, int], tmp_path: Path,
                                          shot: Any) -> None:
    base, url, rid = counted_server
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORDS["admin"])
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    assert page.url.endswith("/home")  # the office's start page
    page.wait_for_selector("[data-chart='c-behind'][data-ready='1']")  # ECharts drew the departments chart
    assert "截至2024年6月30日" in page.inner_text(".as-of")
    home = {st: int(page.inner_text(f"#status-counts [data-status='{st}']")) for st in STATUSES}
    total = int(page.inner_text("#tracked-total"))
    assert sum(home.values()) == total and len([n for n in home.values() if n]) >= 3
    shot(page, "counts-home")

    # The ledger list: a click on a status card lists exactly that many rows.
    for st in STATUSES:
        page.goto(f"{base}/home")
        with page.expect_navigation():
            page.click(f"#status-counts a:has([data-status='{st}'])")
        assert int(page.inner_text(".pager .rows-total >> nth=0")) == home[st], st
        assert "截至2024年6月30日" in page.inner_text(".as-of")

    # The downloads of the whole list.
    page.goto(f"{base}/ledger?report={rid}")
    assert f"跟踪目标共 {total} 项" in page.inner_text(".as-of")
    xlsx = _download(page, "#export-xlsx", tmp_path)
    docx = _download(page, "#export-docx", tmp_path)
    assert xlsx_counts(xlsx) == home and xlsx_as_of(xlsx) == "2024年6月30日"
    assert docx_counts(docx) == (home, "2024年6月30日")

    # A filtered list exports the rows it shows.
    page.goto(f"{base}/ledger?report={rid}&status=未报送")
    part = xlsx_counts(_download(page, "#export-xlsx", tmp_path))
    assert part["未报送"] == home["未报送"] == sum(part.values())

    # And the command line, on the same database and date.
    from typer.testing import CliRunner

    from luoshi.cli import app

    head = CliRunner().invoke(app, ["status", "--as-of", TODAY.isoformat(), "--by", "all", "--db", url]).output
    first = head.splitlines()[0]
    assert first.startswith(f"截至2024年6月30日：跟踪目标共 {total} 项")
    for st in STATUSES:
        assert f"{st} {home[st]}" in first
