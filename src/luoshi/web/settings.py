"""Web settings from the environment (LUOSHI_ prefix) and the configuration file (see luoshi.config).
Built by a factory, never at import."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from pydantic import Field, field_validator

from luoshi.config import Settings, load_settings

UNSAFE_SECRETS = {"", "secret", "changeme", "change-me", "dev", "test", "luoshi", "password"}
MIN_SECRET = 32
SECRET_HELP = ("请在配置文件中设置 secret_key（或环境变量 LUOSHI_SECRET_KEY）为至少 32 个字符的随机串，例如："
               "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'")


def secret_problem(v: str) -> str | None:
    """Why `v` is no good as the key that signs session cookies, or None."""
    if v.strip().lower() in UNSAFE_SECRETS or len(v) < MIN_SECRET:
        return f"secret_key 过短或是示例值（至少 {MIN_SECRET} 个字符）"
    if len(set(v)) < 10:
        return "secret_key 过于简单（字符种类太少，应为随机串）"
    return None


class WebSettings(Settings):
    """The ledger's settings (database, status rules, uploads, pinned "today") and what only the web
    app needs. With these every key of the configuration file is declared: an unknown one is refused."""

    complete: ClassVar[bool] = True

    # Signs session cookies. `luoshi serve` refuses to start without a strong one; an app made in code
    # (tests, `luoshi demo`) draws a random key when none is set.
    secret_key: str | None = Field(default=None, validate_default=True)
    max_evidence_mb: int = 10
    session_hours: int = 12
    cookie_secure: bool = False  # set LUOSHI_COOKIE_SECURE=1 behind HTTPS
    # Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); none by default.
    trusted_proxies: str = ""
    session_idle_minutes: int = 120
    # Password hashes (argon2, 64 MB each) running at once in one process; more wait, then get 503.
    max_concurrent_hashes: int = 2
    # Report extraction runs in this many background threads; an upload waits this long for a small
    # report before it shows the progress page.
    import_workers: int = 1
    import_wait_seconds: float = 2.0
    # Where `luoshi serve` listens (its --host / --port win).
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, v: str | None) -> str:
        if not v:
            return secrets.token_urlsafe(32)
        problem = secret_problem(v)
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, v: str) -> str:
        from luoshi.web.security import trusted_networks

        trusted_networks(v)  # a wrong address is refused at start, in one line
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
