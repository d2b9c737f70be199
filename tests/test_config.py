"""Settings come from one TOML file and the environment; the environment wins, and a wrong file or value
is one line naming the file and the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from luoshi.config import Settings, config_path, load_settings
from luoshi.errors import ConfigError
from luoshi.web.settings import WebSettings, web_settings

KEY = "k3Yq-7pLm_Vx2Rt9sWd4Nb8Hc6Zf1Ga0Je5Uo"  # random-looking: the secret-key check refuses "k" * 32


@pytest.fixture
def conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "luoshi.toml"
    monkeypatch.setenv("LUOSHI_CONFIG", str(path))
    for key in [k for k in os.environ if k.startswith("LUOSHI_") and k != "LUOSHI_CONFIG"]:
        monkeypatch.delenv(key)
    return path


def test_the_file_gives_the_settings(conf: Path) -> None:
    conf.write_text('database_url = "sqlite:////srv/l.db"\nbackup_keep = 3\nport = 9000\nsecret_key = "'
                    + KEY + '"\ncookie_secure = true\n', encoding="utf-8")
    s = web_settings(None)
    assert (s.database_url, s.backup_keep, s.port, s.cookie_secure) == ("sqlite:////srv/l.db", 3, 9000, True)
    assert s.secret_key == KEY and "secret_key" in s.model_fields_set
    assert Settings().database_url == "sqlite:////srv/l.db"  # the ledger's own settings read it too


def test_environment_wins_over_the_file_and_arguments_over_both(conf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf.write_text('database_url = "sqlite:///file.db"\nmax_upload_mb = 5\n', encoding="utf-8")
    monkeypatch.setenv("LUOSHI_DATABASE_URL", "sqlite:///env.db")
    s = load_settings(WebSettings, max_upload_mb=7)
    assert (s.database_url, s.max_upload_mb) == ("sqlite:///env.db", 7)


def test_default_file_is_read_only_when_it_exists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LUOSHI_CONFIG")
    monkeypatch.setattr("luoshi.config.DEFAULT_CONFIG", tmp_path / "absent.toml")
    assert config_path() is None
    present = tmp_path / "present.toml"
    present.write_text("backup_keep = 2\n", encoding="utf-8")
    monkeypatch.setattr("luoshi.config.DEFAULT_CONFIG", present)
    assert config_path() == present and Settings().backup_keep == 2
    monkeypatch.setenv("LUOSHI_CONFIG", "")  # empty: no file at all
    assert config_path() is None and Settings().backup_keep == 14


@pytest.mark.parametrize(("text", "message"), [
    ('databse_url = "sqlite:///x.db"\n', "未知设置项：databse_url"),
    ("port = \n", "格式有误"),
    ('max_upload_mb = "lots"\n', "设置项 max_upload_mb 的值有误"),
    ("backup_keep = 0\n", "设置项 backup_keep 的值有误"),
    ('secret_key = "short"\n', "设置项 secret_key 的值有误"),
])
def test_a_bad_file_is_one_line(conf: Path, text: str, message: str) -> None:
    conf.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        web_settings(None)
    assert "\n" not in str(err.value) and str(conf) in str(err.value)


def test_a_missing_file_named_by_the_environment(conf: Path) -> None:
    with pytest.raises(ConfigError, match="配置文件不存在"):
        Settings()


def test_the_ledger_settings_leave_web_keys_to_the_web_settings(conf: Path) -> None:
    conf.write_text('host = "0.0.0.0"\nsession_hours = 8\n', encoding="utf-8")
    assert Settings().database_url == "sqlite:///luoshi.db"  # keys of the web face are not its business
    assert web_settings(None).host == "0.0.0.0"


def test_the_packaged_template_is_a_valid_configuration(conf: Path) -> None:
    template = Path(__file__).resolve().parent.parent / "packaging" / "luoshi.toml"
    conf.write_text(template.read_text(encoding="utf-8").replace("@DATA_DIR@", "/var/lib/luoshi")
                    .replace("@SECRET_KEY@", KEY), encoding="utf-8")
    s = web_settings(None)
    assert s.database_url == "sqlite:////var/lib/luoshi/luoshi.db"
    assert s.backup_dir == Path("/var/lib/luoshi/backups") and s.log_format == "auto"
