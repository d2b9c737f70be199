"""CSV of ledger rows (the `--format csv` of the ledger commands): a header, then one line per row;
a list cell (配合单位) is joined with 、, a missing value is empty."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any, TextIO


def write_csv(out: TextIO, rows: list[dict[str, Any]], columns: Sequence[str], headers: Sequence[str]) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow(
            [
                "、".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (r[c] for c in columns)
            ]
        )
