"""A target split into sub-tasks shows 已拆分 on its own page, as on the ledger list, and no progress status
of its own; its sub-tasks carry the statuses and take the reports."""

from __future__ import annotations

from datetime import date

from webtools import Env, login


def test_split_parent_shows_only_split(env: Env) -> None:
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(env.url)
    with transaction(factory) as session:
        system = s.system_user(session)
        parent = s.get_target(session, ref=env.edu_target)
        child = s.add_subtask(session, parent=parent, text="上半年完成一部分", deadline=date(2024, 6, 30), actor=system)
        child_id = child.id
    engine.dispose()
    c = env.client()
    login(c, "admin")
    page = c.get(f"/targets/{env.edu_target}").text
    assert 'id="split-badge"' in page and "已拆分为下属任务" in page
    assert 'id="progress-form"' not in page and f'href="/targets/{child_id}#report"' in page
    sub = c.get(f"/targets/{child_id}").text
    assert 'id="split-badge"' not in sub and 'id="progress-form"' in sub


def test_cli_targets_show_split(env: Env) -> None:
    from typer.testing import CliRunner

    from luoshi.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["split", str(env.edu_target), "--text", "上半年完成一部分", "--deadline", "2024-06-30",
                            "--db", env.url])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["targets", "--format", "csv", "--as-of", "2024-06-30", "--db", env.url])
    row = next(line for line in r.output.splitlines() if line.startswith(f"{env.edu_target},"))
    assert row.endswith(",已拆分,")
