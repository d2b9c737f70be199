"""A small ledger on SQLite (the cases' report, imported with the cases' indicators) for the exporters."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ledger"))  # ledger_cases


@contextmanager
def small_ledger(folder: Path, *, region: str, doc_name: str) -> Iterator[Any]:
    """An open session on a fresh ledger holding the cases' report for `region`, 2024."""
    from ledger_cases import REPORT, indicators_for

    import luoshi
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db

    engine, factory = open_db(f"sqlite:///{folder / 'l.db'}", init=True)
    s = factory()
    try:
        admin = service.system_user(s)
        doc = luoshi.read_bytes(REPORT.encode("utf-8"), doc_name)
        service.import_report(s, source=doc, region=region, year=2024, actor=admin,
                              indicators=indicators_for(doc.text))
        s.commit()
        yield s
    finally:
        s.close()
        engine.dispose()
