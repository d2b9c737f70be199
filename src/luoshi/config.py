"""Settings from the environment (`LUOSHI_` prefix) and one TOML file, made by a factory, never at import.

settings = get_settings()          # cached; tests call get_settings.cache_clear() or Settings(...)
settings.database_url              # LUOSHI_DATABASE_URL, else the file's database_url, else sqlite:///luoshi.db

The file is $LUOSHI_CONFIG, else /etc/luoshi/luoshi.toml when it exists (LUOSHI_CONFIG="" reads none).
Its keys are the field names (`database_url = "…"`); an environment variable wins over the file, and a
value passed to Settings(...) wins over both. A bad file or value is a ConfigError: one line naming the
file and the key, never a traceback.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from luoshi.errors import ConfigError

CONFIG_ENV = "LUOSHI_CONFIG"
DEFAULT_CONFIG = Path("/etc/luoshi/luoshi.toml")


def config_path() -> Path | None:
    """The configuration file in force, or None."""
    value = os.environ.get(CONFIG_ENV)
    if value is None:
        return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None
    if not value.strip():
        return None
    path = Path(value)
    if not path.is_file():
        raise ConfigError(f"配置文件不存在：{path}（环境变量 {CONFIG_ENV}）/ config file not found")
    return path


def read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except PermissionError:
        raise ConfigError(f"无权读取配置文件 {path}（请以服务账户运行，如 sudo -u luoshi）/ permission denied") from None
    except OSError as e:
        raise ConfigError(f"无法读取配置文件 {path}：{e.strerror} / cannot read config file") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"配置文件 {path} 格式有误：{e} / invalid TOML") from None


class ConfigFileSource(PydanticBaseSettingsSource):
    """The TOML file's values. Keys no field knows are refused where the class says it knows them all
    (`Settings.complete`), so that a misspelt key does not silently fall back to a default."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self.path = config_path()
        self.values = read_config(self.path) if self.path else {}
        if self.path and getattr(settings_cls, "complete", False):
            unknown = sorted(set(self.values) - set(settings_cls.model_fields))
            if unknown:
                raise ConfigError(f"配置文件 {self.path} 中有未知设置项：{'、'.join(unknown)} / unknown keys")

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return self.values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LUOSHI_", extra="ignore")
    # The web face's subclass declares the remaining keys of the file and sets this.
    complete: ClassVar[bool] = False

    database_url: str = "sqlite:///luoshi.db"
    # Status rules (see luoshi.ledger.rules.status): tolerance around 时序进度, in points of completion ratio.
    tolerance: float = 0.05
    serious_gap: float = 0.20  # behind by more than this: 严重欠进度
    approx_band: float = 0.5  # 左右: a growth/percent target counts as met within ± this many points
    grace_days: int = 10  # a period's report is due this many days after the period ends
    near_days: int = 15  # 蓝 warning: the deadline is this close
    # Web app and attachments.
    secret_key: str | None = None  # signs session cookies; checked (strength) by the web settings
    upload_dir: Path = Path("luoshi-uploads")
    max_upload_mb: int = 20
    # Signs backups (HMAC-SHA256); with it set, a restore refuses unsigned or altered files.
    backup_key: str | None = None
    # Log-in throttling (luoshi.ledger.operations.sessions, kept in the database): attempts per account
    # from one address, per account from anywhere, and per address, in a window of this many seconds.
    login_max_failures: int = 5
    login_max_account_failures: int = 30
    login_max_address_failures: int = 100
    login_window_seconds: int = 900
    today: date | None = None  # pin "today" (demos, tests)
    # The user's own indicator aliases (YAML, see luoshi.extract.catalogue), added to the package's.
    catalogue: Path | None = None
    # Scheduled work: `luoshi backup` (and the backup before `luoshi db upgrade`), `luoshi bulletin`.
    backup_dir: Path = Path("luoshi-backups")
    backup_keep: int = 14
    bulletin_dir: Path = Path(".")
    # Logs of `luoshi serve`: JSON lines for journald, text for a person; auto picks by the terminal.
    log_format: Literal["auto", "json", "text"] = "auto"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, ConfigFileSource(settings_cls)

    @field_validator("tolerance", "serious_gap")
    @classmethod
    def _fraction(cls, v: float) -> float:
        if not 0 <= v < 1:
            raise ValueError("must be a fraction between 0 and 1")
        return v

    @field_validator("backup_keep")
    @classmethod
    def _keep_one(cls, v: int) -> int:
        if v < 1:
            raise ValueError("至少保留 1 份 / keep at least one backup")
        return v


S = TypeVar("S", bound=Settings)


def load_settings(cls: type[S], **values: Any) -> S:
    """`cls(**values)`, with a wrong value (from the file or the environment) as one ConfigError line."""
    try:
        return cls(**values)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(p) for p in err.get("loc", ())) or "?"
        path = config_path()
        where = f"配置文件 {path} 或环境变量" if path else "环境变量"
        raise ConfigError(
            f"设置项 {key} 的值有误（{where} LUOSHI_{key.upper()}）：{err.get('msg', '')} / invalid setting"
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings(Settings)
