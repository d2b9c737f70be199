"""横向比较 in a real browser: pick an indicator, the sorted bar chart is drawn (ECharts, bundled),
a click on a bar opens the sentence its figure comes from, the table exports to xlsx. The region
demo (云川省 and two cities, our own sample reports) logged in as the province's office."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from webtools import serving

PASSWORD = "browser-pass-123"


@pytest.fixture
def regions_server(tmp_path: Path) -> Iterator[str]:
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.web.app import create_app
    from luoshi.web.demo import setup_regions
    from luoshi.web.settings import WebSettings

    url = f"sqlite:///{tmp_path / 'regions.db'}"
    setup_regions(url)
    engine, factory = open_db(url)
    with transaction(factory) as session:
        s.set_password(session, user=s.get_user(session, ref="yunchuan"), password=PASSWORD,
                       actor=s.system_user(session))
    engine.dispose()
    app = create_app(WebSettings(database_url=url, upload_dir=tmp_path / "up", secret_key="k3Yq-7pLm_Vx2Rt9sWd4Nb8Hc6Zf1Ga0Je5Uo",
                                 today=date(2026, 6, 30)))
    with serving(app) as base:
        yield base


def test_compare_page_chart_click_and_export(page: Any, regions_server: str, shot: Any) -> None:
    base = regions_server
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "yunchuan")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/home.*"))  # an office starts on its home page
    page.click("nav.mainnav a[href='/compare']")
    page.select_option("#pick-indicator", "地区生产总值")
    page.select_option("select[name=year]", "2026")
    page.click("form[action='/compare'] button[type=submit]")
    page.wait_for_selector("#compare-chart[data-ready='1'][data-linked='1']")
    shot(page, "compare")

    # The chart holds one bar per region, highest first; a range is drawn from its lower end.
    bars = page.evaluate("""() => {
      const c = echarts.getInstanceByDom(document.getElementById('compare-chart'));
      const o = c.getOption();
      return {names: o.xAxis[0].data, base: o.series[0].data.map(d => d.value), span: o.series[1].data.map(d => d.value),
              marks: o.series[2].data.length};
    }""")
    assert bars["names"] == ["青川市 2026", "白石市 2026", "云川省 2026"]
    assert bars["base"] == [0, 5, 0] and bars["span"] == [5.5, 0.5, 5]

    # A click on 白石市's bar opens its sentence with the figure marked.
    x, y = page.evaluate("""() => {
      const el = document.getElementById('compare-chart');
      const c = echarts.getInstanceByDom(el);
      const p = c.convertToPixel({seriesIndex: 1}, [1, 5.25]);
      const r = el.getBoundingClientRect();
      return [r.left + p[0], r.top + p[1]];
    }""")
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r".*/compare/source/\d+\?start=\d+&end=\d+"))
    assert page.inner_text("#source-text mark") == "5%—5.5%"
    assert "地区生产总值增长5%—5.5%" in page.inner_text("#source-text")
    assert "白石市" in page.inner_text("h1")
    page.go_back()
    page.wait_for_selector("#compare-chart[data-ready='1']")

    # Export to Excel: the cells as written.
    with page.expect_download() as info:
        page.click("a[href^='/compare/export.xlsx?indicator=']")
    data = Path(info.value.path()).read_bytes()
    ws = load_workbook(io.BytesIO(data))["横向比较"]
    got = {row[0]: row[3] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert got == {"青川市": "5.5%左右", "白石市": "5%—5.5%", "云川省": "5%左右"}
