"""A ledger whose counts mean something (several statuses and colours, a split target, a withdrawn one)
and readers of the counts each face shows: pages, the 任务分解表 (xlsx) and the 进展通报 (docx). Shared
by the web and browser tests of "one count everywhere"."""

from __future__ import annotations

import io
import re

STATUSES = ("已完成", "超进度", "达进度", "欠进度", "严重欠进度", "未报送", "无法判断")
SHARES = (1.0, 0.5, 0.25, 0.18, 0.05, 0.26, 0.3)  # of the target, reported for 2024-Q1


def shape_ledger(url: str, report_id: int, split_target: int) -> None:
    """Progress for about half the targets (accepted), `split_target` split into three sub-tasks (one
    done), and the last target withdrawn."""
    from luoshi.errors import LuoshiError
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(url)
    with transaction(factory) as session:
        system = s.system_user(session)
        kids = [s.add_subtask(session, parent=split_target, text=f"分解任务{i + 1}", actor=system) for i in range(3)]
        s.add_progress(session, target=kids[0], period="2024-Q1", stage="已完成", reporter=system, accept=True)
        targets = [t for t in s.list_targets(session, report_id=report_id) if t.parent_id is None]
        for i, t in enumerate(targets[:-1]):
            if i % 2 or t.id == split_target:
                continue
            try:
                if t.value is None:
                    s.add_progress(session, target=t, period="2024-Q1", stage=("推进中", "滞后", "已完成")[i % 3],
                                   reporter=system, accept=True)
                else:
                    s.add_progress(session, target=t, period="2024-Q1", value=round(t.value * SHARES[i % 7], 2),
                                   reporter=system, accept=True)
            except LuoshiError:
                continue
        s.withdraw_target(session, target=targets[-1], reason="与另一项重复", actor=system)
    engine.dispose()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page_counts(html: str) -> dict[str, int]:
    """The status cards of the home page or the overview: {status: n}."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(r'data-status="([^"]+)">(\d+)<', html)}


def page_total(html: str) -> int:
    m = re.search(r'id="tracked-total"[^>]*>(\d+)<', html)
    assert m, "no total of 跟踪目标 on the page"
    return int(m.group(1))


def list_total(html: str) -> int:
    """共 N 条 of the ledger list."""
    m = re.search(r'class="rows-total">(\d+)<', html)
    assert m, "no 共 N 条 on the ledger list"
    return int(m.group(1))


def xlsx_counts(data: bytes) -> dict[str, int]:
    """{status: n} over the rows of both sheets of the 任务分解表 (a split target shows 已拆分)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    counts = dict.fromkeys(STATUSES, 0)
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if r and "状态" in r)
        col = list(rows[head]).index("状态")
        for r in rows[head + 1:]:
            if r and r[col] in counts:
                counts[str(r[col])] += 1
    return counts


def xlsx_as_of(data: bytes) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    for row in wb.worksheets[0].iter_rows(values_only=True, max_row=3):
        for v in row:
            m = re.search(r"截至(\d{4}年\d{1,2}月\d{1,2}日)", str(v or ""))
            if m:
                return m.group(1)
    raise AssertionError("no as-of date in the workbook")


def docx_counts(data: bytes) -> tuple[dict[str, int], str]:
    """({status: n} from the bulletin's table of statuses, its as-of date)."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    counts: dict[str, int] = {}
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if len(cells) >= 2 and cells[0] in STATUSES and cells[1].isdigit():
                counts[cells[0]] = int(cells[1])
        if counts:
            break
    text = "\n".join(p.text for p in doc.paragraphs)
    m = re.search(r"截至(\d{4}年\d{1,2}月\d{1,2}日)", text)
    assert m, "no as-of date in the bulletin"
    return counts, m.group(1)
