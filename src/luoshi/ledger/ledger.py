"""`Ledger`: the ledger for scripts and notebooks, one object over one database. Each method is one
transaction acting as the `system` account (or the user named at creation).

    from luoshi.ledger.ledger import Ledger
    with Ledger("sqlite:///luoshi.db") as ledger:
        ledger.import_report("qiannan-2024.txt", region="黔南州", year=2024)
        ledger.add_progress(12, period="2024-Q2", value=3.2, note="已开工")
        for row in ledger.rows(as_of=date(2024, 6, 30)):
            print(row["no"], row["text"], row["status"], row["reason"])
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from luoshi.ledger import service
from luoshi.ledger.rules.status import Status
from luoshi.ledger.storage.db import open_db, transaction


class Ledger:
    def __init__(self, url: str | None = None, *, init: bool = True, actor: str = "system") -> None:
        self.engine, self._factory = open_db(url, init=init)
        self._actor = actor

    @contextmanager
    def session(self) -> Iterator[tuple[Any, Any]]:
        """(session, acting user) in one transaction: committed on success, rolled back on error."""
        with transaction(self._factory) as s:
            user = service.system_user(s) if self._actor == "system" else service.get_user(s, ref=self._actor)
            yield s, user

    def import_report(
        self, source: Any, *, region: str, year: int | None = None, **kw: Any
    ) -> dict[str, Any]:
        with self.session() as (s, actor):
            res = service.import_report(s, source=source, region=region, year=year, actor=actor, **kw)
            return {
                "report_id": res.report.id,
                "created": res.created,
                "counts": res.counts,
                "diff": res.diff.to_dict(),
            }

    def rows(self, *, as_of: date | None = None, **filters: Any) -> list[dict[str, Any]]:
        with self.session() as (s, _actor):
            return [r.to_dict() for r in service.ledger_rows(s, as_of=as_of, **filters)]

    def statuses(self, *, as_of: date | None = None, report_id: int | None = None) -> dict[int, Status]:
        with self.session() as (s, _actor):
            return service.statuses_as_of(s, as_of=as_of or service.today(), report_id=report_id)

    def assign(
        self, target: int, *, lead: str, co: list[str] | tuple[str, ...] = (), deadline: date | None = None
    ) -> None:
        with self.session() as (s, actor):
            for name in (lead, *co):
                service.get_or_create_department(s, name=name, actor=actor)
            service.assign(s, target=target, lead=lead, co=list(co), deadline=deadline, actor=actor)

    def add_progress(
        self,
        target: int,
        *,
        period: str,
        value: float | None = None,
        stage: str | None = None,
        note: str = "",
        unit: str | None = None,
    ) -> int:
        with self.session() as (s, actor):
            pr = service.add_progress(
                s,
                target=target,
                period=period,
                value=value,
                stage=stage,
                note=note,
                unit=unit,
                reporter=actor,
            )
            return pr.id

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
