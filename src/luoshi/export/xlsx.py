"""The 任务分解表 workbook an office sends out: sheets 主要量化指标任务分解 and 主要任务分解.

The workbook holds no timestamps of its own (created = as_of), so the same ledger gives the same cells.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from luoshi.export.rows import HEADERS, QUANT_SHEET, TASK_SHEET, cells, cn_date, ledger_rows
from luoshi.ledger.service import today

_WIDTHS = [7, 48, 16, 18, 26, 12, 36, 10, 6, 40, 7]


def xlsx_rows(
    session: Any, *, report_id: int | None = None, as_of: date | None = None, only: Collection[int] | None = None
) -> dict[str, list[list[Any]]]:
    _report, quant, tasks = ledger_rows(session, report_id, as_of or today(), only)
    return {QUANT_SHEET: [HEADERS, *cells(quant)], TASK_SHEET: [HEADERS, *cells(tasks)]}


def export_xlsx(
    session: Any, out: str | Path | IO[bytes], *, report_id: int | None = None, as_of: date | None = None,
    only: Collection[int] | None = None,
) -> int:
    """Write the 任务分解表 workbook; returns the number of target rows. `only`: these targets alone."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    as_of = as_of or today()
    report, quant, tasks = ledger_rows(session, report_id, as_of, only)
    wb = Workbook()
    wb.properties.creator = "Luoshi 落实"
    wb.properties.created = wb.properties.modified = datetime(as_of.year, as_of.month, as_of.day)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    # Named styles are registered once; setting one on a cell is cheap (10,000 rows in a second or two).
    body = NamedStyle(name="luoshi-body", alignment=Alignment(vertical="top", wrap_text=True), border=border)
    head = NamedStyle(name="luoshi-head", font=Font(bold=True), fill=PatternFill("solid", fgColor="D9D9D9"),
                      alignment=Alignment(horizontal="center", vertical="center", wrap_text=True), border=border)
    warn = {w: NamedStyle(name=f"luoshi-{w}", fill=PatternFill("solid", fgColor=c), border=border,
                          alignment=Alignment(vertical="top", horizontal="center"))
            for w, c in {"红": "F8CBAD", "黄": "FFF2CC", "蓝": "DDEBF7"}.items()}
    for st in (body, head, *warn.values()):
        wb.add_named_style(st)
    first = True
    for name, rows, kind in ((QUANT_SHEET, quant, "主要量化指标"), (TASK_SHEET, tasks, "主要任务")):
        ws = wb.active if first else wb.create_sheet()
        first = False
        assert ws is not None
        ws.title = name
        ws.append([f"{report.year}年政府工作报告{kind}任务分解表（截至{cn_date(as_of)}）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.append(HEADERS)
        for c in range(1, len(HEADERS) + 1):
            ws.cell(2, c).style = "luoshi-head"
        r = 2
        for row in cells(rows):
            ws.append(row)
            r += 1
            for c in range(1, len(HEADERS) + 1):
                ws.cell(r, c).style = "luoshi-body"
            if row[8] in warn:
                ws.cell(r, 9).style = f"luoshi-{row[8]}"
        for i, w in enumerate(_WIDTHS, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.freeze_panes = "C3"
        ws.print_title_rows = "2:2"
    wb.save(out if not isinstance(out, str | Path) else str(out))
    return len(quant) + len(tasks)


def xlsx_bytes(session: Any, *, report_id: int | None = None, as_of: date | None = None,
               only: Collection[int] | None = None) -> bytes:
    """The 任务分解表 workbook as bytes (for a web download)."""
    buf = io.BytesIO()
    export_xlsx(session, buf, report_id=report_id, as_of=as_of, only=only)
    return buf.getvalue()
