"""Finding 5: the cached ledger view is keyed on a version the ledger bumps in the same transaction as
the change. Two writers committing in either order cannot leave a view stale under a version that is
already visible (on PostgreSQL the second writer waits on the counter until the first commits)."""

from __future__ import annotations

import threading
import time

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
