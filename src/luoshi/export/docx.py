"""The progress bulletin (进展通报): the summary, counts per status and per lead department, and the
lagging targets, as a Word document on the official page (`page.py`: A4, GB/T 9704 margins and fonts,
page numbers; the table of lagging targets on landscape pages). The title names the region and the
as-of date."""

from __future__ import annotations

import io
from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from luoshi.export.cells import text_cell
from luoshi.export.page import add_title, landscape_section, official_document, table_layout
from luoshi.export.rows import cn_date, ledger_rows, title_lines
from luoshi.ledger import service
from luoshi.ledger.rules.status import LAGGING, SEVERITY, STATUSES
from luoshi.ledger.service import today


def export_docx(
    session: Any, out: str | Path | IO[bytes], *, report_id: int | None = None, as_of: date | None = None,
    only: Collection[int] | None = None,
) -> int:
    """Write the progress bulletin; returns the number of lagging targets listed. Every count is of the
    跟踪目标 (`rules.counting`) as the ledger counts them; `only`: these targets alone."""
    as_of = as_of or today()
    report, quant, tasks = ledger_rows(session, report_id, as_of, only)
    rows = quant + tasks
    tally = service.count_rows(rows, as_of)
    leaves = [r for r in rows if r.counted]
    counts = tally.counts
    *heading, note = title_lines(report, "目标任务推进情况通报", as_of)
    doc = official_document("".join([*heading, note]))
    doc.core_properties.created = doc.core_properties.modified = datetime(as_of.year, as_of.month, as_of.day)
    add_title(doc, heading, note)
    done, lag = counts["已完成"], sum(counts[s] for s in LAGGING)
    good = counts["已完成"] + counts["超进度"] + counts["达进度"]
    doc.add_heading("一、总体情况", level=1)
    doc.add_paragraph(
        f"{report.region.name}{report.year}年政府工作报告共分解目标任务{tally.total}项（量化指标"
        f"{sum(1 for r in leaves if r.target.type == 'quantified')}项）。截至{cn_date(as_of)}，已完成{done}项，"
        f"超进度、达进度{good - done}项，欠进度、严重欠进度或未报送{lag}项，无法判断{counts['无法判断']}项。"
    )
    table = doc.add_table(rows=1, cols=3)
    for i, h in enumerate(("状态", "项数", "占比")):
        table.rows[0].cells[i].text = h
    for s in STATUSES:
        cells = table.add_row().cells
        cells[0].text = s
        cells[1].text = str(counts[s])
        cells[2].text = f"{counts[s] / len(leaves):.1%}" if leaves else "—"
    table_layout(table, widths_mm=[60, 48, 48])
    doc.add_heading("二、分部门情况", level=1)
    by_dept = service.rollup_rows(rows)  # as `service.rollups(by="department")`, over the rows shown
    dt = doc.add_table(rows=1, cols=5)
    for i, h in enumerate(("牵头单位", "任务数", "已完成", "滞后", "完成率")):
        dt.rows[0].cells[i].text = h
    for g in sorted(by_dept, key=lambda g: (-g.lagging, g.label)):
        cells = dt.add_row().cells
        for i, v in enumerate((g.label, g.total, g.done, g.lagging, f"{g.completion:.1%}")):
            cells[i].text = str(text_cell(v))
    table_layout(dt, widths_mm=[56, 25, 25, 25, 25])
    lagging = sorted(
        (r for r in leaves if r.status.status in LAGGING),
        key=lambda r: (-SEVERITY[r.status.status], r.target.seq),
    )
    if lagging:
        landscape_section(doc)  # a wide table: on pages of its own, in landscape
    doc.add_heading("三、滞后任务", level=1)
    if not lagging:
        doc.add_paragraph("无滞后任务。")
    else:
        lt = doc.add_table(rows=1, cols=5)
        for i, h in enumerate(("序号", "目标任务", "牵头单位", "状态", "情况说明")):
            lt.rows[0].cells[i].text = h
        for n, r in enumerate(lagging, 1):
            cells = lt.add_row().cells
            for i, v in enumerate(
                (n, r.target.text, r.lead or "（未分配）", r.status.status, r.status.reason)
            ):
                cells[i].text = str(text_cell(v))  # a table pasted into a spreadsheet stays text
        table_layout(lt, widths_mm=[14, 88, 35, 22, 66])
    doc.add_paragraph(f"请各牵头单位对照滞后任务，于{as_of.year}年相关报送期内报送整改措施和最新进展。")
    doc.save(out if not isinstance(out, str | Path) else str(out))
    return len(lagging)


def docx_bytes(session: Any, *, report_id: int | None = None, as_of: date | None = None,
               only: Collection[int] | None = None) -> bytes:
    """The progress bulletin as bytes (for a web download)."""
    buf = io.BytesIO()
    export_docx(session, buf, report_id=report_id, as_of=as_of, only=only)
    return buf.getvalue()
