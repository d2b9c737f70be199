"""The commands of an installed service, as its systemd units run them: `luoshi db upgrade` (create,
nothing to do, refuse), `luoshi backup` with no file (dated, verified, rotated in backup_dir),
`luoshi bulletin` (into bulletin_dir) and `luoshi restore`; settings from the configuration file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("ledger-*.db"))[-1]


def luoshi(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {"LUOSHI_CONFIG": str(config), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "luoshi", *args], capture_output=True, text=True, env=env,
                          cwd=config.parent)


def _config(tmp_path: Path) -> Path:
    shutil.copy(FIXTURE, tmp_path / "ledger.db")
    path = tmp_path / "luoshi.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path / "ledger.db"}"\nbackup_dir = "{tmp_path / "backups"}"\n'
                    f'backup_keep = 2\nbulletin_dir = "{tmp_path / "bulletins"}"\nlog_format = "json"\n'
                    'today = "2024-07-15"\n', encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A service's settings over the fixture ledger, brought to the current schema as an install does
    (the fixture was written by an earlier version)."""
    path = _config(tmp_path)
    r = luoshi("db", "upgrade", config=path)
    assert r.returncode == 0, r.stderr
    shutil.rmtree(tmp_path / "backups", ignore_errors=True)  # the upgrade's own backup
    return path


def test_db_upgrade_creates_then_has_nothing_to_do(tmp_path: Path) -> None:
    config = _config(tmp_path)
    r = luoshi("db", "upgrade", config=config)
    assert r.returncode == 0, r.stderr  # the fixture's version, brought up to date
    r = luoshi("db", "upgrade", config=config)
    assert r.returncode == 0 and "已是最新版本" in r.stdout, r.stderr
    new = tmp_path / "new.db"
    r = luoshi("db", "upgrade", "--db", str(new), config=config)
    assert r.returncode == 0 and "已建立数据库" in r.stdout, r.stderr
    other = tmp_path / "other.db"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE payroll (id INTEGER PRIMARY KEY)")
    conn.close()
    r = luoshi("db", "upgrade", "--db", str(other), config=config)
    assert r.returncode == 2 and r.stderr.startswith("luoshi: error: ") and r.stderr.count("\n") == 1
    assert "不是落实的数据库" in r.stderr


def test_scheduled_backup_rotates_in_the_configured_folder(tmp_path: Path, config: Path) -> None:
    import time

    outs = []
    for _ in range(3):
        r = luoshi("backup", config=config)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
        time.sleep(1.1)  # names carry the second
    assert "已校验" in outs[0] and "目标 26 项" in outs[0]
    assert "删除过期备份 1 份，现有 2 份" in outs[2]
    kept = sorted((tmp_path / "backups").iterdir())
    assert len(kept) == 2 and all(p.name.startswith("luoshi-") for p in kept)
    r = luoshi("restore", str(kept[-1]), "--db", str(tmp_path / "restored.db"), config=config)
    assert r.returncode == 0 and "目标 26 项" in r.stdout, r.stderr
    r = luoshi("restore", str(kept[-1]), "--db", str(tmp_path / "restored.db"), config=config)
    assert r.returncode == 2 and "只能恢复到空数据库" in r.stderr


def test_bulletin_goes_into_the_configured_folder(tmp_path: Path, config: Path) -> None:
    r = luoshi("bulletin", "--as-of", "2024-07-15", "--report", "1", config=config)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "bulletins" / "进展通报-2024-07-15.docx"
    assert out.is_file() and str(out) in r.stdout
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "2024" in text and ("青禾县" in text or "进展" in text)


def test_commands_refuse_a_database_of_a_newer_version(tmp_path: Path, config: Path) -> None:
    import sqlite3

    db = tmp_path / "ledger.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")  # as if a later release upgraded it
    conn.close()
    for args in (["targets"], ["import", str(db), "--region", "某县"], ["serve"], ["db", "upgrade"]):
        r = luoshi(*args, config=config)
        assert r.returncode == 2 and r.stderr.startswith("luoshi: error: "), (args, r.stderr)
        assert r.stderr.count("\n") == 1 and "请安装新版本" in r.stderr, (args, r.stderr)


@pytest.mark.parametrize("next_revision", [False], indirect=True)
def test_commands_refuse_an_older_database_until_it_is_upgraded(
        tmp_path: Path, config: Path, next_revision: bool) -> None:
    from typer.testing import CliRunner

    from luoshi.cli import app
    from luoshi.config import get_settings

    runner = CliRunner()
    db = str(tmp_path / "ledger.db")
    for args in (["targets"], ["serve"], ["backup"], ["bulletin"]):
        r = runner.invoke(app, [*args, "--db", db])
        assert r.exit_code != 0 and "落后于程序（9901），请先运行 luoshi db upgrade" in str(r.exception), args
    get_settings.cache_clear()
    try:
        r = runner.invoke(app, ["db", "upgrade", "--db", db], env={"LUOSHI_CONFIG": str(config)})
    finally:
        get_settings.cache_clear()
    assert r.exit_code == 0, r.output
    # From the newest release's schema (where `config` left it) to the test's next revision.
    import re

    assert "升级前已备份并校验" in r.output and re.search(r"已从版本 (\w+) 升级到 9901", r.output)
    assert len(list((tmp_path / "backups").glob("luoshi-before-upgrade-*.json.gz"))) == 1
    assert runner.invoke(app, ["targets", "--db", db, "--format", "json"]).exit_code == 0
