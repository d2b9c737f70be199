"""Carry-over: the report of year N+1 offers its results as year-end progress for the targets of the
same region's report of year N.

    offer_results(session, report=, actor=, indicators=None, band=None) -> Carryover

For every quantified target of the previous report, `review.review_row` finds the result of the same
subject and year in the new report. A comparable result (达成 / 基本达成 / 未达成) becomes one progress
report for the period `N` (the whole year), `source='report'`, in the target's unit, **pending**: the
office accepts or sends it back like any other. 未提及 and 无法比较 add nothing (never guessed) and are
listed in the result for the office to see. Running it again adds nothing twice. Like the service API,
it takes the caller's Session and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.analysis.review import INCOMPARABLE, Band, Row, index_results, review_row
from luoshi.document import Document
from luoshi.errors import LuoshiError
from luoshi.extract import pipeline
from luoshi.extract.keys import unit_base
from luoshi.extract.model import Indicator
from luoshi.ledger.operations.context import default_rules
from luoshi.ledger.operations.lookup import get_report
from luoshi.ledger.operations.progress import add_progress
from luoshi.ledger.operations.targets import list_targets
from luoshi.ledger.storage.models import ProgressReport, Report, Target, User

SOURCE = "report"


@dataclass
class Offer:
    target_id: int
    verdict: str
    reason: str
    progress_id: int | None = None  # the pending progress report added, if any
    value: float | None = None  # the result in the target's unit


@dataclass
class Carryover:
    previous_report_id: int | None
    year: int | None
    offers: list[Offer] = field(default_factory=list)

    @property
    def added(self) -> list[Offer]:
        return [o for o in self.offers if o.progress_id is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "previous_report_id": self.previous_report_id,
            "year": self.year,
            "offers": [o.__dict__ for o in self.offers],
        }


def target_indicator(t: Target) -> Indicator:
    """A ledger target as the Indicator the review compares."""
    mention = t.mention or ""
    return Indicator(
        doc=str(t.report_id),
        span=(t.span_start or 0, t.span_end or 0),
        mention=mention,
        subject=t.subject or "",
        value=float(t.value or 0.0),
        unit=t.unit or "",
        kind=(t.kind or "amount"),  # type: ignore[arg-type]
        stance="target",
        bound=(t.bound or "exact"),  # type: ignore[arg-type]
        year=t.year,
        value_max=t.value_max,
        section=t.section.path.split(" / ") if t.section is not None else [],
        sentence=t.evidence,
        part="plan",
    )


def _in_target_unit(target: Target, result: Indicator) -> float:
    if target.kind == "rank":
        return result.value
    _, tf = unit_base(target.unit or "")
    _, rf = unit_base(result.unit)
    return result.value * rf / tf


def _note(report: Report, row: Row) -> str:
    r = row.result
    assert r is not None
    return (
        f"来自{report.year}年政府工作报告（待审核）：{row.verdict}。{row.reason}。"
        f"原文：{r.sentence or r.mention}（第{r.span[0]}–{r.span[1]}字）"
    )


def offer_results(
    session: Session,
    *,
    report: Report | int,
    actor: User,
    indicators: list[Indicator] | None = None,
    band: Band | None = None,
) -> Carryover:
    """Offer the results of `report` (year N+1) as pending year-end progress for the quantified targets
    of the same region's year-N report. `indicators`: the new report's, if already extracted; `band`:
    default from the office's status rules (LUOSHI_APPROX_BAND, LUOSHI_TOLERANCE)."""
    if band is None:
        band = Band.from_rules(default_rules())
    new = get_report(session, ref=report)
    prev = session.scalar(
        select(Report).where(Report.region_id == new.region_id, Report.year == new.year - 1)
    )
    if prev is None:
        return Carryover(previous_report_id=None, year=None)
    year = prev.year
    out = Carryover(previous_report_id=prev.id, year=year)
    targets = [t for t in list_targets(session, report_id=prev.id) if t.value is not None]
    if not targets:
        return out
    if indicators is None:
        indicators = pipeline.extract(Document(id=f"report-{new.id}", text=new.text))
    index = index_results(indicators, year)
    already = set(
        session.scalars(
            select(ProgressReport.target_id).where(
                ProgressReport.target_id.in_([t.id for t in targets]),
                ProgressReport.source == SOURCE,
                ProgressReport.period == str(year),
            )
        )
    )
    for t in targets:
        ind = target_indicator(t)
        if ind.year is not None and ind.year != year:
            continue  # a goal for a later year is not due
        row = review_row(ind, indicators, year=year, band=band, index=index)
        offer = Offer(target_id=t.id, verdict=row.verdict, reason=row.reason)
        out.offers.append(offer)
        if row.result is None or row.verdict == INCOMPARABLE or row.ambiguous or t.id in already:
            continue
        offer.value = _in_target_unit(t, row.result)
        try:
            pr = add_progress(
                session,
                target=t,
                period=str(year),
                value=offer.value,
                note=_note(new, row),
                reporter=actor,
                accept=False,
                source=SOURCE,
            )
        except LuoshiError as e:  # e.g. the target's tracking year does not cover N: shown, not fatal
            offer.reason = f"{offer.reason}；未能登记进展：{e}"
            continue
        offer.progress_id = pr.id
    return out
