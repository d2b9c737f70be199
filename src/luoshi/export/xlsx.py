"""The 任务分解表 workbook an office sends out: sheets 主要量化指标任务分解 and 主要任务分解.

The workbook holds no timestamps of its own (created = as_of), so the same ledger gives the same cells.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from luoshi.export.rows import HEADERS, QUANT_SHEET, TASK_SHEET, cells, ledger_rows, title
from luoshi.export.sheet import BODY_FONT, table_layout, title_row
from luoshi.ledger.service import today

# 序号 目标任务 指标值 牵头单位 配合单位 完成时限 进展情况 状态 预警 状态说明 编号: fits A4 landscape at ~80%
_WIDTHS = [6, 42, 14, 14, 20, 12, 32, 8, 6, 30, 6]
# The title of each sheet after region and year: 主要量化指标任务分解表, 主要任务分解表.
_TITLES = {QUANT_SHEET: "主要量化指标任务分解表", TASK_SHEET: "主要任务分解表"}


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

    as_of = as_of or today()
    report, quant, tasks = ledger_rows(session, report_id, as_of, only)
    wb = Workbook()
    wb.properties.creator = "Luoshi 落实"
    wb.properties.created = wb.properties.modified = datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.title = title(report, "任务分解表", as_of)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    # Named styles are registered once; setting one on a cell is cheap (10,000 rows in a second or two).
    body = NamedStyle(name="luoshi-body", font=Font(name=BODY_FONT, size=10),
                      alignment=Alignment(vertical="top", wrap_text=True), border=border)
    head = NamedStyle(name="luoshi-head", font=Font(name=BODY_FONT, bold=True, size=10),
                      fill=PatternFill("solid", fgColor="D9D9D9"),
                      alignment=Alignment(horizontal="center", vertical="center", wrap_text=True), border=border)
    warn = {w: NamedStyle(name=f"luoshi-{w}", font=Font(name=BODY_FONT, size=10),
                          fill=PatternFill("solid", fgColor=c), border=border,
                          alignment=Alignment(vertical="top", horizontal="center"))
            for w, c in {"红": "F8CBAD", "黄": "FFF2CC", "蓝": "DDEBF7"}.items()}
    for st in (body, head, *warn.values()):
        wb.add_named_style(st)
    first = True
    for name, rows in ((QUANT_SHEET, quant), (TASK_SHEET, tasks)):
        ws = wb.active if first else wb.create_sheet()
        first = False
        assert ws is not None
        ws.title = name
        title_row(ws, title(report, _TITLES[name], as_of), len(HEADERS))
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
        table_layout(ws, header_row=2, widths=_WIDTHS, freeze="C3", font_pt=10)
    wb.save(out if not isinstance(out, str | Path) else str(out))
    return len(quant) + len(tasks)


def xlsx_bytes(session: Any, *, report_id: int | None = None, as_of: date | None = None,
               only: Collection[int] | None = None) -> bytes:
    """The 任务分解表 workbook as bytes (for a web download)."""
    buf = io.BytesIO()
    export_xlsx(session, buf, report_id=report_id, as_of=as_of, only=only)
    return buf.getvalue()
