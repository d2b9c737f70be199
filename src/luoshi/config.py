"""Settings from the environment (`LUOSHI_` prefix), made by a factory, never at import.

settings = get_settings()          # cached; tests call get_settings.cache_clear() or Settings(...)
settings.database_url              # LUOSHI_DATABASE_URL, default sqlite:///luoshi.db
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LUOSHI_", extra="ignore")

    database_url: str = "sqlite:///luoshi.db"
    # Status rules (see luoshi.ledger.rules.status): tolerance around 时序进度, in points of completion ratio.
    tolerance: float = 0.05
    serious_gap: float = 0.20  # behind by more than this: 严重欠进度
    approx_band: float = 0.5  # 左右: a growth/percent target counts as met within ± this many points
    grace_days: int = 10  # a period's report is due this many days after the period ends
    near_days: int = 15  # 蓝 warning: the deadline is this close
    # Web app and attachments.
    secret_key: str | None = None
    upload_dir: Path = Path("luoshi-uploads")
    max_upload_mb: int = 20
    today: date | None = None  # pin "today" (demos, tests)

    @field_validator("tolerance", "serious_gap")
    @classmethod
    def _fraction(cls, v: float) -> float:
        if not 0 <= v < 1:
            raise ValueError("must be a fraction between 0 and 1")
        return v

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, v: str | None) -> str | None:
        if v is not None and (len(v) < 16 or v in {"changeme", "secret", "changethis"}):
            raise ValueError("LUOSHI_SECRET_KEY must be at least 16 characters and not a placeholder")
        return v


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
