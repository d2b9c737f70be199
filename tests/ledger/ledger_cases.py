"""Helpers for the ledger tests: our own small report, hand-built indicators, fresh databases on SQLite
and on PostgreSQL.

PostgreSQL: LUOSHI_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test); where
no server answers there, a private one is started from the machine's PostgreSQL binaries (Debian's
`postgresql` package) for the session. Each test gets its own schema, dropped afterwards. Only where
neither works are the PostgreSQL runs skipped, with the reason shown.
"""

from __future__ import annotations

import atexit
import functools
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

runner = CliRunner()


def run(*args: str) -> str:
    """`luoshi ARGS` in-process; its output, after checking it succeeded."""
    from luoshi.cli import app

    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, (res.output, res.exception)
    return str(res.output)


PG_URL = os.environ.get("LUOSHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_state: dict[str, Any] = {}

# A small report of our own (not copied from any real report): a review part and a plan part with
# main targets, two 一是 sections, a list of 实事 items.
REPORT = """某县2024年政府工作报告

一、2023年工作回顾
过去一年，全县地区生产总值增长5%，新增规模工业企业12户。

二、2024年工作安排
总体要求是：坚持稳中求进，推动高质量发展。
主要预期目标是：地区生产总值增长6%左右；规模工业增加值增长7%以上。

（一）做强实体经济
一是壮大工业园区。新增规模工业企业20户以上，建成标准厂房10万平方米。推动园区道路提质改造，完善水电气配套设施。
二是培育骨干企业。支持骨干企业技改扩能，培育本地品牌。

（二）增进民生福祉
一是办好教育。新建幼儿园3所，推动城区学校扩容。
各位代表！我们将办好“三件民生实事”：（1）新增城镇就业5000人以上；（2）改造农村公路50公里；（3）完成农村户厕改造2000户。
"""

# (mention, occurrence, subject, value, unit, kind, bound) for the plan's targets
TARGETS = [
    ("6%", 1, "地区生产总值", 6.0, "%", "growth", "approx"),
    ("7%", 1, "规模工业增加值", 7.0, "%", "growth", "min"),
    ("20户", 1, "新增规模工业企业", 20.0, "户", "amount", "min"),
    ("10万平方米", 1, "标准厂房", 10.0, "万平方米", "amount", "exact"),
    ("3所", 1, "新建幼儿园", 3.0, "所", "amount", "exact"),
    ("5000人", 1, "新增城镇就业", 5000.0, "人", "amount", "min"),
    ("50公里", 1, "改造农村公路", 50.0, "公里", "amount", "exact"),
    ("2000户", 1, "农村户厕改造", 2000.0, "户", "amount", "exact"),
]


def indicators_for(text: str, doc_id: str = "mouxian-2024", specs: list[tuple[Any, ...]] | None = None) -> list[Any]:
    """Hand-built target Indicators with exact spans into `text`."""
    from luoshi.extract.model import Indicator

    out = []
    for mention, nth, subject, value, unit, kind, bound in specs or TARGETS:
        pos = -1
        for _ in range(nth):
            pos = text.index(mention, pos + 1)
        out.append(Indicator(doc=doc_id, span=(pos, pos + len(mention)), mention=mention, subject=subject, value=value,
                             unit=unit, kind=kind, stance="target", bound=bound, year=2024, part="plan"))
    return out


def shared_dir() -> Path:
    return Path(os.environ.get("LUOSHI_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


def _initdb() -> str | None:
    found = shutil.which("initdb")
    if found:
        return found
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return cand
    return None


def _start_private_server() -> str:
    """Start a throw-away PostgreSQL from the machine's own binaries (Debian's `postgresql` package) in a
    temporary directory, trust auth on a free loopback port; stopped at exit. Returns its URL."""
    initdb = _initdb()
    if initdb is None:
        raise RuntimeError("no initdb binary (install Debian's postgresql package)")
    bindir = os.path.dirname(initdb)
    pg_ctl = os.path.join(bindir, "pg_ctl")
    if not os.path.exists(pg_ctl):
        pg_ctl = shutil.which("pg_ctl") or pg_ctl
    root = tempfile.mkdtemp(prefix="luoshi-pg-")
    data = os.path.join(root, "data")
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres account
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = functools.partial(subprocess.run, check=True, capture_output=True, timeout=120)
    run([*prefix, initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"])
    run([*prefix, pg_ctl, "-D", data, "-w", "-l", os.path.join(root, "log"), "-o",
         f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
    # atexit runs last-registered first: stop the server, then remove its directory.
    atexit.register(shutil.rmtree, root, True)
    atexit.register(lambda: subprocess.run([*prefix, pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
                                           capture_output=True, check=False))
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


def _pg_admin() -> Any:
    if "engine" in _pg_state or "error" in _pg_state:
        return _pg_state.get("engine")
    from sqlalchemy import create_engine, text

    def connect(url: str) -> Any:
        eng = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with eng.connect() as c:
            c.execute(text("select 1"))
        return eng

    try:
        _pg_state["engine"], _pg_state["url"] = connect(PG_URL), PG_URL
    except Exception as e:  # no server, no driver, wrong credentials: try a private server
        first = f"PostgreSQL not reachable at {PG_URL}: {str(e).splitlines()[0]}"
        try:
            url = _start_private_server()
            _pg_state["engine"], _pg_state["url"] = connect(url), url
        except Exception as e2:
            _pg_state["error"] = f"{first}; could not start one either: {str(e2).splitlines()[0] if str(e2) else e2!r}"
    return _pg_state.get("engine")


@dataclass
class DB:
    url: str
    engine: Any
    factory: Any
    backend: str
    schema: str | None = None

    def session(self) -> Any:
        return self.factory()


def _make_db(backend: str, tmp_path: Path, *, init: bool = True) -> Iterator[DB]:
    """A fresh database, migrated to the head unless `init=False` (then empty: no table at all)."""
    from luoshi.ledger.storage.db import init_db, make_engine, session_factory

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
        engine = make_engine(url)
        if init:
            init_db(engine)
        yield DB(url, engine, session_factory(engine), backend)
        engine.dispose()
        return
    with pg_schema() as schema:
        engine = make_engine(_pg_state["url"], schema=schema)
        try:
            if init:
                init_db(engine)
            yield DB(_pg_state["url"], engine, session_factory(engine), backend, schema)
        finally:
            engine.dispose()


@contextmanager
def pg_schema() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL server (skip when there is none), dropped afterwards."""
    from sqlalchemy import text

    admin = _pg_admin()
    if admin is None:
        pytest.skip(_pg_state["error"])
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL of the test PostgreSQL server whose connections work in a fresh schema of their own (the
    search_path rides in the URL, so an app made from the URL alone stays in it); dropped afterwards."""
    from urllib.parse import quote

    with pg_schema() as schema:
        base = _pg_state["url"]
        yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
