"""Exports an office can send out, read back with python-docx and openpyxl: the Word bulletin on A4 with
the GB/T 9704 margins, the official fonts named for Chinese text (w:eastAsia) with fallbacks, page
numbers and the wide table on landscape pages; the workbooks with region and date in the title, A4
landscape fit to one page wide, print titles, frozen header and autofilter; and no writer given a
stream ever leaves a file named after it ("<_io.BytesIO object at 0x…>") in the working directory."""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from exporttools import small_ledger
from lxml import etree
from typer.testing import CliRunner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "review"))  # review_cases

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AS_OF = date(2024, 6, 30)
REGION = "黔南州"
EMU_PER_MM = 36000


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A small ledger of 黔南州 2024; nothing reported by 2024-06-30, so the bulletin lists lagging targets."""
    with small_ledger(tmp_path_factory.mktemp("layout"), region=REGION, doc_name="qiannan-2024") as s:
        yield s


@pytest.fixture(scope="module")
def bulletin(ledger: Any) -> Any:
    from docx import Document

    from luoshi.export import docx_bytes

    return Document(io.BytesIO(docx_bytes(ledger, as_of=AS_OF)))


@pytest.fixture(scope="module")
def workbook(ledger: Any) -> Any:
    from openpyxl import load_workbook

    from luoshi.export import xlsx_bytes

    return load_workbook(io.BytesIO(xlsx_bytes(ledger, as_of=AS_OF)))


def mm(emu: int | None) -> float:
    assert emu is not None
    return round(emu / EMU_PER_MM, 1)


# ---- the Word bulletin ----------------------------------------------------------------------------


def test_bulletin_is_a4_with_the_official_margins(bulletin: Any) -> None:
    from docx.enum.section import WD_ORIENT

    first = bulletin.sections[0]
    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)  # A4, not Letter (215.9 × 279.4)
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert [mm(m) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == [
        37, 35, 28, 26]


def test_the_wide_table_is_on_landscape_pages(bulletin: Any) -> None:
    from docx.enum.section import WD_ORIENT

    assert len(bulletin.sections) == 2
    wide = bulletin.sections[1]
    assert wide.orientation == WD_ORIENT.LANDSCAPE
    assert (mm(wide.page_width), mm(wide.page_height)) == (297, 210)
    # the same margins, turned with the paper: 225 mm of table width
    assert mm(wide.page_width) - mm(wide.left_margin) - mm(wide.right_margin) == 225
    # the lagging table (序号, 目标任务, …) is the one in the landscape section: it comes after the break
    body = bulletin.element.body
    breaks = [i for i, el in enumerate(body) if el.find(f"{W}pPr/{W}sectPr") is not None]
    tables = [i for i, el in enumerate(body) if el.tag == f"{W}tbl"]
    assert len(breaks) == 1 and tables[-1] > breaks[0] > tables[-2]
    lagging = bulletin.tables[-1]
    assert [c.text for c in lagging.rows[0].cells] == ["序号", "目标任务", "牵头单位", "状态", "情况说明"]
    assert lagging.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # header repeated on each page


def test_without_lagging_targets_the_bulletin_stays_portrait(ledger: Any) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from luoshi.export import docx_bytes

    early = Document(io.BytesIO(docx_bytes(ledger, as_of=date(2024, 3, 1))))  # nothing due yet
    assert [s.orientation for s in early.sections] == [WD_ORIENT.PORTRAIT]
    assert "无滞后任务。" in [p.text for p in early.paragraphs]
    assert "（截至2024年3月1日）" in early.paragraphs[0].text


def test_title_names_region_and_date(bulletin: Any) -> None:
    title = bulletin.paragraphs[0]
    assert title.style.name == "Title"
    text = title.text.replace("\n", "")
    assert text == "黔南州2024年政府工作报告目标任务推进情况通报（截至2024年6月30日）"
    assert bulletin.core_properties.title == text


def east_asia(style: Any) -> str | None:
    rfonts = style.element.find(f"{W}rPr/{W}rFonts")
    assert rfonts is not None
    # a theme font would win over the name
    assert not [a for a in rfonts.attrib if a.endswith("Theme") or a.endswith("theme")], rfonts.attrib
    return rfonts.get(f"{W}eastAsia")


def test_official_fonts_are_named_for_chinese_text(bulletin: Any) -> None:
    styles = bulletin.styles
    assert east_asia(styles["Title"]) == "方正小标宋简体"
    assert east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert east_asia(styles["Heading 1"]) == "黑体"
    assert east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asia(styles["Heading 3"]) == "仿宋_GB2312"
    assert styles["Title"].font.size.pt == 22 and styles["Normal"].font.size.pt == 16  # 二号, 三号
    assert styles["Heading 1"].font.bold is False  # 黑体 is not set bold
    # the headings are used for the parts of the bulletin
    assert [p.text for p in bulletin.paragraphs if p.style.name == "Heading 1"] == [
        "一、总体情况", "二、分部门情况", "三、滞后任务"]


def test_fonts_have_fallbacks_in_the_font_table(bulletin: Any) -> None:
    part = next(p for p in bulletin.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    alt = {f.get(f"{W}name"): f.find(f"{W}altName").get(f"{W}val") for f in root.findall(f"{W}font")
           if f.find(f"{W}altName") is not None}
    assert alt["方正小标宋简体"] == "宋体"
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"


def test_page_numbers_in_the_footer(bulletin: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first = bulletin.sections[0]
    for footer, align in ((first.footer, WD_ALIGN_PARAGRAPH.RIGHT), (first.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        instr = "".join(t.text for t in p._p.iter(f"{W}instrText"))
        assert instr.strip() == "PAGE"
        assert p.text == "— 1 —"  # the field's last value between the dashes
    assert bulletin.settings.odd_and_even_pages_header_footer
    assert bulletin.sections[1].footer.is_linked_to_previous  # the landscape pages go on counting


def test_table_cells_use_the_table_styles(bulletin: Any) -> None:
    for table in bulletin.tables:
        assert table.style.name == "Table Grid"
        assert {p.style.name for p in table.rows[0].cells[0].paragraphs} == {"表格标题"}
        assert {p.style.name for row in table.rows[1:] for p in row.cells[0].paragraphs} == {"表格文字"}
    assert east_asia(bulletin.styles["表格文字"]) == "仿宋_GB2312"


# ---- the 任务分解表 workbook -------------------------------------------------------------------------


def test_workbook_titles_name_region_and_date(workbook: Any) -> None:
    assert workbook.sheetnames == ["主要量化指标任务分解", "主要任务分解"]
    titles = [ws["A1"].value for ws in workbook.worksheets]
    assert titles == ["黔南州2024年政府工作报告主要量化指标任务分解表（截至2024年6月30日）",
                      "黔南州2024年政府工作报告主要任务分解表（截至2024年6月30日）"]
    assert not [t for t in titles if "任务任务" in t]
    assert workbook.properties.title == "黔南州2024年政府工作报告任务分解表（截至2024年6月30日）"


def test_workbook_prints_on_a4_landscape_one_page_wide(workbook: Any) -> None:
    for ws in workbook.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9  # A4
        assert setup.orientation == "landscape"
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$2:$2"  # the header row on every printed page
        assert "&P" in ws.oddFooter.center.text


def test_workbook_header_frozen_filtered_bold(workbook: Any) -> None:
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "C3"  # title and header rows, 序号 and 目标任务
        assert ws.auto_filter.ref == f"A2:K{ws.max_row}"
        header = [c for c in ws[2]]
        assert [c.value for c in header][:3] == ["序号", "目标任务", "指标值"]
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("D9D9D9") for c in header)
        assert ws.column_dimensions["B"].width >= 30  # 目标任务 gets room
        assert ws.max_row > 2


def test_rows_grow_for_long_text(workbook: Any) -> None:
    from openpyxl import Workbook

    from luoshi.export.sheet import fit_rows

    ws = Workbook().active
    assert ws is not None
    ws.append(["序号", "目标任务"])
    ws.append(["1", "推进" * 20])  # 40 characters, 80 widths, in a column 20 wide: five lines
    ws.append(["2", "短"])
    fit_rows(ws, 2, [6, 20])
    assert ws.row_dimensions[2].height is not None and ws.row_dimensions[2].height >= 5 * 14
    assert ws.row_dimensions[3].height is None  # one line: the spreadsheet's own height
    # in the ledger workbook, the 状态说明 of an unreported target takes two lines
    sheet = workbook["主要任务分解"]
    assert any((sheet.row_dimensions[r].height or 0) > 20 for r in range(3, sheet.max_row + 1))


# ---- the other workbooks ---------------------------------------------------------------------------


def indicators() -> list[Any]:
    from luoshi.extract.model import Indicator

    return [Indicator(doc="qiannan-2024", span=(0, 4), mention="6%左右", subject="地区生产总值", value=6.0, unit="%",
                      kind="growth", stance="target", bound="approx", year=2024, sentence="地区生产总值增长6%左右。")]


def test_indicator_sheet_has_chinese_headers_and_words() -> None:
    from openpyxl import load_workbook

    from luoshi.export.indicators import HEADERS, to_csv, write_xlsx
    from luoshi.extract.formats import FIELDS

    buf = io.BytesIO()
    write_xlsx(indicators(), buf)
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert header == [HEADERS[f] for f in FIELDS] and set(HEADERS) == set(FIELDS)
    assert "doc" not in header and "span" not in header and "报告" in header and "位置" in header
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert (row["类型"], row["性质"], row["界限"]) == ("增长", "目标", "左右")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:P{ws.max_row}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    # the CSV is for programs: the field names and codes of the JSON, unchanged
    assert to_csv(indicators()).splitlines()[0] == ",".join(FIELDS)
    assert ",growth,target,approx," in to_csv(indicators())


def test_compare_and_series_workbooks_frozen_and_filtered(tmp_path: Path) -> None:
    from luoshi.analysis.compare import compare
    from luoshi.analysis.series import Series
    from luoshi.export.tables import compare_workbook, series_workbook

    (tmp_path / "songyuan-2026.txt").write_text(
        "松原县2026年政府工作报告\n\n二、2026年工作安排\n\n今年主要预期目标是：地区生产总值增长6%左右。\n", encoding="utf-8")
    wb = compare_workbook(compare([tmp_path]))
    for ws in (wb["横向比较"], wb["明细"], series_workbook(Series(points=[]))["历年对比"]):
        assert ws.freeze_panes == "C2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.b
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9


def test_review_sheet_frozen_and_filtered(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from review_cases import REPORT_2024, REPORT_2025

    from luoshi.cli import app

    a, b = tmp_path / "qingchuan-2024.txt", tmp_path / "qingchuan-2025.txt"
    a.write_text(REPORT_2024, encoding="utf-8")
    b.write_text(REPORT_2025, encoding="utf-8")
    out = tmp_path / "r.xlsx"
    res = CliRunner().invoke(app, ["review", str(a), str(b), "-f", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out)["对照"]
    assert ws["A1"].value == "结论" and ws["A1"].font.b
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref == f"A1:L{ws.max_row}"
    assert ws.page_setup.orientation == "landscape"


# ---- a stream is written to, never taken for a file name -------------------------------------------


def test_no_writer_leaves_a_file_named_after_its_stream(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`luoshi.export.indicators.write_xlsx` once saved to str(out): given a BytesIO, it wrote a
    workbook named "<_io.BytesIO object at 0x…>" into the working directory (98 of them were
    committed). Every writer given a stream now fills the stream and creates no file."""
    from luoshi.analysis.series import Series
    from luoshi.export import export_docx, export_xlsx
    from luoshi.export.indicators import write_xlsx
    from luoshi.export.tables import series_workbook

    monkeypatch.chdir(tmp_path)
    writers = {
        "indicators": lambda buf: write_xlsx(indicators(), buf),
        "xlsx": lambda buf: export_xlsx(ledger, buf, as_of=AS_OF),
        "docx": lambda buf: export_docx(ledger, buf, as_of=AS_OF),
        "series": lambda buf: series_workbook(Series(points=[])).save(buf),
    }
    for name, write in writers.items():
        buf = io.BytesIO()
        write(buf)
        assert zipfile.is_zipfile(io.BytesIO(buf.getvalue())), name
        assert list(tmp_path.iterdir()) == [], name


def test_no_stream_named_files_in_the_checkout() -> None:
    root = HERE.parents[1]
    assert not [p.name for p in root.glob("<_io.*")]
    assert not [p.name for p in Path.cwd().glob("<_io.*")]
