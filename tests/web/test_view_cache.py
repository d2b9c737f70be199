"""Finding 5: the cached ledger view is keyed on a version the ledger bumps in the same transaction as
the change. Two writers committing in either order cannot leave a view stale under a version that is
already visible (on PostgreSQL the second writer waits on the counter until the first commits)."""

from __future__ import annotations

import threading
import time
from typing import Any

from webtools import TODAY, Env


def _text(rows: list[dict[str, object]], tid: int) -> object:
    return next(r["text"] for r in rows if r["id"] == tid)


def test_two_writers_out_of_order_leave_no_stale_view(any_env: Env) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import ledger_version, open_db
    from luoshi.web import store
    from luoshi.web.cache import ViewCache

    engine, factory = open_db(any_env.url)
    cache = ViewCache()
    first, second = factory(), factory()
    try:
        with factory() as reader:
            v0 = ledger_version(reader)
        service.update_target(first, target=any_env.edu_target, actor=service.system_user(first), text="甲处更改")
        first.flush()  # the first writer holds the version row from here to its commit
        done = threading.Event()

        def second_writer() -> None:
            service.update_target(second, target=any_env.health_target, actor=service.system_user(second),
                                  text="乙处更改")
            second.commit()
            done.set()

        t = threading.Thread(target=second_writer)
        t.start()
        time.sleep(0.5)
        assert not done.is_set(), "the second writer must wait for the first on the version row"
        with factory() as reader:
            rows = store.all_rows(reader, cache, TODAY, any_env.report_id)  # cached under v0
            assert ledger_version(reader) == v0 and _text(rows, any_env.edu_target) != "甲处更改"
        first.commit()
        t.join(timeout=30)
        assert done.is_set()
        with factory() as reader:
            assert ledger_version(reader) == v0 + 2
            rows = store.all_rows(reader, cache, TODAY, any_env.report_id)
            assert _text(rows, any_env.edu_target) == "甲处更改"
            assert _text(rows, any_env.health_target) == "乙处更改"
    finally:
        first.close()
        second.close()
        engine.dispose()


def test_writes_outside_the_content_leave_the_version_alone(env: Env) -> None:
    """Log-ins and sessions write rows too, but views stay valid: they do not move the version."""
    from webtools import login

    from luoshi.ledger.storage.db import ledger_version, open_db

    engine, factory = open_db(env.url)
    with factory() as s:
        before = ledger_version(s)
    login(env.client(), "viewer")
    with factory() as s:
        assert ledger_version(s) == before
    engine.dispose()


def test_a_patched_view_is_the_view_made_afresh(any_env: Env, monkeypatch: Any) -> None:
    """After each kind of write, the view brought up to date by redoing the changed targets equals the
    view made from scratch: rows, numbers and statuses. Progress, reviews, overrides and assignments
    are patched; a renamed department, a withdrawal or a new target make the view afresh."""
    from datetime import date

    from luoshi.ledger import service
    from luoshi.ledger.storage.db import ledger_version, open_db, transaction
    from luoshi.web import views
    from luoshi.web.cache import ViewCache
    from luoshi.web.views import _make, ledger_view

    made: list[int] = []
    monkeypatch.setattr(views, "_make", lambda *a: made.append(1) or _make(*a))

    engine, factory = open_db(any_env.url)
    cache = ViewCache()
    as_of = date(2024, 6, 30)

    def check(afresh: bool) -> None:
        before = len(made)
        with factory() as s:
            patched = ledger_view(s, cache, as_of, any_env.report_id)
            fresh = _make(s, ledger_version(s), as_of, any_env.report_id)
            assert patched.version == fresh.version
            assert patched.rows == fresh.rows
            assert {k: v.to_dict() for k, v in patched.statuses.items()} == \
                   {k: v.to_dict() for k, v in fresh.statuses.items()}
        assert (len(made) > before) == afresh

    def write(step: Any) -> None:
        with transaction(factory) as s:
            step(s, service.system_user(s))

    check(afresh=True)
    edu, health = any_env.edu_target, any_env.health_target
    write(lambda s, a: service.add_progress(s, target=edu, period="2024-Q2", value=3, reporter=a))
    check(afresh=False)
    write(lambda s, a: service.add_progress(s, target=health, period="2024-Q1", value=1, reporter=a, accept=False))
    check(afresh=False)
    pending = [0]
    with factory() as s:
        pending[0] = service.list_progress(s, review_state="pending")[0].id
    write(lambda s, a: service.review_progress(s, progress=pending[0], accept=False, comment="请补充", actor=a))
    check(afresh=False)
    write(lambda s, a: service.override_status(s, target=edu, status="已完成", reason="核查", actor=a))
    check(afresh=False)
    write(lambda s, a: service.assign(s, target=health, lead="人力资源和社会保障局", co=["教育局"], actor=a))
    check(afresh=False)
    write(lambda s, a: service.update_department(s, department="教育局", name="县教育局", actor=a))
    check(afresh=True)
    write(lambda s, a: service.withdraw_target(s, target=health, reason="重复", actor=a))
    check(afresh=True)
    write(lambda s, a: service.add_subtask(s, parent=edu, text="一季度完成选址", actor=a))
    check(afresh=True)
    engine.dispose()
