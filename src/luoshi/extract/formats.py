"""Writers for lists of indicators: JSON Lines and a readable terminal table; `flat` gives the rows
that the spreadsheet writers (CSV, Excel: `luoshi.export.indicators`, where cells are kept from
becoming formulas) write."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence

from luoshi.extract.model import Indicator

FIELDS = ["doc", "span", "mention", "subject", "subject_full", "indicator", "value", "value_max", "unit", "kind", "stance",
          "bound", "year", "optional", "section", "sentence"]
FORMATS = ("jsonl", "csv", "xlsx", "table")

KIND_ZH = {"amount": "总量", "percent": "比率", "growth": "增长", "rank": "排位"}
STANCE_ZH = {"actual": "实绩", "target": "目标"}
BOUND_ZH = {"exact": "", "approx": "左右", "min": "以上", "max": "以内", "range": "区间"}


def flat(ind: Indicator) -> dict[str, object]:
    d = ind.to_dict()
    d["span"] = f"{ind.span[0]}-{ind.span[1]}"
    d["section"] = " > ".join(ind.section)
    return {k: d.get(k) for k in FIELDS}


def to_jsonl(inds: Iterable[Indicator]) -> str:
    return "".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n" for i in inds)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * max(0, w - _width(s))


def to_table(inds: Sequence[Indicator], *, max_subject: int = 18) -> str:
    """A plain table that lines up Chinese text in a terminal, one indicator a row."""
    head = ["位置", "指标", "指标库", "数值", "单位", "类型", "性质", "界限", "年份"]
    rows = []
    for i in inds:
        subject = i.subject if _width(i.subject) <= max_subject * 2 else i.subject[: max_subject - 1] + "…"
        value = f"{i.value:g}" + (f"–{i.value_max:g}" if i.value_max is not None else "")
        rows.append([f"{i.span[0]}", subject + (" (?)" if i.optional else ""), i.indicator or "", value, i.unit,
                     KIND_ZH.get(i.kind, i.kind), STANCE_ZH.get(i.stance, i.stance), BOUND_ZH.get(i.bound, i.bound),
                     str(i.year or "")])
    out = table(head, rows)
    if any(i.optional for i in inds):
        out += "(?) 存疑：标注规范列为可选的边界情形\n"
    return out


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns lined up in a terminal, Chinese characters counted two wide, under a rule."""
    widths = [max([_width(h)] + [_width(r[k]) for r in rows]) for k, h in enumerate(head)]
    lines = ["  ".join(_pad(h, widths[k]) for k, h in enumerate(head))]
    lines.append("  ".join("─" * widths[k] for k in range(len(head))))
    for r in rows:
        lines.append("  ".join(_pad(c, widths[k]) for k, c in enumerate(r)).rstrip())
    return "\n".join(lines) + "\n"
