"""`luoshi user add` and `luoshi demo --no-serve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli import app


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
