"""A small cache of computed views, keyed by the ledger's version.

Every change to the ledger writes an AuditEvent, so the highest audit id is a version number that
moves on any write (by this app or by the CLI on the same database). Statuses also depend on the date,
which is part of every key. One cheap query per request replaces recomputing 2,000 statuses.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def ledger_version(session: Session) -> int:
    from luoshi.ledger.storage.models import AuditEvent

    return int(session.scalar(select(func.max(AuditEvent.id))) or 0)


class ViewCache:
    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = make()  # computed outside the lock: two threads may both compute once, harmlessly
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
