"""Indicators as spreadsheets (`luoshi extract --format csv|xlsx`): one row per indicator with the
fields of `luoshi.extract.formats.FIELDS`; every cell through `cells.text_cell`, because mentions and
sentences are report text.

The workbook is for people: Chinese headers (`HEADERS`, the one mapping of field to header) and
Chinese words for kind, stance and bound. The CSV is for programs, like the JSON Lines: it keeps the
field names and codes of the JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from luoshi.export.cells import text_cell
from luoshi.extract.formats import BOUND_ZH, FIELDS, KIND_ZH, STANCE_ZH, flat
from luoshi.extract.model import Indicator

# Field → the header a person reads (the terminal table of `luoshi extract` uses the same words).
HEADERS: dict[str, str] = {
    "doc": "报告",
    "span": "位置",
    "mention": "原文数字",
    "subject": "指标",
    "subject_full": "指标全称",
    "indicator": "指标库",
    "value": "数值",
    "value_max": "上限",
    "unit": "单位",
    "kind": "类型",
    "stance": "性质",
    "bound": "界限",
    "year": "年份",
    "optional": "存疑",
    "section": "所在部分",
    "sentence": "所在句子",
}
_WIDTHS = {"doc": 16, "span": 10, "mention": 14, "subject": 20, "subject_full": 24, "indicator": 16, "value": 10,
           "value_max": 8, "unit": 8, "kind": 6, "stance": 6, "bound": 6, "year": 6, "optional": 6,
           "section": 30, "sentence": 60}
# Codes shown to a person as words.
_WORDS: dict[str, dict[str, str]] = {"kind": KIND_ZH, "stance": STANCE_ZH, "bound": BOUND_ZH}


def _cells(ind: Indicator, *, words: bool = False) -> list[object]:
    row = flat(ind)
    out: list[object] = []
    for k in FIELDS:
        v = row[k]
        if isinstance(v, list):
            v = str(v)
        elif words and k in _WORDS and isinstance(v, str):
            v = _WORDS[k].get(v, v)
        elif words and k == "optional":
            v = "是" if v else ""
        out.append(text_cell(v))
    return out


def to_csv(inds: Iterable[Indicator]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(FIELDS)
    for i in inds:
        w.writerow(["" if v is None else v for v in _cells(i)])
    return buf.getvalue()


def write_xlsx(inds: Sequence[Indicator], out: str | Path | IO[bytes]) -> None:
    """The 指标 sheet to a path or a binary stream (a stream is written to, never taken for a name)."""
    from openpyxl import Workbook

    from luoshi.export.sheet import head_style, table_layout

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "指标"
    ws.append([HEADERS[k] for k in FIELDS])
    head_style(ws, 1, len(FIELDS))
    for i in inds:
        ws.append(_cells(i, words=True))
    table_layout(ws, header_row=1, widths=[_WIDTHS.get(k, 10) for k in FIELDS])
    wb.save(out if not isinstance(out, str | Path) else str(out))
