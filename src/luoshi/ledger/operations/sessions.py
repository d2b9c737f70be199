"""Server-side sessions and log-in throttling, both in the database so that every worker process (and
the CLI) sees the same state.

Sessions: the browser holds a random token; the table holds its SHA-256, the user, when it expires and
when it ended. Ending a user's sessions (logout, password change or reset, role change, disabling) is
one UPDATE, effective on the next request whatever process serves it.

Throttling: each log-in attempt is counted against three keys before the password is checked — the
account from this address, the account from anywhere, and the address — atomically per key.
Concurrent attempts each get their own count, so no more than the limit can reach the (costly) password
check in a window. A success gives the account's attempts back; only the office (web page or
`luoshi user enable`) or the end of the window lifts a lock, and the command line is never throttled.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import DateTime, Select, bindparam, case, delete, select, update
from sqlalchemy.orm import Session

from luoshi.ledger.storage.models import LoginThrottle, User, UserSession, utcnow

TOUCH_SECONDS = 60  # last-seen is written at most this often per session


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---- sessions --------------------------------------------------------------------------------------


def start_session(session: Session, *, user: User, hours: float, address: str = "", user_agent: str = "") -> str:
    """A new session for `user`; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                            expires_at=now + timedelta(hours=hours), address=address[:100],
                            user_agent=user_agent[:200]))
    session.flush()
    return token


def session_user(session: Session, *, token: Any, idle_minutes: float) -> User | None:
    """The active user of a live session, or None: unknown, ended, expired or idle too long."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    now = utcnow()
    row = session.execute(_live_session_query(), {"token_hash": _hash(token), "now": now}).first()
    if row is None:
        return None
    us, user = row
    if us.last_seen_at < now - timedelta(minutes=idle_minutes):
        us.ended_at, us.ended_reason = now, "idle"
        return None
    if us.last_seen_at < now - timedelta(seconds=TOUCH_SECONDS):
        us.last_seen_at = now
    return user


@cache
def _live_session_query() -> Select[UserSession, User]:
    """Asked on every request: built once, with bound parameters."""
    return (
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == bindparam("token_hash"), UserSession.ended_at.is_(None),
               UserSession.expires_at > bindparam("now", type_=DateTime), User.active.is_(True))
    )


def end_session(session: Session, *, token: Any, reason: str) -> None:
    if isinstance(token, str):
        session.execute(update(UserSession).where(UserSession.token_hash == _hash(token),
                                                  UserSession.ended_at.is_(None))
                        .values(ended_at=utcnow(), ended_reason=reason))


def end_sessions(session: Session, *, user_id: int, reason: str) -> int:
    """End every live session of a user; returns how many there were."""
    res = session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
                          .values(ended_at=utcnow(), ended_reason=reason))
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def live_sessions(session: Session) -> dict[int, int]:
    """Live sessions per user id (for the accounts page)."""
    now = utcnow()
    rows = session.execute(select(UserSession.user_id).where(UserSession.ended_at.is_(None),
                                                             UserSession.expires_at > now))
    out: dict[int, int] = {}
    for (uid,) in rows:
        out[uid] = out.get(uid, 0) + 1
    return out


# ---- throttling ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    key: str
    max_attempts: int


def login_limits(username: str, address: str, *, per_pair: int, per_account: int, per_address: int,
                 device: str | None = None) -> list[Limit]:
    """The keys an attempt counts against. From a device the account logged in on before (`device`: an id
    from a signed cookie), the attempt counts against that device and the address only, so that
    failures by others — even from the same address — cannot lock the user out of their own browser."""
    name = username.strip().lower()[:80]
    if device:
        return [Limit(f"acct+dev:{name}|{device}", per_pair), Limit(f"addr:{address}", per_address)]
    return [Limit(f"acct+addr:{name}|{address}", per_pair), Limit(f"acct:{name}", per_account),
            Limit(f"addr:{address}", per_address)]


def _count(session: Session, key: str, now: datetime, cutoff: datetime) -> tuple[int, datetime]:
    """One more attempt on `key`, atomically: one UPDATE … RETURNING (the row lock makes concurrent
    attempts take turns, each getting its own count); the first attempt inserts the row, and of two
    first attempts at once the second finds the first's row and counts on it. (No ON CONFLICT: the
    PostgreSQL forks the ledger supports lack it.)"""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    stale = LoginThrottle.window_start <= cutoff
    bump = (update(LoginThrottle).where(LoginThrottle.key == key)
            .values(attempts=case((stale, 1), else_=LoginThrottle.attempts + 1),
                    window_start=case((stale, now), else_=LoginThrottle.window_start))
            .returning(LoginThrottle.attempts, LoginThrottle.window_start)
            .execution_options(synchronize_session=False))
    row = session.execute(bump).first()
    if row is None:
        try:
            with session.begin_nested():
                session.execute(insert(LoginThrottle).values(key=key, attempts=1, window_start=now))
            return 1, now
        except IntegrityError:
            row = session.execute(bump).one()
    return int(row[0]), row[1]


def reserve(session: Session, limits: list[Limit], *, window_seconds: int) -> tuple[float, list[Limit]]:
    """Count one attempt against every key (atomically, each on its own). Returns the seconds to wait
    (0 when the attempt may go on) and the limits this attempt was the first to exceed (for the audit)."""
    now = utcnow()
    cutoff = now - timedelta(seconds=window_seconds)
    wait = 0.0
    tripped = []
    for lim in limits:
        attempts, started = _count(session, lim.key[:200], now, cutoff)
        if attempts > lim.max_attempts:
            wait = max(wait, (started + timedelta(seconds=window_seconds) - now).total_seconds())
            if attempts == lim.max_attempts + 1:
                tripped.append(lim)
    return wait, tripped


def succeeded(session: Session, limits: list[Limit]) -> None:
    """A right password: the account's keys start afresh; the address gets its attempt back."""
    accounts = [lim.key for lim in limits if lim.key.startswith("acct")]
    session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(accounts)))
    for lim in limits:
        if lim.key.startswith("addr:"):
            session.execute(update(LoginThrottle).where(LoginThrottle.key == lim.key, LoginThrottle.attempts > 0)
                            .values(attempts=LoginThrottle.attempts - 1))


def unlock(session: Session, username: str) -> int:
    """Lift every lock on an account (from any address); returns how many keys were cleared."""
    name = username.strip().lower()[:80]
    res = session.execute(delete(LoginThrottle).where(
        (LoginThrottle.key == f"acct:{name}") | LoginThrottle.key.startswith(f"acct+addr:{name}|", autoescape=True)
        | LoginThrottle.key.startswith(f"acct+dev:{name}|", autoescape=True)))
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def locked_accounts(session: Session, *, window_seconds: int, per_pair: int, per_account: int) -> dict[str, datetime]:
    """Accounts locked now (from some address or from everywhere) → when the lock ends."""
    now = utcnow()
    cutoff = now - timedelta(seconds=window_seconds)
    out: dict[str, datetime] = {}
    rows = session.execute(select(LoginThrottle).where(LoginThrottle.window_start > cutoff,
                                                       LoginThrottle.key.startswith("acct")))
    for (row,) in rows:
        pair = row.key.startswith(("acct+addr:", "acct+dev:"))
        if row.attempts <= (per_pair if pair else per_account):
            continue
        name = row.key.split(":", 1)[1].rsplit("|", 1)[0] if pair else row.key.split(":", 1)[1]
        until = row.window_start + timedelta(seconds=window_seconds)
        out[name] = max(out.get(name, until), until)
    return out
