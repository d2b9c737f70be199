"""How every workbook the office prints is laid out: a header row in bold on grey, frozen, with an
autofilter over it; column widths; A4 landscape, fit to one page wide, the header row repeated on
each printed page and the page number in the footer. The writers (xlsx.py, indicators.py, tables.py
and the review sheet of `luoshi review`) fill their cells and then call `table_layout`.

    table_layout(ws, header_row=2, widths=[6, 40, 14], freeze="C3")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

HEAD_FILL = "D9D9D9"
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
FOOTER = "第 &P 页，共 &N 页"


def head_style(ws: Any, row: int, ncols: int) -> None:
    """Bold on grey, centred and wrapped, thin borders: the header row of a table."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    for c in range(1, ncols + 1):
        cell = ws.cell(row, c)
        cell.font = Font(name=BODY_FONT, bold=True)
        cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def title_row(ws: Any, text: str, ncols: int) -> None:
    """Row 1: the title across the table, merged and centred (the sheet must be empty)."""
    from openpyxl.styles import Alignment, Font

    ws.append([text])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).font = Font(name=TITLE_FONT, bold=True, size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 36


def fit_rows(ws: Any, first_row: int, widths: Sequence[float], *, font_pt: float = 11) -> None:
    """Row heights for wrapped text, from row `first_row` down: spreadsheets do not grow a row for
    its text when they open a file, so a long target would be cut to one line. A Chinese character
    is taken as two widths of a digit at 11 pt (its UTF-8 length 3 plus 1, halved), a line as 1.3
    times the font size."""
    import math

    line_pt = font_pt * 1.3
    cols = [(i, max((w - 1) * 11 / font_pt, 1.0)) for i, w in enumerate(widths)]
    for row in ws.iter_rows(min_row=first_row, max_col=len(widths)):
        lines = 1
        for i, width in cols:
            v = row[i].value
            if isinstance(v, str) and v:
                n = sum(math.ceil((len(part.encode("utf-8")) + len(part)) / 2 / width) or 1
                        for part in v.split("\n"))
                lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * line_pt + 2


def table_layout(
    ws: Any, *, header_row: int = 1, widths: Sequence[float] = (), ncols: int | None = None,
    freeze: str | None = None, landscape: bool = True, font_pt: float = 11,
) -> None:
    """Freeze the header (and `freeze`'s columns), filter over the header row, set the column widths,
    the heights of rows with wrapped text (in `font_pt`) and the print setup. `ncols` defaults to the
    number of widths, else to the sheet's width."""
    from openpyxl.utils import get_column_letter

    n = ncols or len(widths) or ws.max_column
    last = get_column_letter(n)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    fit_rows(ws, header_row + 1, widths, font_pt=font_pt)
    ws.freeze_panes = freeze or f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    print_setup(ws, header_row=header_row, landscape=landscape)


def print_setup(ws: Any, *, header_row: int = 1, landscape: bool = True) -> None:
    """A4, landscape (or portrait), one page wide and as many long as it takes, centred, the rows down
    to the header repeated on every page, 第 N 页 in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
