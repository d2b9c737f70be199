"""CSV of ledger rows (the `--format csv` of the ledger commands): a header, then one line per row;
a list cell (配合单位) is joined with 、, a missing value is empty, and text that a spreadsheet would
take for a formula is quoted as text (`cells.text_cell`)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any, TextIO

from luoshi.export.cells import text_cell


def write_csv(out: TextIO, rows: list[dict[str, Any]], columns: Sequence[str], headers: Sequence[str]) -> None:
    # CRLF as RFC 4180 has it: a carriage return inside a cell is then quoted, never a row break.
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([text_cell(h) for h in headers])
    for r in rows:
        w.writerow([text_cell(csv_value(r[c])) for c in columns])


def csv_value(v: Any) -> Any:
    """A list joined with 、, None as an empty cell; other values as they are."""
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    return "" if v is None else v
