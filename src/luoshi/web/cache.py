"""A small cache of computed views, keyed by the ledger's version.

The version is a counter the ledger bumps in the same transaction as any change to its content
(`luoshi.ledger.storage.db.bump_ledger_version`), by this app, another worker process or the CLI: a version
that can be read is never ahead of the data it names, so a view cached under it is never stale. Each
process keeps its own cache; they agree because the key comes from the database. Statuses also depend
on the date, which is part of every key. One cheap query per request replaces recomputing 2,000
statuses (about 0.3 s on a 2-core server: worth keeping, see benchmarks/bench_web.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from luoshi.ledger.storage.db import ledger_version

T = TypeVar("T")
__all__ = ["ViewCache", "ledger_version"]


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
