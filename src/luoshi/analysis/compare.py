"""Compare regions and years: one row per report, one column per catalogue indicator.

    rows = [report_row(doc, records)]            # one report, already read and extracted
    table = compare_paths(paths)                 # CompareTable; files or folders
    table.frame()                                # pandas DataFrame: the cells as written
    table.long_frame()                           # one row per cell: value, value_max, unit, bound …
    table.to_json()                              # {"indicators": [...], "rows": [...]}

A cell is the report's target for the indicator as written (`5%左右`, `≥60万人`, `5%—5.5%`), with its
value, upper end, unit, bound and the span of the figure as evidence; with `stance="actual"`, the
result the report gives for the year before. Of several figures for one indicator the cell takes the
one in the list of main expected targets (主要预期目标是：…), then the one of the indicator's usual
kind (a growth for GDP, not its amount), then the first. A target the list states without a number
(居民收入增长与经济增长同步) is kept as text, with no value. No number is ever guessed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from luoshi.document.build import build
from luoshi.document.normalize import fold
from luoshi.document.reading import level_of
from luoshi.extract.catalogue import Catalogue, default_catalogue
from luoshi.extract.model import Indicator

if TYPE_CHECKING:
    import pandas as pd

    from luoshi.document.model import Document

STANCES = ("target", "actual")
SCOPES = ("list", "all")
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")
_COLON = re.compile(r"[:：]")
_DIGIT = re.compile(r"[0-9０-９]")

@dataclass
class Cell:
    """One report's figure (or qualitative target) for one indicator."""

    indicator: str
    text: str  # as written: 5%左右, ≥60万人, 5%—5.5%, or the qualitative clause
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    bound: str | None = None
    kind: str | None = None
    mention: str = ""
    span: tuple[int, int] | None = None
    sentence: str = ""
    year: int | None = None
    in_list: bool = False  # in the list of main expected targets

    @property
    def qualitative(self) -> bool:
        return self.value is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "value": self.value, "value_max": self.value_max, "unit": self.unit,
            "bound": self.bound, "kind": self.kind, "mention": self.mention,
            "span": list(self.span) if self.span else None, "sentence": self.sentence, "year": self.year,
            "in_list": self.in_list,
        }  # fmt: skip


@dataclass
class ReportRow:
    doc: str
    region: str | None
    level: str | None
    year: int | None  # the year the report plans for
    cells: dict[str, Cell] = field(default_factory=dict)
    file: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "file": self.file, "region": self.region, "level": self.level,
                "year": self.year, "cells": {k: c.to_dict() for k, c in self.cells.items()}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReportRow:
        cells = {}
        for name, c in d["cells"].items():
            span = tuple(c["span"]) if c.get("span") else None
            cells[name] = Cell(indicator=name, **{**c, "span": span})
        return cls(doc=d["doc"], region=d["region"], level=d["level"], year=d["year"], cells=cells,
                   file=d.get("file", ""))


@dataclass
class CompareTable:
    stance: str
    indicators: list[str]  # columns: catalogue indicators found, in catalogue order
    rows: list[ReportRow]
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        rows = []
        for r in self.rows:
            d = r.to_dict()
            d["cells"] = {k: {f: c[f] for f in ("text", "value", "value_max", "unit", "bound", "mention", "span")}
                          for k, c in d["cells"].items()}
            rows.append(d)
        return {"stance": self.stance, "indicators": self.indicators, "rows": rows}

    def frame(self, indicators: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per report: doc, region, level, year, then each indicator's cell as written."""
        import pandas as pd

        cols = list(indicators or self.indicators)
        data = [{"doc": r.doc, "region": r.region, "level": r.level, "year": r.year,
                 **{n: (r.cells[n].text if n in r.cells else None) for n in cols}} for r in self.rows]
        frame = pd.DataFrame(data, columns=["doc", "region", "level", "year", *cols])
        frame["year"] = frame["year"].astype("Int64")
        return frame

    def long_frame(self) -> pd.DataFrame:
        """One row per (report, indicator) cell, with value, value_max, unit, bound, mention and span."""
        import pandas as pd

        data = []
        for r in self.rows:
            for n in self.indicators:
                c = r.cells.get(n)
                if c is None:
                    continue
                data.append({"doc": r.doc, "region": r.region, "level": r.level, "year": r.year, "indicator": n,
                             "text": c.text, "value": c.value, "value_max": c.value_max, "unit": c.unit,
                             "bound": c.bound, "kind": c.kind, "mention": c.mention,
                             "span_start": c.span[0] if c.span else None, "span_end": c.span[1] if c.span else None,
                             "sentence": c.sentence})
        cols = ["doc", "region", "level", "year", "indicator", "text", "value", "value_max", "unit", "bound",
                "kind", "mention", "span_start", "span_end", "sentence"]
        frame = pd.DataFrame(data, columns=cols)
        for col in ("year", "span_start", "span_end"):
            frame[col] = frame[col].astype("Int64")
        for col in ("value", "value_max"):
            frame[col] = frame[col].astype("float64")
        return frame


# ---- one report ------------------------------------------------------------------------------------


def _num(v: float) -> str:
    return f"{v:g}"


def cell_text(value: float, value_max: float | None, unit: str, bound: str, kind: str) -> str:
    """A figure as a table shows it: 5%左右, ≥60万人, ≤5.5%, 5%—5.5%, 下降3%."""
    if bound == "range" and value_max is not None:
        return f"{_num(value)}{unit}—{_num(value_max)}{unit}"
    text = f"{_num(abs(value))}{unit}" if kind == "growth" and value < 0 else f"{_num(value)}{unit}"
    if kind == "growth" and value < 0:
        text = "下降" + text
    return {"approx": f"{text}左右", "min": f"≥{text}", "max": f"≤{text}"}.get(bound, text)


def report_facts(doc: Document) -> tuple[str | None, str | None, int | None]:
    """Region, level and the year the report plans for: the reading stage's facts, else the head of
    government's line (corpus mode's reading); last, the file's name (`qiannan-2024`: region
    qiannan, level unknown)."""
    from luoshi.analysis.corpus import from_filename, region_from_text

    doc = build(doc)
    facts = doc.facts
    region = facts.region or region_from_text(doc.norm)
    level = facts.level or (level_of(region) if region else None)
    named, named_year = from_filename(doc.id)
    return region or named, level, facts.year or named_year


def target_list(
    doc: Document, records: Iterable[Indicator], catalogue: Catalogue, year: int | None
) -> tuple[int, int] | None:
    """The span of the list of main expected targets for `year`: from its cue (主要预期目标是) to the
    end of its paragraph. Of several cues, the one whose paragraph holds the most of the year's
    catalogue targets; a cue right after 时期 / 十五五 (the term's goals) is not the year's list."""
    flow = doc.flow
    starts = sorted(r.span[0] for r in records if r.stance == "target" and r.indicator
                    and (year is None or r.year in (year, None)))
    best: tuple[int, tuple[int, int]] | None = None
    # The lists the reading stage found for the year first; the catalogue's own cues where it found none.
    for sc in doc.scopes:
        if year is not None and sc.year != year:
            continue
        n = sum(1 for s in starts if sc.span.start <= s < sc.span.end)
        if n and (best is None or n > best[0]):
            best = (n, (sc.span.start, sc.span.end))
    if best is not None:
        return best[1]
    for cue in catalogue.list_cues:
        for m in re.finditer(re.escape(cue), flow):
            line_start = flow.rfind("\n", 0, m.start()) + 1
            before = flow[max(line_start, m.start() - 12) : m.start()]
            if any(w in before for w in catalogue.outside_cues):
                continue
            end = flow.find("\n", m.end())
            end = len(flow) if end < 0 else end
            n = sum(1 for s in starts if m.start() <= s < end)
            if n and (best is None or n > best[0]):
                best = (n, (m.start(), end))
    return best[1] if best else None


def _year_ok(r: Indicator, stance: str, year: int | None) -> bool:
    if year is None:
        return True
    if stance == "target":
        return r.year in (year, None)
    return r.year == year - 1 or (r.year is None and r.part == "review")


def report_row(
    doc: Document,
    records: Sequence[Indicator],
    *,
    stance: str = "target",
    scope: str = "list",
    catalogue: Catalogue | None = None,
    file: str = "",
) -> ReportRow:
    """The cells of one report: for each catalogue indicator, its figure (see the module docstring).
    `scope="list"`: where the report has a list of main expected targets, only the list's figures;
    `"all"`: the year's targets anywhere in the report, the list's first."""
    cat = catalogue or default_catalogue()
    region, level, year = report_facts(doc)
    row = ReportRow(doc=doc.id, region=region, level=level, year=year, file=file)
    span = target_list(doc, records, cat, year) if stance == "target" else None
    best: dict[str, tuple[tuple[int, int, int], Indicator]] = {}
    for r in records:
        if r.indicator is None or r.stance != stance or r.optional or not _year_ok(r, stance, year):
            continue
        in_list = span is not None and span[0] <= r.span[0] < span[1]
        if span is not None and scope == "list" and not in_list:
            continue
        rank = (0 if in_list else 1, 0 if r.kind == cat.entries[r.indicator].kind else 1, r.span[0])
        if r.indicator not in best or rank < best[r.indicator][0]:
            best[r.indicator] = (rank, r)
    listed = qualitative_targets(doc, span, cat, year) if span is not None else {}
    for name, (rank, r) in best.items():
        if rank[0] and name in listed:
            continue  # the list states it in words (固定资产投资实现正增长): the list's word stands
        unit = fold(r.unit)
        row.cells[name] = Cell(
            indicator=name, text=cell_text(r.value, r.value_max, unit, r.bound, r.kind), value=r.value,
            value_max=r.value_max, unit=unit, bound=r.bound, kind=r.kind, mention=r.mention, span=r.span,
            sentence=r.sentence, year=r.year, in_list=rank[0] == 0,
        )
    for name, cell in listed.items():
        row.cells.setdefault(name, cell)
    return row


def qualitative_targets(
    doc: Document, span: tuple[int, int], cat: Catalogue, year: int | None
) -> dict[str, Cell]:
    """Targets of the list stated without a number (居民收入增长与经济增长同步, 粮食产量只增不减),
    by the indicator whose name opens the clause, or opens each item of a list that shares one
    predicate (城镇调查失业率、居民消费价格指数控制在省定范围内: both)."""
    out: dict[str, Cell] = {}
    flow = doc.flow
    a, b = span
    colon = _COLON.search(flow, a, b)  # the list starts after the cue's colon
    start = colon.end() if colon else a
    for m in _CLAUSE.finditer(flow, start, b):
        clause = m.group().strip()
        if not clause or _DIGIT.search(clause):
            continue
        lo = m.start() + (len(m.group()) - len(m.group().lstrip()))
        text = doc.text[lo : lo + len(clause)]
        for item in clause.split("、"):
            name = cat.prefix(item)
            if name is None or name in out:
                continue
            out[name] = Cell(indicator=name, text=text, mention=text, span=(lo, lo + len(clause)),
                             sentence=text, year=year, in_list=True)
    return out


# ---- many reports ----------------------------------------------------------------------------------


def report_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and the report files inside folders (sorted, recursive, hidden ones left out)."""
    from luoshi.document.readers import REPORT_EXTENSIONS

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_EXTENSIONS
                              and not any(x.startswith(".") for x in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def process_file(
    data: bytes, name: str, digest: str = "", stance: str = "target", scope: str = "list",
    catalogue: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Read, extract and tabulate one report: `{"ok": True, "row": {...}}` or `{"ok": False, "error"}`.
    Runs in a worker (a process or a Dask worker): never raises for a bad file. `catalogue` is the
    user's catalogue as (YAML text, file name): a worker elsewhere cannot read the user's file."""
    from luoshi.document import read_bytes
    from luoshi.errors import LuoshiError
    from luoshi.extract.catalogue import catalogue_from_yaml
    from luoshi.extract.pipeline import extract

    try:
        cat = catalogue_from_yaml(*catalogue) if catalogue else default_catalogue()
        doc = read_bytes(data, Path(name).stem, name)
        row = report_row(doc, extract(doc, catalogue=cat), stance=stance, scope=scope, catalogue=cat, file=name)
        return {"ok": True, "file": name, "row": row.to_dict()}
    except LuoshiError as e:
        return {"ok": False, "file": name, "error": e.message}
    except Exception as e:  # one bad file must not stop the table
        return {"ok": False, "file": name, "error": f"{type(e).__name__}: {e}"}


def compare(
    paths: Iterable[str | os.PathLike[str]],
    *,
    stance: str = "target",
    scope: str = "list",
    catalogue: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    scheduler_timeout: float = 20.0,
    progress: bool = False,
) -> CompareTable:
    """Tabulate every report under `paths` (see the module docstring): in this process by default,
    in `workers` processes, or on the Dask cluster at `scheduler`. A file that cannot be read is
    listed in `errors` and left out; the others are tabulated."""
    from luoshi.analysis import runner
    from luoshi.errors import InvalidInput
    from luoshi.extract.catalogue import load_catalogue, user_file

    if stance not in STANCES:
        raise InvalidInput(f"未知的性质：{stance}（target 或 actual）")
    if scope not in SCOPES:
        raise InvalidInput(f"未知的范围：{scope}（list 或 all）")
    if workers is not None and workers < 1:
        raise InvalidInput("--workers 至少为 1 / --workers must be at least 1")
    user = catalogue or user_file()
    cat = load_catalogue(user) if user else default_catalogue()  # a bad file fails here, once
    # Workers get the user's catalogue as text: they may not see this file system.
    user_yaml = (Path(user).read_text(encoding="utf-8"), str(user)) if user else None
    files = report_files(paths)
    if not files:
        raise InvalidInput("没有找到报告文件")
    jobs = [(f, str(f), "") for f in files]
    rows: list[ReportRow] = []
    errors: list[str] = []
    found = runner.results(jobs, process_file, (stance, scope, user_yaml), workers=workers or 1, scheduler=scheduler,
                            timeout=scheduler_timeout)
    for res in runner.progress(found, len(jobs), progress, "比较"):
        if res["ok"]:
            rows.append(ReportRow.from_dict(res["row"]))
        else:
            errors.append(f"{res['file']}: {res['error']}")
    rows.sort(key=lambda r: (r.region or "", r.year or 0, r.doc))
    return CompareTable(stance=stance, indicators=columns(rows, cat), rows=rows, errors=errors)


def columns(rows: Iterable[ReportRow], catalogue: Catalogue) -> list[str]:
    """The indicators any row has a cell for, in catalogue order."""
    found = {n for r in rows for n in r.cells}
    return [n for n in catalogue.names if n in found]


__all__ = ["SCOPES", "STANCES", "Cell", "CompareTable", "ReportRow", "cell_text", "columns", "compare", "level_of",
           "process_file", "report_facts", "report_files", "report_row", "target_list"]
