"""CSRF tokens, the client's address behind trusted proxies, and the errors of role checks.

The signed cookie (Starlette's SessionMiddleware: itsdangerous, HttpOnly, SameSite=Lax) holds only the
session token, the CSRF token and a one-time message; who the token belongs to, and whether it still
counts, is in the database (`luoshi.ledger` sessions), so that logging out or disabling a user ends
the session in every worker process at once.
"""

from __future__ import annotations

import hmac
import secrets
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import Any

from starlette.requests import Request
from starlette.types import Scope

ROLES = ("admin", "department", "viewer")
ROLE_NAMES = {"admin": "督查室管理员", "department": "部门用户", "viewer": "只读用户"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """No valid session: pages redirect to /login, the API answers 401."""


class Forbidden(Exception):
    """The user is logged in but the role (or department) does not allow the action."""

    def __init__(self, message: str = "无权执行此操作 / forbidden") -> None:
        super().__init__(message)
        self.message = message


class PasswordChangeRequired(Exception):
    """The account's password was reset: it must set a new one before anything else."""


class CsrfError(Exception):
    """A state-changing request without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (anonymous sessions get one too, for the log-in form)."""
    session = request.session
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse any unsafe request whose form field or header does not match the session token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # cached by Starlette: route handlers read the same form
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise CsrfError()


def trusted_networks(spec: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """The proxies whose X-Forwarded-For is believed: addresses or networks, comma-separated."""
    nets = []
    for part in spec.replace(";", ",").split(","):
        if part.strip():
            try:
                nets.append(ip_network(part.strip(), strict=False))
            except ValueError as e:
                raise ValueError(f"trusted_proxies 中的地址无效：{part.strip()}") from e
    return tuple(nets)


def _trusted(addr: str, nets: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        ip = ip_address(addr)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def client_address(scope: Scope, trusted: tuple[IPv4Network | IPv6Network, ...]) -> str:
    """The client's address: the peer, unless the peer is a configured proxy; then the last address in
    X-Forwarded-For that is not itself a trusted proxy (the header's left part is the client's to forge)."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if not trusted or not _trusted(peer, trusted):
        return peer
    forwarded = ",".join(v.decode("latin-1") for k, v in scope.get("headers") or () if k == b"x-forwarded-for")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer


def safe_next(url: Any) -> str:
    """Only same-site paths may be a redirect target after log-in (no `//evil`, no scheme)."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/"
