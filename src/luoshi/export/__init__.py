"""Writers shared by the CLI and the web app; they read the ledger and never import a face.

    xlsx.py   export_xlsx(session, out, report_id=None, as_of=None)  the 任务分解表 workbook
              xlsx_rows(session, ...) -> {sheet: [[cell, ...], ...]}  the same content as plain values
    docx.py   export_docx(session, out, report_id=None, as_of=None)  the progress bulletin (进展通报)
    csv.py    write_csv(out, rows, columns, headers)                   ledger rows as CSV
    tables.py compare_workbook(table) / series_workbook(series)       横向比较 and 历年对比 workbooks
    rows.py   the rows and cells they share, and the titles (region, year, as-of date)
    page.py   the Word page after GB/T 9704: A4, margins, official fonts with fallbacks, page numbers
    sheet.py  the workbook layout: header row, frozen and filtered; A4 landscape, one page wide

`out` is a path or a binary stream; xlsx_bytes / docx_bytes give the file for a web download.
"""

from luoshi.export.docx import docx_bytes, export_docx
from luoshi.export.xlsx import export_xlsx, xlsx_bytes, xlsx_rows

__all__ = ["docx_bytes", "export_docx", "export_xlsx", "xlsx_bytes", "xlsx_rows"]
