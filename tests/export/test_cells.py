"""Finding 6: exported cells are never formulas. Property tests (hypothesis) on the one escaping function
and through each writer (xlsx, csv, docx, the indicator sheets), read back with the libraries a
reader would use; and end to end, a report whose lines begin with = + - @ imported and exported by the
CLI (`luoshi targets --format csv`, `luoshi export xlsx`, `luoshi export docx`)."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from exporttools import small_ledger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.export.cells import FORMULA_STARTS, needs_quote, text_cell

DANGEROUS = sorted(FORMULA_STARTS)
# Text a report could hold: Chinese, ASCII, the formula starters, spaces of every width.
texts = st.text(alphabet=st.sampled_from([*"新增就业岗位3000个亿元%（）：", *"abcAZ09()!\"',;|", *DANGEROUS,
                                          " ", "\u3000", "\u00a0"]), min_size=1, max_size=30)
risky = st.builds(lambda start, rest: start + rest, st.sampled_from([*DANGEROUS, " =", "\u3000+", " @"]), texts)


def unquote(cell: str, original: str) -> str:
    return cell[1:] if needs_quote(original) else cell


def starts_formula(cell: Any) -> bool:
    return isinstance(cell, str) and cell[:1] != "" and cell[0] in "=+-@"


def as_docx(text: str) -> str:
    """Word keeps a carriage return as a line break: read back, it is a newline."""
    return text.replace("\r", "\n")


@given(st.one_of(texts, risky))
def test_text_cell_quotes_exactly_what_could_be_a_formula(s: str) -> None:
    out = text_cell(s)
    assert isinstance(out, str)
    assert not needs_quote(out)  # what is written can never start a formula
    assert out == s or out == "'" + s  # and nothing else about the text changes
    assert (out != s) == needs_quote(s)


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.dates()))
def test_other_values_pass_unchanged(v: Any) -> None:
    assert text_cell(v) == v


@given(st.lists(st.one_of(texts, risky), min_size=1, max_size=8))
def test_csv_reads_back_as_the_same_text(values: list[str]) -> None:
    from luoshi.export.csv import write_csv

    buf = io.StringIO()
    cols = [f"c{i}" for i in range(len(values))]
    write_csv(buf, [dict(zip(cols, values, strict=True))], cols, cols)
    _header, row = list(csv.reader(io.StringIO(buf.getvalue())))
    for cell, original in zip(row, values, strict=True):
        assert not needs_quote(cell)
        assert unquote(cell, original) == original


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(texts, risky), min_size=1, max_size=5))
def test_indicator_sheets_hold_no_formula(mentions: list[str]) -> None:
    from openpyxl import load_workbook

    from luoshi.export.indicators import to_csv, write_xlsx
    from luoshi.extract.model import Indicator

    inds = [Indicator(doc="d", span=(0, 1), mention=m, subject=m, value=1.0, unit="个", kind="amount",
                      stance="target", bound="exact", year=2024, sentence=m) for m in mentions]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "i.xlsx"
        write_xlsx(inds, path)
        ws = load_workbook(path).active
    assert ws is not None
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)
    rows = list(csv.DictReader(io.StringIO(to_csv(inds))))
    for r, m in zip(rows, mentions, strict=True):
        assert unquote(r["mention"], m) == m and unquote(r["sentence"], m) == m


# ---- through the ledger's own exporters ------------------------------------------------------------


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A small ledger whose first task's text each example rewrites."""
    from luoshi.ledger import service

    with small_ledger(tmp_path_factory.mktemp("cells"), region="某县", doc_name="mouxian-2024") as s:
        target = next(t for t in service.list_targets(s) if t.type == "quantified")
        yield s, service.system_user(s), target.id


AS_OF = date(2024, 12, 31)  # nothing reported by the year end: every target is lagging, so the bulletin lists it


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(texts, risky))
def test_ledger_xlsx_and_docx_hold_the_text_as_text(ledger: Any, text: str) -> None:
    from docx import Document as Docx
    from openpyxl import load_workbook

    from luoshi.export import docx_bytes, xlsx_bytes
    from luoshi.ledger import service

    s, admin, tid = ledger
    service.update_target(s, target=tid, actor=admin, text=text)
    s.flush()
    wb = load_workbook(io.BytesIO(xlsx_bytes(s, as_of=AS_OF)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    mine = [c.value for c in cells if isinstance(c.value, str) and unquote(c.value, text) == text]
    assert text_cell(text) in mine
    doc = Docx(io.BytesIO(docx_bytes(s, as_of=AS_OF)))
    in_tables = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert as_docx(str(text_cell(text))) in in_tables
    assert not [c for c in in_tables if needs_quote(c)]
    s.rollback()


REPORT_LINES = ["=HYPERLINK(\"http://evil.example/\",\"点此查看\")推动园区道路提质改造。",
                "+1+2完善水电气配套设施，建成标准厂房10万平方米。",
                "-2+3支持骨干企业技改扩能，培育本地品牌。",
                "@SUM(1,2)推动城区学校扩容，新建幼儿园3所。"]


def test_cli_exports_of_a_hostile_report(tmp_path: Path) -> None:
    """A report from outside with lines beginning = + - @: whatever targets they become, no exported
    cell is a formula (CSV of `luoshi targets`, the xlsx workbook, the docx bulletin)."""
    from docx import Document as Docx
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from luoshi.cli import app

    report = ("某县2024年政府工作报告\n\n一、2023年工作回顾\n过去一年，地区生产总值增长5%。\n\n二、2024年工作安排\n"
              "（一）做强实体经济\n" + "\n".join(REPORT_LINES) + "\n")
    f = tmp_path / "hostile.txt"
    f.write_text(report, encoding="utf-8")
    db = str(tmp_path / "h.db")
    runner = CliRunner()
    r = runner.invoke(app, ["import", str(f), "--region", "某县", "--year", "2024", "--db", db])
    assert r.exit_code == 0, r.output
    out = runner.invoke(app, ["targets", "--format", "csv", "--as-of", "2024-12-31", "--db", db]).output
    rows = list(csv.reader(io.StringIO(out)))
    hostile = [cell for row in rows for cell in row if starts_formula(cell.lstrip("'"))]
    assert hostile, "the report's hostile lines should reach the ledger as target text"
    assert all(cell.startswith("'") for cell in hostile)
    for kind in ("xlsx", "docx"):
        out_file = tmp_path / f"out.{kind}"
        r = runner.invoke(app, ["export", kind, "-o", str(out_file), "--as-of", "2024-12-31", "--db", db])
        assert r.exit_code == 0, r.output
    wb = load_workbook(tmp_path / "out.xlsx")
    values = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in values)
    assert not [c.value for c in values if starts_formula(c.value)]
    doc = Docx(str(tmp_path / "out.docx"))
    cells = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    assert not [c for c in cells if starts_formula(c)]
