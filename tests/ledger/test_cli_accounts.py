"""Findings 3 and 8 at the command line: `luoshi user list|add|disable|enable|reset-password`, the
operator named in the audit trail (--operator, else the OS user) with `cli@<host>`, exports audited,
ids past the integer range a one-line "not found", and the CLI never held back by a web log-in lock."""

from __future__ import annotations

import getpass
import json
import socket
from pathlib import Path

import pytest
from ledger_cases import run, runner

from luoshi.cli import app


def _history(db: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in run("history", "--format", "json", "--limit", "500", "--db", db).splitlines()]


def _address(db: str, event_id: object) -> str:
    from sqlalchemy import select

    from luoshi.ledger.storage.db import open_db
    from luoshi.ledger.storage.models import AuditEvent

    engine, factory = open_db(db)
    with factory() as s:
        addr = s.scalar(select(AuditEvent.address).where(AuditEvent.id == event_id))
    engine.dispose()
    return str(addr)


def test_user_commands(dbfile: str) -> None:
    out = run("user", "add", "jy", "--role", "department", "--department", "教育局", "--db", dbfile)
    pw = out.split("password (shown once): ")[1].strip()
    assert len(pw) >= 10
    listed = run("user", "list", "--format", "json", "--db", dbfile)
    assert json.loads(listed.splitlines()[0])["username"] == "jy"
    assert "已停用 jy" in run("user", "disable", "jy", "--db", dbfile)
    assert "停用" in json.loads(run("user", "list", "--format", "json", "--db", dbfile))["state"]
    assert "已启用 jy" in run("user", "enable", "jy", "--db", dbfile)
    out = run("user", "reset-password", "jy", "--db", dbfile)
    assert "临时密码" in out
    assert "待改密码" in json.loads(run("user", "list", "--format", "json", "--db", dbfile))["state"]
    res = runner.invoke(app, ["user", "add", "weak", "--role", "viewer", "--password", "weak12", "--db", dbfile])
    assert res.exit_code != 0 and "至少 10 个字符" in str(res.exception)
    res = runner.invoke(app, ["user", "disable", "nobody", "--db", dbfile])
    assert res.exit_code != 0


def test_enable_lifts_a_web_lock(dbfile: str) -> None:
    from luoshi.ledger.operations import sessions
    from luoshi.ledger.storage.db import open_db, transaction

    run("user", "add", "jy", "--role", "viewer", "--password", "Chakan-desk-2024", "--db", dbfile)
    engine, factory = open_db(dbfile)
    limits = sessions.login_limits("jy", "10.0.0.9", per_pair=5, per_account=30, per_address=100)
    with transaction(factory) as s:
        for _ in range(6):
            wait, _ = sessions.reserve(s, limits, window_seconds=900)
        assert wait > 0
    assert "登录锁定" in json.loads(run("user", "list", "--format", "json", "--db", dbfile))["state"]
    assert "登录锁定已解除" in run("user", "enable", "jy", "--db", dbfile)
    with transaction(factory) as s:
        assert sessions.reserve(s, limits, window_seconds=900)[0] == 0
    engine.dispose()


def test_operator_is_named_in_the_audit_trail(dbfile: str) -> None:
    tid = json.loads(run("targets", "--format", "json", "--db", dbfile).splitlines()[0])["id"]
    run("--operator", "张三", "withdraw", str(tid), "--reason", "重复", "--db", dbfile)
    ev = _history(dbfile)[0]
    assert ev["action"] == "withdraw" and ev["actor"] == "张三（命令行）"
    assert _address(dbfile, ev["id"]) == f"cli@{socket.gethostname()}"
    run("override", str(tid + 1), "--status", "已完成", "--reason", "核查", "--db", dbfile)
    assert _history(dbfile)[0]["actor"] == f"{getpass.getuser()}（命令行）"


def test_exports_are_audited(dbfile: str, tmp_path: Path) -> None:
    run("export", "xlsx", "-o", str(tmp_path / "a.xlsx"), "--db", dbfile)
    ev = _history(dbfile)[0]
    assert ev["action"] == "export" and "xlsx" in str(ev["note"])


@pytest.mark.parametrize("args", [["withdraw", "99999999999", "--reason", "x"], ["status", "2147483648"],
                                  ["progress", "review", "99999999999999999999"], ["history", "0"]])
def test_ids_past_the_range_are_not_found(dbfile: str, args: list[str]) -> None:
    res = runner.invoke(app, [*args, "--db", dbfile])
    assert res.exit_code != 0
    assert "没有" in str(res.exception) or "不存在" in str(res.exception), res.exception
