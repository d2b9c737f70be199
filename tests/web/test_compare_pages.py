"""横向比较, 历年对比 and 区域汇总 on the three-region demo (云川省 and its cities 青川市, 白石市, from
our own sample reports), and the role test: a city's office never sees its neighbour's ledger."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from webtools import login

PASSWORD = "region-pass-123"


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, Any]]]:
    """One database and app for the module: every test here only reads."""
    from sqlalchemy import select

    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.ledger.storage.models import Region, Report, Target
    from luoshi.web.app import create_app
    from luoshi.web.demo import setup_regions
    from luoshi.web.settings import WebSettings

    tmp_path = tmp_path_factory.mktemp("regions")
    url = f"sqlite:///{tmp_path / 'regions.db'}"
    setup_regions(url)
    engine, factory = open_db(url)
    with transaction(factory) as session:
        system = s.system_user(session)
        for name in ("yunchuan", "qingchuan", "baishi"):
            s.set_password(session, user=s.get_user(session, ref=name), password=PASSWORD, actor=system)
        ids = {r.name: r.id for r in session.scalars(select(Region))}
        reps = {(r.region.name, r.year): r.id for r in session.scalars(select(Report))}
        baishi_target = session.scalar(select(Target.id).where(Target.report_id == reps[("白石市", 2026)]))
    engine.dispose()
    app = create_app(WebSettings(database_url=url, upload_dir=tmp_path / "up", secret_key="k3Yq-7pLm_Vx2Rt9sWd4Nb8Hc6Zf1Ga0Je5Uo",
                                 today=date(2026, 6, 30)))
    yield app, {"regions": ids, "reports": reps, "baishi_target": baishi_target}
    app.state.ledger.engine.dispose()


_clients: dict[tuple[int, str], TestClient] = {}


def client_for(app: Any, username: str) -> TestClient:
    """A logged-in client per user, reused by the module's tests (argon2 makes a log-in slow on purpose)."""
    key = (id(app), username)
    if key not in _clients:
        c = TestClient(app, raise_server_exceptions=False)
        login(c, username, PASSWORD)
        _clients[key] = c
    return _clients[key]


def test_compare_page_bars_bounds_and_links(regions: tuple[Any, dict[str, Any]]) -> None:
    app, _ids = regions
    c = client_for(app, "yunchuan")
    r = c.get("/compare", params={"indicator": "地区生产总值", "year": 2026})
    assert r.status_code == 200
    table = r.text[r.text.index('id="compare-table"'):]
    order = [m for m in re.findall(r"<tr><td>(\S+?)</td><td>2026</td>", table)]
    assert order == ["青川市", "白石市", "云川省"]  # sorted by target, highest first (5.5 > 5—5.5 > 5)
    assert "5%—5.5%" in table and "5%左右" in table and "5.5%左右" in table
    link = re.search(r'href="(/compare/source/(\d+)\?start=(\d+)&amp;end=(\d+))"', table)
    assert link
    src = c.get(link.group(1).replace("&amp;", "&"))
    assert src.status_code == 200 and "<mark>5.5%</mark>" in src.text
    words = c.get("/compare", params={"indicator": "固定资产投资"}).text
    assert "固定资产投资实现正增长" in words  # 白石市 states it in words only
    assert c.get("/compare", params={"indicator": "不存在"}).status_code == 404


def test_compare_and_series_export_xlsx(regions: tuple[Any, dict[str, Any]]) -> None:
    app, ids = regions
    c = client_for(app, "yunchuan")
    r = c.get("/compare/export.xlsx", params={"indicator": "城镇调查失业率"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxml")
    ws = load_workbook(io.BytesIO(r.content))["横向比较"]
    cells = {(row[0], row[2]): row[3] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert cells[("白石市", 2026)] == "≤5%" and cells[("青川市", 2026)] == "≤5.5%"
    assert cells[("青川市", 2025)] == "5.5%左右"
    r = c.get("/series/export.xlsx", params={"region": ids["regions"]["青川市"]})
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb["历年对比"].iter_rows(min_row=2, values_only=True))
    assert ("青川市", "地区生产总值", 2025, "6%左右", "5.8%", "基本达成") in [row[:6] for row in rows]


def test_series_page(regions: tuple[Any, dict[str, Any]]) -> None:
    app, _ids = regions
    c = client_for(app, "qingchuan")
    r = c.get("/series")
    assert r.status_code == 200
    assert "基本达成" in r.text and "series-option" in r.text
    assert "未达成" in r.text  # 一般公共预算收入 5% vs 4.1%


def test_province_rollup_and_drill_down(regions: tuple[Any, dict[str, Any]]) -> None:
    app, _ids = regions
    c = client_for(app, "yunchuan")
    r = c.get("/regions")
    assert r.status_code == 200
    names = re.findall(r'<tr data-region="([^"]+)">', r.text)
    assert names == ["云川省", "白石市", "青川市"]
    assert re.search(r'class="warn (warn-red|warn-yellow|warn-blue|ok-green)"', r.text)


@pytest.mark.parametrize("path", [
    "/ledger?report={bai_report}", "/dashboard?report={bai_report}", "/target/{bai_target}",
    "/api/targets?report={bai_report}", "/api/targets/{bai_target}", "/compare/source/{bai_report}",
    "/series?region={bai_region}", "/series/export.xlsx?region={bai_region}", "/regions?region={bai_region}",
    "/regions?region={province}",
])
def test_a_city_cannot_see_its_neighbour(regions: tuple[Any, dict[str, Any]], path: str) -> None:
    app, ids = regions
    c = client_for(app, "qingchuan")
    url = path.format(bai_report=ids["reports"][("白石市", 2026)], bai_target=ids["baishi_target"],
                      bai_region=ids["regions"]["白石市"], province=ids["regions"]["云川省"])
    r = c.get(url)
    assert r.status_code == 404, (url, r.status_code)
    assert "白石市" not in r.text


def test_a_citys_lists_hold_only_its_own(regions: tuple[Any, dict[str, Any]]) -> None:
    app, _ids = regions
    c = client_for(app, "qingchuan")
    for path in ("/compare?indicator=地区生产总值", "/regions", "/series", "/ledger", "/dashboard", "/annual"):
        r = c.get(path)
        assert r.status_code == 200, path
        assert "白石市" not in r.text and "云川省" not in r.text, path
    assert "青川市" in c.get("/compare?indicator=地区生产总值").text
    xlsx = c.get("/compare/export.xlsx").content
    assert b"\xe7\x99\xbd\xe7\x9f\xb3" not in xlsx  # 白石 nowhere in the workbook's (zipped) parts
    rows = list(load_workbook(io.BytesIO(xlsx))["横向比较"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} == {"青川市"}
