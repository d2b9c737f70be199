"""One region over the years: the target a report sets for year N beside the result the report of
year N+1 gives for it, per catalogue indicator.

    series = series_paths(paths)          # Series; files or folders, one region or several
    series.frame()                        # pandas DataFrame, one row per (region, indicator, year)

The pairing is the review's (`review.review`: the same subject, the same year, candidates and the
verdict 达成 / 基本达成 / 未达成 / 未提及 / 无法比较); the target is the one `compare` puts in the
table (the main expected targets first). Where the review finds no result under the subject's key
but the next report gives one under the same catalogue indicator (经济增长 vs 地区生产总值增长), that
result is judged by the review's rule (`review.judge`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from luoshi.analysis.compare import Cell, report_facts, report_row
from luoshi.extract.catalogue import Catalogue, default_catalogue
from luoshi.extract.model import Indicator

if TYPE_CHECKING:
    import pandas as pd

    from luoshi.document.model import Document


@dataclass
class Point:
    """One indicator in one year: the target set for it and the result stated a year later."""

    region: str
    indicator: str
    year: int
    target: Cell | None
    result: Cell | None
    verdict: str
    reason: str
    target_doc: str = ""
    result_doc: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region, "indicator": self.indicator, "year": self.year,
            "target": self.target.to_dict() if self.target else None,
            "result": self.result.to_dict() if self.result else None,
            "verdict": self.verdict, "reason": self.reason, "target_doc": self.target_doc,
            "result_doc": self.result_doc,
        }  # fmt: skip


@dataclass
class Series:
    points: list[Point] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(p.region for p in self.points))

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(p.indicator for p in self.points))

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for p in self.points:
            t, r = p.target, p.result
            rows.append({
                "region": p.region, "indicator": p.indicator, "year": p.year,
                "target": t.text if t else None, "target_value": t.value if t else None,
                "target_value_max": t.value_max if t else None, "target_unit": t.unit if t else None,
                "target_bound": t.bound if t else None,
                "result": r.text if r else None, "result_value": r.value if r else None,
                "result_unit": r.unit if r else None, "verdict": p.verdict, "reason": p.reason,
                "target_doc": p.target_doc, "result_doc": p.result_doc,
            })  # fmt: skip
        frame = pd.DataFrame(rows, columns=["region", "indicator", "year", "target", "target_value",
                                            "target_value_max", "target_unit", "target_bound", "result",
                                            "result_value", "result_unit", "verdict", "reason", "target_doc",
                                            "result_doc"])
        for c in ("target_value", "target_value_max", "result_value"):
            frame[c] = frame[c].astype("float64")
        frame["year"] = frame["year"].astype("Int64")
        return frame

    def to_json(self) -> dict[str, Any]:
        return {"regions": self.regions, "indicators": self.indicators, "points": [p.to_dict() for p in self.points]}


@dataclass
class Report:
    """What the series needs of one report: its facts, its records and its compare cells."""

    doc: str
    region: str | None
    year: int | None
    records: list[Indicator]
    targets: dict[str, Cell]  # compare cells, stance target
    results: dict[str, Cell]  # compare cells, stance actual


def report_of(doc: Document, records: Sequence[Indicator], catalogue: Catalogue | None = None) -> Report:
    cat = catalogue or default_catalogue()
    region, _level, year = report_facts(doc)
    targets = report_row(doc, records, stance="target", scope="all", catalogue=cat).cells
    results = report_row(doc, records, stance="actual", scope="all", catalogue=cat).cells
    return Report(doc.id, region, year, list(records), targets, results)


def _as_indicator(cell: Cell, doc: str, stance: str) -> Indicator:
    return Indicator(doc=doc, span=cell.span or (0, 0), mention=cell.mention, subject=cell.indicator,
                     value=float(cell.value or 0), unit=cell.unit, kind=cell.kind or "growth",  # type: ignore[arg-type]
                     stance=stance, bound=cell.bound or "exact", year=cell.year,  # type: ignore[arg-type]
                     value_max=cell.value_max)


def build(reports: Iterable[Report], *, indicators: Sequence[str] | None = None) -> Series:
    """Pair each report of year N with the same region's report of year N+1 (see the docstring)."""
    from luoshi.analysis.corpus import region_key
    from luoshi.analysis.review import ABSENT, judge, review

    by_key: dict[tuple[str, int], Report] = {}
    for rep in reports:
        if rep.region and rep.year is not None:
            by_key.setdefault((region_key(rep.region), rep.year), rep)  # first file wins, as in corpus mode
    out = Series()
    for (key, year), rep in sorted(by_key.items()):
        nxt = by_key.get((key, year + 1))
        rows: dict[tuple[tuple[int, int] | None, str | None], Any] = {}
        if nxt is not None:
            targets = [r for r in rep.records if r.stance == "target"]
            rows = {(r.target.span, r.target.indicator): r for r in review(targets, nxt.records, year=year).rows}
        for name, cell in rep.targets.items():
            if indicators and name not in indicators:
                continue
            if cell.value is None:
                continue  # words only: nothing to pair
            p = Point(region=rep.region or key, indicator=name, year=year, target=cell, result=None,
                      verdict="", reason="没有该地区下一年的报告", target_doc=rep.doc)
            if nxt is not None:
                p.result_doc = nxt.doc
                row = rows.get((cell.span, name))
                found = nxt.results.get(name)
                if row is not None and row.result is not None and row.result.indicator == name:
                    p.result = found if found and found.span == row.result.span else _cell(row.result)
                    p.verdict, p.reason = row.verdict, row.reason
                elif found is not None and found.value is not None:
                    p.result = found
                    p.verdict, p.reason = judge(_as_indicator(cell, rep.doc, "target"),
                                                _as_indicator(found, nxt.doc, "actual"))
                else:
                    p.verdict, p.reason = ABSENT, "下一年报告未给出该指标的数字"
            out.points.append(p)
    return out


def _cell(r: Indicator) -> Cell:
    from luoshi.analysis.compare import cell_text
    from luoshi.document.normalize import fold

    unit = fold(r.unit)
    return Cell(indicator=r.indicator or r.subject, text=cell_text(r.value, r.value_max, unit, r.bound, r.kind),
                value=r.value, value_max=r.value_max, unit=unit, bound=r.bound, kind=r.kind, mention=r.mention,
                span=r.span, sentence=r.sentence, year=r.year)


def series_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    indicators: Sequence[str] | None = None,
    catalogue: str | os.PathLike[str] | None = None,
) -> Series:
    """Read and extract every report under `paths`, then `build` the series."""
    from luoshi.analysis.compare import report_files
    from luoshi.document import read
    from luoshi.errors import InvalidInput, LuoshiError
    from luoshi.extract.catalogue import load_catalogue
    from luoshi.extract.pipeline import extract

    cat = load_catalogue(catalogue) if catalogue else default_catalogue()
    files = report_files(paths)
    if not files:
        raise InvalidInput("没有找到报告文件")
    reports, errors = [], []
    for f in files:
        try:
            doc = read(f)
            reports.append(report_of(doc, extract(doc, catalogue=cat), cat))
        except LuoshiError as e:
            errors.append(str(e) if e.path else f"{f}: {e}")
    series = build(reports, indicators=indicators)
    series.errors = errors
    return series


__all__ = ["Point", "Report", "Series", "build", "report_of", "series_paths"]
