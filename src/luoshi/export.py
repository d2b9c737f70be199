"""Writers shared by the CLI and the web app: the 任务分解表 workbook an office sends out and the
progress bulletin (进展通报) document.

    export_xlsx(session, out, report_id=None, as_of=None)   # sheets 主要量化指标任务分解, 主要任务分解
    export_docx(session, out, report_id=None, as_of=None)   # summary, counts per status, lagging targets
    xlsx_rows(session, ...) -> {sheet: [[cell, ...], ...]}   # the same content as plain values (tests, CSV)

`out` is a path or a binary stream. The workbook holds no timestamps of its own (created = as_of), so
the same ledger gives the same cells.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

QUANT_SHEET = "主要量化指标任务分解"
TASK_SHEET = "主要任务分解"
HEADERS = [
    "序号",
    "目标任务",
    "指标值",
    "牵头单位",
    "配合单位",
    "完成时限",
    "进展情况",
    "状态",
    "预警",
    "状态说明",
    "编号",
]
_WIDTHS = [7, 48, 16, 18, 26, 12, 36, 10, 6, 40, 7]


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _rows(session: Any, report_id: int | None, as_of: date) -> tuple[Any, list[Any], list[Any]]:
    from luoshi.ledger import service

    report = service.get_report(session, ref=report_id)
    rows = service.ledger_rows(session, as_of=as_of, report_id=report.id)
    quant = [r for r in rows if r.target.type == "quantified"]
    tasks = [r for r in rows if r.target.type != "quantified"]
    return report, quant, tasks


def _cells(rows: list[Any]) -> list[list[Any]]:
    """One list of cells per row. 序号 runs per sheet; a sub-target listed with its parent on the same
    sheet is numbered under it (3.1, 3.2)."""
    numbers: dict[int, str] = {}
    top = 0
    sub: dict[int, int] = {}
    out = []
    for r in rows:
        t = r.target
        if t.parent_id is not None and t.parent_id in numbers:
            sub[t.parent_id] = sub.get(t.parent_id, 0) + 1
            numbers[t.id] = f"{numbers[t.parent_id]}.{sub[t.parent_id]}"
        else:
            top += 1
            numbers[t.id] = str(top)
        out.append([
            numbers[t.id], t.text, r.value_text, r.lead, "、".join(r.co), _cn_date(r.deadline),
            r.progress, r.status.status, r.status.warning or "", r.status.reason, t.id,
        ])
    return out


def xlsx_rows(
    session: Any, *, report_id: int | None = None, as_of: date | None = None
) -> dict[str, list[list[Any]]]:
    from luoshi.ledger.operations.context import today

    _report, quant, tasks = _rows(session, report_id, as_of or today())
    return {QUANT_SHEET: [HEADERS, *_cells(quant)], TASK_SHEET: [HEADERS, *_cells(tasks)]}


def export_xlsx(
    session: Any, out: str | Path | IO[bytes], *, report_id: int | None = None, as_of: date | None = None
) -> int:
    """Write the 任务分解表 workbook; returns the number of target rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from luoshi.ledger.operations.context import today

    as_of = as_of or today()
    report, quant, tasks = _rows(session, report_id, as_of)
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
        ws.append([f"{report.year}年政府工作报告{kind}任务分解表（截至{_cn_date(as_of)}）"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.append(HEADERS)
        for c in range(1, len(HEADERS) + 1):
            ws.cell(2, c).style = "luoshi-head"
        r = 2
        for row in _cells(rows):
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


def export_docx(
    session: Any, out: str | Path | IO[bytes], *, report_id: int | None = None, as_of: date | None = None
) -> int:
    """Write the progress bulletin; returns the number of lagging targets listed."""
    from docx import Document as Docx
    from docx.shared import Pt

    from luoshi.ledger import service
    from luoshi.ledger.operations.context import today
    from luoshi.ledger.rules.status import LAGGING, SEVERITY, STATUSES

    as_of = as_of or today()
    report, quant, tasks = _rows(session, report_id, as_of)
    rows = quant + tasks
    parents = {r.target.parent_id for r in rows if r.target.parent_id is not None}
    leaves = [r for r in rows if r.target.id not in parents]
    counts = {s: sum(1 for r in leaves if r.status.status == s) for s in STATUSES}
    doc = Docx()
    doc.core_properties.created = doc.core_properties.modified = datetime(as_of.year, as_of.month, as_of.day)
    doc.core_properties.author = "Luoshi 落实"
    doc.add_heading(f"{report.year}年政府工作报告目标任务推进情况通报", level=1)
    doc.add_paragraph(f"（截至{_cn_date(as_of)}）")
    done, lag = counts["已完成"], sum(counts[s] for s in LAGGING)
    good = counts["已完成"] + counts["超进度"] + counts["达进度"]
    doc.add_heading("一、总体情况", level=2)
    doc.add_paragraph(
        f"{report.region.name}{report.year}年政府工作报告共分解目标任务{len(leaves)}项（量化指标"
        f"{sum(1 for r in leaves if r.target.type == 'quantified')}项）。截至{_cn_date(as_of)}，已完成{done}项，"
        f"超进度、达进度{good - done}项，欠进度、严重欠进度或未报送{lag}项，无法判断{counts['无法判断']}项。"
    )
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for i, h in enumerate(("状态", "项数", "占比")):
        table.rows[0].cells[i].text = h
    for s in STATUSES:
        cells = table.add_row().cells
        cells[0].text = s
        cells[1].text = str(counts[s])
        cells[2].text = f"{counts[s] / len(leaves):.1%}" if leaves else "—"
    doc.add_heading("二、分部门情况", level=2)
    by_dept = service.rollups(session, as_of=as_of, by="department", report_id=report.id)
    dt = doc.add_table(rows=1, cols=5)
    dt.style = "Table Grid"
    for i, h in enumerate(("牵头单位", "任务数", "已完成", "滞后", "完成率")):
        dt.rows[0].cells[i].text = h
    for g in sorted(by_dept, key=lambda g: (-g.lagging, g.label)):
        cells = dt.add_row().cells
        for i, v in enumerate((g.label, g.total, g.done, g.lagging, f"{g.completion:.1%}")):
            cells[i].text = str(v)
    doc.add_heading("三、滞后任务", level=2)
    lagging = sorted(
        (r for r in leaves if r.status.status in LAGGING),
        key=lambda r: (-SEVERITY[r.status.status], r.target.seq),
    )
    if not lagging:
        doc.add_paragraph("无滞后任务。")
    else:
        lt = doc.add_table(rows=1, cols=5)
        lt.style = "Table Grid"
        for i, h in enumerate(("序号", "目标任务", "牵头单位", "状态", "情况说明")):
            lt.rows[0].cells[i].text = h
        for n, r in enumerate(lagging, 1):
            cells = lt.add_row().cells
            for i, v in enumerate(
                (n, r.target.text, r.lead or "（未分配）", r.status.status, r.status.reason)
            ):
                cells[i].text = str(v)
    doc.add_paragraph(f"请各牵头单位对照滞后任务，于{as_of.year}年相关报送期内报送整改措施和最新进展。")
    for p in doc.paragraphs:
        for run in p.runs:
            run.font.size = Pt(11) if p.style is not None and p.style.name == "Normal" else run.font.size
    doc.save(out if not isinstance(out, str | Path) else str(out))
    return len(lagging)


def xlsx_bytes(session: Any, *, report_id: int | None = None, as_of: date | None = None) -> bytes:
    """The 任务分解表 workbook as bytes (for a web download)."""
    import io

    buf = io.BytesIO()
    export_xlsx(session, buf, report_id=report_id, as_of=as_of)
    return buf.getvalue()


def docx_bytes(session: Any, *, report_id: int | None = None, as_of: date | None = None) -> bytes:
    """The progress bulletin as bytes (for a web download)."""
    import io

    buf = io.BytesIO()
    export_docx(session, buf, report_id=report_id, as_of=as_of)
    return buf.getvalue()
