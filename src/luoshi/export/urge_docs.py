"""The 督办单 and the 催办通知 of a sent 催办: its words (title with the region, 主送, the targets with their
status when sent, the office's message, the reply deadline, 抄送) as an `OfficialDoc`, for the .docx
(`official_docx`) and the web's print view alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from luoshi.export.official import OfficialDoc, Para, cn_date, official_docx
from luoshi.ledger.rules import urging


def title_of(urge: Any) -> str:
    report = urge.report
    region = report.region.name if report is not None else ""
    year = report.year if report is not None else urge.year
    return f"关于{region}{year}年政府工作报告目标任务的{urging.DOC_NAMES.get(urge.kind, '催办通知')}"


def urge_document(urge: Any, *, red_head: bool = False, upper_date: bool = False) -> OfficialDoc:
    """The document of `urge` (a ledger Urge with its items, department and report loaded)."""
    word = urging.KIND_NAMES.get(urge.kind, "催办")
    report = urge.report
    region = report.region.name if report is not None else ""
    year = report.year if report is not None else urge.year
    items = list(urge.items)
    warned = sorted({i.warning for i in items if i.warning})
    state = f"（{'、'.join(w + '色预警' for w in warned)}）" if warned else ""
    body: list[Para] = [
        Para(f"根据{region}{year}年政府工作报告目标任务分解安排，截至{cn_date(urge.as_of)}，你单位牵头负责的"
             f"以下{len(items)}项目标任务进展需要加快{state}，现予{word}。"),
        Para(f"一、{word}事项", "h"),
    ]
    for n, it in enumerate(items, 1):
        t = it.target
        facts = [f"完成时限：{cn_date(t.deadline)}"]
        if it.status:
            facts.append(f"当前状态：{it.status}" + (f"，{it.warning}色预警" if it.warning else ""))
        if it.reason:
            facts.append(it.reason.rstrip("。"))
        body.append(Para(f"{n}．{t.text.rstrip('。')}（{'；'.join(facts)}）。"))
    body.append(Para("二、办理要求", "h"))
    for line in (urge.message or "").splitlines():
        if line.strip():
            body.append(Para(line.strip()))
    body.append(Para(f"请于{cn_date(urge.reply_by)}前，将办理情况（进展报送或书面说明）通过落实任务台账答复"
                     f"{urge.issuer}。逾期未答复的，将在通报中予以说明。"))
    return OfficialDoc(
        title=title_of(urge),
        number=urging.doc_number(urge.kind, urge.year, urge.seq),
        recipient=urge.department.name,
        body=body,
        issuer=urge.issuer,
        date=urge.as_of,  # the office's day of sending (the pinned day of a demo, not the clock)
        cc=urge.cc or "",
        red_head=red_head,
        upper_date=upper_date,
    )


def urge_docx(urge: Any, *, red_head: bool = False, upper_date: bool = False) -> bytes:
    return official_docx(urge_document(urge, red_head=red_head, upper_date=upper_date))


def person(user: Any) -> str:
    """A user by name, with the department: 张三（教育局）."""
    if user is None:
        return ""
    dept = f"（{user.department.name}）" if user.department is not None else ""
    return f"{user.display_name or user.username}{dept}"


def urges_sheet(urges: list[Any], as_of: date) -> bytes:
    """The 催办记录 workbook: one row per 催办, every text cell through `text_cell` (never a formula)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from luoshi.export.cells import text_cell

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "催办记录"
    headers = ["文号", "类型", "主送单位", "目标任务", "催办内容", "发出人", "发出时间（UTC）", "答复时限", "状态",
               "答复方式", "答复内容", "答复人", "答复时间（UTC）", "办结意见"]
    ws.append([f"催办记录（状态截至{cn_date(as_of)}）"])
    ws.append(headers)
    for u in urges:
        targets = "；".join(f"{i.target.text}（{i.status}）" if i.status else i.target.text for i in u.items)
        row = [
            urging.doc_number(u.kind, u.year, u.seq),
            urging.KIND_NAMES.get(u.kind, u.kind),
            u.department.name,
            targets,
            u.message,
            person(u.sender),
            u.sent_at.strftime("%Y-%m-%d %H:%M") if u.sent_at else "",
            u.reply_by,
            urging.state_name(u.state, u.reply_by, as_of),
            urging.REPLY_NAMES.get(u.reply_kind or "", ""),
            u.reply_text or "",
            person(u.replier),
            u.replied_at.strftime("%Y-%m-%d %H:%M") if u.replied_at else "",
            u.close_note or "",
        ]
        ws.append([text_cell(v) for v in row])
    ws["A1"].font = Font(bold=True, size=14)
    for c in ws[2]:
        c.font = Font(bold=True)
    widths = [16, 6, 16, 50, 40, 14, 17, 12, 8, 10, 40, 14, 17, 24]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for row_cells in ws.iter_rows(min_row=3):
        for c in row_cells:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        row_cells[7].number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(2, ws.max_row)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
