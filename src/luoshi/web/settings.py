"""Web settings from the environment (LUOSHI_ prefix). Built by a factory, never at import."""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import Field, ValidationError, field_validator

from luoshi.config import Settings
from luoshi.errors import LuoshiError

UNSAFE_SECRETS = {"", "secret", "changeme", "change-me", "dev", "test", "luoshi", "password"}
MIN_SECRET = 32
SECRET_HELP = ("请设置 LUOSHI_SECRET_KEY 为至少 32 个字符的随机串，例如："
               "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'")


def secret_problem(v: str) -> str | None:
    """Why `v` is no good as the key that signs session cookies, or None."""
    if v.strip().lower() in UNSAFE_SECRETS or len(v) < MIN_SECRET:
        return f"LUOSHI_SECRET_KEY 过短或是示例值（至少 {MIN_SECRET} 个字符）"
    if len(set(v)) < 10:
        return "LUOSHI_SECRET_KEY 过于简单（字符种类太少，应为随机串）"
    return None


class WebSettings(Settings):
    """The ledger's settings (database, status rules, uploads, pinned "today") and what only the web
    app needs."""

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

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, v: str | None) -> str:
        if not v:
            return secrets.token_urlsafe(32)
        problem = secret_problem(v)
        if problem:
            raise ValueError(problem)
        return v

    @field_validator("max_upload_mb", "max_evidence_mb")
    @classmethod
    def _positive(cls, v: int) -> int:
        if v <= 0:
            raise ValueError("上传大小限制必须为正数 / upload limit must be positive")
        return v


def settings_error(e: ValidationError) -> LuoshiError:
    """A one-line Chinese error for settings that do not validate (never a traceback at start)."""
    parts = []
    for err in e.errors():
        field = ".".join(str(x) for x in err.get("loc", ()))
        if field == "secret_key":
            msg = str(err.get("ctx", {}).get("error") or err.get("msg", ""))
            if "LUOSHI_SECRET_KEY" not in msg:  # the base settings' own check
                msg = f"LUOSHI_SECRET_KEY 过短或是示例值（至少 {MIN_SECRET} 个字符）"
            parts.append(f"{msg}；{SECRET_HELP}")
        else:
            parts.append(f"设置 LUOSHI_{field.upper()} 无效：{err.get('msg', '')}")
    return LuoshiError("；".join(parts) or "设置无效")


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
    try:
        return WebSettings(**values)
    except ValidationError as e:
        raise settings_error(e) from None
