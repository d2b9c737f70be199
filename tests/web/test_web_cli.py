"""`luoshi user add` and `luoshi demo --no-serve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app

SECRET = "k3Yq-7pLm_Vx2Rt9sWd4Nb8Hc6Zf1Ga0Je5Uo"


def test_demo_sets_up_sample_when_reference_missing_and_prints_password_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOSHI_SHARED", str(tmp_path / "nowhere"))
    db = tmp_path / "demo.db"
    runner = CliRunner()
    r = runner.invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert r.exit_code == 0, r.output
    assert "青岚县" in r.output and "密码" in r.output
    r2 = runner.invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert r2.exit_code == 0, r2.output
    assert "已存在" in r2.output  # a second run keeps the password and does not print one


def test_user_add_roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOSHI_SHARED", str(tmp_path / "nowhere"))
    db = tmp_path / "u.db"
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--db", str(db), "--no-serve"]).exit_code == 0
    r = runner.invoke(app, ["user", "add", "jy", "--role", "department", "--department", "教育局", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "初始密码" in r.output
    r = runner.invoke(app, ["user", "add", "x", "--role", "department", "--db", str(db)])
    assert r.exit_code != 0
    r = runner.invoke(app, ["user", "add", "y", "--role", "boss", "--db", str(db)])
    assert r.exit_code != 0


def test_serve_logs_json_answers_healthz_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    import json
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    db = tmp_path / "s.db"
    env = {**os.environ, "LUOSHI_SHARED": str(tmp_path / "nowhere"), "LUOSHI_UPLOAD_DIR": str(tmp_path / "up"),
           "LUOSHI_SECRET_KEY": SECRET}
    r = CliRunner().invoke(app, ["demo", "--db", str(db), "--no-serve"], env=env)
    assert r.exit_code == 0, (r.output, r.exception)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).with_name("luoshi")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--db", str(db)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        status = health = None
        for _ in range(150):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                status = httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert status == 200 and health is not None and health.json()["status"] == "ok"
    finally:
        proc.terminate()  # SIGTERM, as systemd stops a service
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    records = [json.loads(line) for line in out.splitlines()]  # stdout is JSON lines, one record each
    started = next(r for r in records if r["logger"] == "luoshi.serve" and "已启动" in r["message"])
    assert started["port"] == port and started["database"].endswith("s.db") and started["startup_seconds"] > 0
    assert f"http://127.0.0.1:{port}/" in started["message"]
    assert any(r["logger"] == "luoshi.access" and r["path"] == "/login" for r in records)
    assert "已停止" in records[-1]["message"]


def test_serve_refuses_an_uninitialised_database(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "empty.db"), "--port", "1"],
                           env={"LUOSHI_SECRET_KEY": SECRET})
    assert r.exit_code != 0
    assert "luoshi db upgrade" in str(r.exception)


def test_demo_progress_shows_every_kind_of_status(tmp_path: Path) -> None:
    """The demo's generated progress is marked as demo data and spreads the targets over the statuses."""
    from datetime import date

    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.web.demo import DEMO_NOTE, setup

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    info = setup(url)
    assert info["demo_progress"] > 0
    engine, factory = open_db(url)
    with transaction(factory) as s:
        statuses = {st.status for st in service.statuses_as_of(s, as_of=date(2024, 6, 30)).values()}
        notes = {p.note for t in service.list_targets(s) for p in service.list_progress(s, target=t.id)}
    engine.dispose()
    assert {"超进度", "达进度", "欠进度", "未报送"} <= statuses
    assert notes == {DEMO_NOTE}
    assert setup(url)["demo_progress"] == 0  # a second run adds nothing


def test_serve_refuses_an_unreachable_database_with_exit_code_3(tmp_path: Path) -> None:
    """3, not 2: systemd restarts the service for this one (the database may still be starting)."""
    import os
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("luoshi")
    env = {**os.environ, "LUOSHI_CONFIG": "", "LUOSHI_SECRET_KEY": SECRET}
    r = subprocess.run([str(exe), "serve", "--db", "postgresql+psycopg://luoshi:secret@127.0.0.1:1/luoshi"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 3, r.stderr
    assert r.stderr.startswith("luoshi: error: 无法连接数据库") and r.stderr.count("\n") == 1
    assert "secret" not in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("key, words", [(None, "未设置 secret_key"), ("changeme", "过短或是示例值"),
                                        ("a" * 40, "过于简单")])
def test_serve_without_a_strong_secret_key_is_one_chinese_line(tmp_path: Path, key: str | None, words: str) -> None:
    """Finding 3: a weak or missing key is refused at start with one line and exit 2, not a traceback."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "LUOSHI_SECRET_KEY"}
    env["LUOSHI_CONFIG"] = ""  # no configuration file either
    exe = Path(sys.executable).with_name("luoshi")
    subprocess.run([str(exe), "db", "init", "--db", str(tmp_path / "x.db")], env=env, check=True, capture_output=True)
    if key is not None:
        env["LUOSHI_SECRET_KEY"] = key
    r = subprocess.run([str(exe), "serve", "--db", str(tmp_path / "x.db"), "--port", "1"], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("luoshi: error: ") and words in lines[0], r.stderr
    assert "Traceback" not in r.stderr
