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
    """Views by key, least recently used out first. A view is computed once per key even when several
    requests ask at the same moment (right after a write, every page wants the new version): the others
    wait for the first instead of each spending the same half second of CPU."""

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            gate = self._making.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._data:  # made by the request we waited for
                    return self._data[key]
            value = make()
            with self._lock:
                self._data[key] = value
                self._making.pop(key, None)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        return value

    def current(self, key: Hashable, version: int, *, make: Callable[[], T],
                patch: Callable[[T], T | None]) -> T:
        """The value of `key` at ledger `version`: the cached one if it was made at that version (or a
        later one: newer data is never wrong to show); else `patch(older)` brings the cached value up to
        date (None: cannot); else `make()`. One request per key does the work; others wait for it."""
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and hit[0] >= version:
                self._data.move_to_end(key)
                return hit[1]
            gate = self._making.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                hit = self._data.get(key)
            if hit is not None and hit[0] >= version:
                return hit[1]
            value = patch(hit[1]) if hit is not None else None
            if value is None:
                value = make()
            with self._lock:
                self._data[key] = (version, value)
                self._data.move_to_end(key)
                self._making.pop(key, None)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
