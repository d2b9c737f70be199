"""Indicators as spreadsheets (`luoshi extract --format csv|xlsx`): one row per indicator with the
fields of `luoshi.extract.formats.FIELDS`; every cell through `cells.text_cell`, because mentions and
sentences are report text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from luoshi.export.cells import text_cell
from luoshi.extract.formats import FIELDS, flat
from luoshi.extract.model import Indicator


def _cells(ind: Indicator) -> list[object]:
    row = flat(ind)
    return [text_cell(row[k] if not isinstance(row[k], list) else str(row[k])) for k in FIELDS]


def to_csv(inds: Iterable[Indicator]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(FIELDS)
    for i in inds:
        w.writerow(["" if v is None else v for v in _cells(i)])
    return buf.getvalue()


def write_xlsx(inds: Sequence[Indicator], path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标"
    ws.append(FIELDS)
    for c in ws[1]:
        c.font = Font(bold=True)
    for i in inds:
        ws.append(_cells(i))
    ws.freeze_panes = "A2"
    wb.save(str(path))
