"""What the ledger exports show: the rows of one report as of a date, and the cells of the 任务分解表
(one list per target, numbered per sheet)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from luoshi.export.cells import text_cell
from luoshi.ledger import service
from luoshi.ledger.rules.counting import SPLIT
from luoshi.ledger.rules.formatting import cn_date

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


def title(report: Any, what: str, as_of: date) -> str:
    """The title of an export: region and year of the report, what it is, the as-of date.

    title(report, "主要任务分解表", date(2024, 6, 30))
    -> "黔南州2024年政府工作报告主要任务分解表（截至2024年6月30日）"
    """
    return "".join(title_lines(report, what, as_of))


def title_lines(report: Any, what: str, as_of: date) -> tuple[str, str, str]:
    """The title in the three pieces a Word title is set on: ("黔南州2024年政府工作报告",
    "主要任务分解表", "（截至2024年6月30日）")."""
    region = report.region.name if report.region is not None else ""
    return f"{region}{report.year}年政府工作报告", what, f"（截至{cn_date(as_of)}）"


def ledger_rows(
    session: Any, report_id: int | None, as_of: date, only: Collection[int] | None = None
) -> tuple[Any, list[Any], list[Any]]:
    """The report and its ledger rows as of `as_of` (the ledger's one status computation,
    `service.ledger_status`): quantified targets, then the other targets. `only`: these targets alone
    (the rows a filtered list shows)."""
    report = service.get_report(session, ref=report_id)
    rows = service.ledger_status(session, as_of=as_of, report_id=report.id).rows
    if only is not None:
        keep = set(only)
        rows = [r for r in rows if r.target.id in keep]
    quant = [r for r in rows if r.target.type == "quantified"]
    tasks = [r for r in rows if r.target.type != "quantified"]
    return report, quant, tasks


def cells(rows: list[Any]) -> list[list[Any]]:
    """One list of cells per row, each through `text_cell` (report text is never a formula). 序号 runs
    per sheet; a sub-target listed with its parent on the same sheet is numbered under it (3.1, 3.2)."""
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
        out.append([text_cell(v) for v in (
            numbers[t.id], t.text, r.value_text, r.lead, "、".join(r.co), cn_date(r.deadline),
            # A split target counts through its sub-targets: 已拆分, its roll-up only in the 状态说明.
            r.progress, r.status.status if r.counted else SPLIT, (r.status.warning or "") if r.counted else "",
            r.status.reason, t.id,
        )])
    return out
