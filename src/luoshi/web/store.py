"""The web's one door into the ledger: every page reads and writes through these functions.

Where the ledger's service API offers a call, it is used; the few queries the pages need beyond it
(grouping and filtering for the ledger table) are read-only SQL over the ledger's models.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

_DUMMY_HASH: str | None = None


def _verify(password_hash: str, password: str) -> bool:
    try:
        from luoshi.ledger.users import verify_password
    except ImportError:  # the ledger's helper not there yet: argon2 directly, as it hashes
        from argon2 import PasswordHasher
        from argon2.exceptions import Argon2Error, InvalidHashError

        try:
            return bool(PasswordHasher().verify(password_hash, password))
        except (Argon2Error, InvalidHashError):
            return False
    return bool(verify_password(password_hash, password))


def authenticate(session: Session, username: str, password: str) -> int | None:
    """The user id when the name and password match an active account with a password, else None."""
    global _DUMMY_HASH
    from luoshi.ledger.models import User

    row = session.scalars(select(User).where(User.username == username)).first()
    if row is None or not row.active or not row.password_hash:
        # Spend the same time as a real check, so that timing does not tell which names exist.
        if _DUMMY_HASH is None:
            from argon2 import PasswordHasher

            _DUMMY_HASH = PasswordHasher().hash("luoshi-dummy-password")
        _verify(_DUMMY_HASH, password)
        return None
    return row.id if _verify(row.password_hash, password) else None


def _unused(*_: Any) -> None:  # placeholder kept for the API growing below
    return None
