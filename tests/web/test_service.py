"""The service side of the web app: /healthz, the access log, and the log lines journald keeps."""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from webtools import Env

from luoshi.logs import JsonFormatter, setup_logging


def test_healthz_answers_without_a_login(env: Env) -> None:
    r = env.client().get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["database"] == "ok" and r.json()["version"]
    assert "set-cookie" not in r.headers


def test_healthz_is_503_when_the_database_is_gone(env: Env) -> None:
    ledger = env.app.state.ledger
    good = ledger.engine
    ledger.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})
    try:
        r = env.client().get("/healthz")
    finally:
        ledger.engine.dispose()
        ledger.engine = good
    assert r.status_code == 503
    assert r.json()["status"] == "error" and "无法连接数据库" in r.json()["database"]
    assert "127.0.0.1:1" not in r.text  # no detail of the failure for whoever asks


def test_every_request_is_one_access_record(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="luoshi.access"):
        client = env.client()
        client.get("/login")
        client.get("/no/such/page")
        client.get("/healthz")
    records = {r.fields["path"]: r for r in caplog.records if r.name == "luoshi.access"}  # type: ignore[attr-defined]
    login = records["/login"]
    assert login.levelno == logging.INFO and login.fields["status"] == 200  # type: ignore[attr-defined]
    assert login.fields["method"] == "GET" and login.fields["ms"] >= 0  # type: ignore[attr-defined]
    assert records["/no/such/page"].fields["status"] == 404  # type: ignore[attr-defined]
    assert records["/healthz"].levelno == logging.DEBUG  # a monitor's polling stays out of the journal


def test_json_lines_hold_fields_and_the_traceback_in_one_line() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("luoshi.test.json")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError("坏了")
        except ValueError:
            log.exception("导入失败 %s", "x.docx", extra={"fields": {"path": "/import", "status": 500}})
    finally:
        log.removeHandler(handler)
    line = stream.getvalue().rstrip("\n")
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "导入失败 x.docx" and data["level"] == "error" and data["status"] == 500
    assert "ValueError: 坏了" in data["exception"]


def test_lines_carry_the_syslog_priority_only_when_stdout_is_the_journal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = (tmp_path / "journal").open("w+", encoding="utf-8")
    st = os.fstat(out.fileno())
    root = logging.getLogger()
    level = root.level
    try:
        monkeypatch.setenv("JOURNAL_STREAM", f"{st.st_dev}:{st.st_ino}")
        handler = setup_logging("json", "info", out)
        logging.getLogger("luoshi.t").warning("注意")
        monkeypatch.setenv("JOURNAL_STREAM", "1:2")
        root.removeHandler(handler)
        plain = io.StringIO()
        handler = setup_logging("auto", "info", plain)  # not a terminal: JSON
        logging.getLogger("luoshi.t").info("你好")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    out.seek(0)
    line = out.read().strip()
    assert line.startswith("<4>{") and json.loads(line[3:])["message"] == "注意"
    assert json.loads(plain.getvalue())["message"] == "你好"
