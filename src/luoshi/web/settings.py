"""Web settings from the environment (LUOSHI_ prefix) and the configuration file (see luoshi.config).
Built by a factory, never at import."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from pydantic import Field, field_validator

from luoshi.config import Settings, load_settings

UNSAFE_SECRETS = {"", "secret", "changeme", "change-me", "dev", "test", "luoshi", "password"}


class WebSettings(Settings):
    """The ledger's settings (database, status rules, uploads, pinned "today") and what only the web
    app needs. With these every key of the configuration file is declared: an unknown one is refused."""

    complete: ClassVar[bool] = True

    # Signs session cookies. When unset a random key is drawn per process: sessions then end on restart.
    secret_key: str | None = Field(default=None, validate_default=True)
    max_evidence_mb: int = 10
    session_hours: int = 12
    cookie_secure: bool = False  # set LUOSHI_COOKIE_SECURE=1 behind HTTPS
    login_max_failures: int = 5
    login_window_seconds: int = 300
    # Where `luoshi serve` listens (its --host / --port win).
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, v: str | None) -> str:
        if not v:
            return secrets.token_urlsafe(32)
        if v.lower() in UNSAFE_SECRETS or len(v) < 16:
            raise ValueError("LUOSHI_SECRET_KEY 过于简单（至少 16 个字符）/ secret key too weak")
        return v

    @field_validator("max_upload_mb", "max_evidence_mb")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v <= 0:
            raise ValueError("上传大小限制必须为正数 / upload limit must be positive")
        return v


def web_settings(settings: Any = None, **overrides: Any) -> WebSettings:
    """Accept a WebSettings, the ledger's Settings (anything with `database_url`), or None (environment)."""
    if isinstance(settings, WebSettings):
        return settings.model_copy(update=overrides) if overrides else settings
    values: dict[str, Any] = {}
    if settings is not None:
        for name in WebSettings.model_fields:
            if getattr(settings, name, None) is not None:
                values[name] = getattr(settings, name)
    values.update(overrides)
    return load_settings(WebSettings, **values)
