"""One count everywhere: for one as-of date the office home page, the overview, the ledger list (its
total per status and colour filter), the 任务分解表, the 进展通报, the API and `luoshi status` give the
same numbers, each stating the date; the ledger list pages, sorts and filters on the server; each role
starts on its own page; a demo's as-of date kept in the ledger is the web's and the CLI's default."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from countcases import (
    STATUSES,
    docx_counts,
    list_total,
    page_counts,
    page_total,
    shape_ledger,
    text_of,
    xlsx_as_of,
    xlsx_counts,
)
from webtools import Env, login

from luoshi.ledger import service
from luoshi.ledger.storage.db import open_db

DAY = date(2024, 6, 30)  # the test app's pinned as-of date


@pytest.fixture
def shaped(env: Env) -> Env:
    shape_ledger(env.url, env.report_id, env.edu_target)
    return env


def _tally(env: Env) -> service.LedgerStatus:
    engine, factory = open_db(env.url)
    with factory() as session:
        ledger = service.ledger_status(session, as_of=DAY, report_id=env.report_id)
    engine.dispose()
    return ledger


def test_every_face_gives_the_same_counts(shaped: Env) -> None:
    env = shaped
    ledger = _tally(env)
    tally = ledger.tally
    assert tally.split == 1 and tally.withdrawn == 0  # ledger rows leave withdrawn targets out
    assert len({st for st, n in tally.counts.items() if n}) >= 3, tally.counts  # a ledger worth counting
    want = dict(tally.counts)
    c = env.client()
    login(c, "admin")
    rid = env.report_id

    home = c.get(f"/home?report={rid}").text
    assert page_counts(home) == want and page_total(home) == tally.total
    assert "截至2024年6月30日" in text_of(home)
    overview = c.get(f"/dashboard?report={rid}").text
    assert page_counts(overview) == want and page_total(overview) == tally.total
    assert "截至2024年6月30日" in text_of(overview)

    for st in STATUSES:
        page = c.get(f"/ledger?report={rid}&status={st}&per=20").text
        assert list_total(page) == want[st], st
    for w, n in tally.warnings.items():
        assert list_total(c.get(f"/ledger?report={rid}&warning={w}").text) == n, w
    assert sum(tally.warnings.values()) == tally.total
    everything = c.get(f"/ledger?report={rid}").text
    assert list_total(everything) == tally.total + tally.split  # split targets are listed, counted through children
    assert f"跟踪目标共 {tally.total} 项" in text_of(everything) and "截至2024年6月30日" in text_of(everything)

    xlsx = c.get(f"/ledger/export.xlsx?report={rid}")
    assert xlsx.status_code == 200
    assert xlsx_counts(xlsx.content) == want and xlsx_as_of(xlsx.content) == "2024年6月30日"
    docx = c.get(f"/ledger/export.docx?report={rid}")
    assert docx_counts(docx.content) == (want, "2024年6月30日")

    api = c.get(f"/api/dashboard?report={rid}").json()
    assert (api["as_of"], api["total"], api["counts"], api["warnings"]) == ("2024-06-30", tally.total, want,
                                                                          tally.warnings)


def test_cli_status_agrees(shaped: Env) -> None:
    from typer.testing import CliRunner

    from luoshi.cli import app

    tally = _tally(shaped).tally
    out = CliRunner().invoke(app, ["status", "--as-of", "2024-06-30", "--by", "all", "--db", shaped.url]).output
    head = out.splitlines()[0]
    assert head.startswith(f"截至2024年6月30日：跟踪目标共 {tally.total} 项")
    for st in STATUSES:
        assert f"{st} {tally.counts[st]}" in head
    assert f"黄 {tally.warnings['黄']}" in head


def test_filtered_export_gives_the_rows_shown(shaped: Env) -> None:
    env = shaped
    c = env.client()
    login(c, "admin")
    page = c.get(f"/ledger?report={env.report_id}&status=未报送").text
    n = list_total(page)
    link = re.search(r'id="export-xlsx" href="([^"]+)"', page)
    assert link and "status=" in link.group(1)
    data = c.get(link.group(1).replace("&amp;", "&")).content
    counts = xlsx_counts(data)
    assert counts["未报送"] == n and sum(counts.values()) == n
    docx = c.get(re.search(r'id="export-docx" href="([^"]+)"', page).group(1).replace("&amp;", "&")).content
    assert docx_counts(docx)[0]["未报送"] == n


def test_ledger_list_pages_sorts_and_filters(shaped: Env) -> None:
    env = shaped
    c = env.client()
    login(c, "viewer")
    rid = env.report_id
    total = list_total(c.get(f"/ledger?report={rid}").text)
    page2 = c.get(f"/ledger?report={rid}&per=20&page=2").text
    assert f"共 {total} 条，第 2/{-(-total // 20)} 页" in text_of(page2)
    assert len(re.findall(r'<tr data-id="', page2)) == min(20, total - 20)
    # Sorted by deadline, newest first: the dates in the table never go up.
    ranked = c.get(f"/ledger?report={rid}&sort=-deadline&per=all").text
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>", ranked)
    assert dates == sorted(dates, reverse=True) and len(dates) == total
    assert "aria-sort=\"descending\"" in ranked
    # Worst status first.
    order = re.findall(r'class="badge st-([a-z]+)"', c.get(f"/ledger?report={rid}&sort=status&per=all").text)
    assert order[0] in ("severe", "missing")
    assert c.get(f"/ledger?report={rid}&sort=text").status_code == 400  # only whitelisted keys
    # Deadline filters.
    assert list_total(c.get(f"/ledger?report={rid}&due_before=2000-01-01").text) == 0
    assert list_total(c.get(f"/ledger?report={rid}&due_before=2099-12-31").text) == total
    assert list_total(c.get(f"/ledger?report={rid}&overdue=1").text) == 0  # nothing is past its deadline in June
    assert c.get(f"/ledger?report={rid}&due_before=soon").status_code == 422
    # Filters stay in the paging links and the export links.
    filtered = c.get(f"/ledger?report={rid}&warning=黄&per=20").text
    assert "warning=%E9%BB%84" in filtered.split('id="export-xlsx"')[1][:200]


def test_each_role_starts_on_its_own_page(shaped: Env) -> None:
    for user, start in (("admin", "/home"), ("edu", "/dept"), ("viewer", "/dashboard")):
        c = shaped.client()
        login(c, user)
        assert c.get("/", follow_redirects=False).headers["location"] == start
    c = shaped.client()
    login(c, "viewer")
    assert c.get("/home").status_code == 403  # the office's page
    c = shaped.client()
    login(c, "admin")
    home = c.get("/home").text
    for part in ('id="status-counts"', 'id="warning-counts"', 'id="late"', 'id="queue"', 'id="behind"',
                 'data-chart="c-behind"', "/static/vendor/echarts/echarts.min.js"):
        assert part in home, part
    assert "未报送" in text_of(home).split("逾期未报送")[1][:2000]


def test_home_lists_newest_submissions_to_review(shaped: Env) -> None:
    c = shaped.client()
    token = login(c, "edu")
    r = c.post(f"/api/targets/{shaped.health_target}/progress", json={"period": "2024-Q1", "value": 1},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 403  # not the department's
    engine, factory = open_db(shaped.url)
    with factory() as session, session.begin():
        kid = service.children(session, target=shaped.edu_target)[1]
        kid_id = kid.id
    engine.dispose()
    r = c.post(f"/api/targets/{kid_id}/progress", json={"period": "2024-Q1", "stage": "推进中", "note": "待审"},
               headers={"X-CSRF-Token": token})
    assert r.status_code == 201, r.text
    admin = shaped.client()
    login(admin, "admin")
    queue = admin.get("/home").text.split('id="queue"')[1].split("</section>")[0]
    assert f"/targets/{kid_id}" in queue and "2024-Q1" in queue


def test_demo_as_of_kept_in_the_ledger(tmp_path: Path, env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """A date pinned in the ledger (as `luoshi demo` does) is the as-of date of an app whose settings
    pin none, and of `luoshi status` without --as-of; LUOSHI_TODAY still wins."""
    from typer.testing import CliRunner
    from webtools import SECRET

    from luoshi.cli import app as cli
    from luoshi.config import get_settings
    from luoshi.ledger.operations.context import pin_as_of
    from luoshi.ledger.storage.db import transaction
    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    engine, factory = open_db(env.url)
    with transaction(factory) as session:
        pin_as_of(session, as_of=date(2024, 9, 30), actor=service.system_user(session))
    engine.dispose()
    web = create_app(WebSettings(database_url=env.url, upload_dir=tmp_path / "up", secret_key=SECRET))
    try:
        assert web.state.settings.today == date(2024, 9, 30)
    finally:
        web.state.ledger.engine.dispose()
    monkeypatch.delenv("LUOSHI_TODAY", raising=False)
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(cli, ["status", "--by", "all", "--db", env.url])
        assert out.output.startswith("截至2024年9月30日："), out.output
        monkeypatch.setenv("LUOSHI_TODAY", "2024-07-31")
        get_settings.cache_clear()
        out = CliRunner().invoke(cli, ["status", "--by", "all", "--db", env.url])
        assert out.output.startswith("截至2024年7月31日："), out.output
    finally:
        get_settings.cache_clear()
