"""`luoshi numbers`: a thin shell over luoshi.parse_numbers, a quick check for analysts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.errors import LuoshiError

FORMATS = ("table", "json")


@app.command("numbers")
def numbers_cli(
    source: Annotated[str, typer.Argument(help="一段文字、一份报告文件，或 - 表示标准输入 / text, a report file, or - for stdin")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """列出文字中的每个数字：位置、原文、数值、单位、量级、绝对值、约数、负数、区间 / List every number
    in a text or a report as the number layer reads it.

    Example: luoshi numbers "新建保障房1.44万套，增速负3.9%，目标百分之五到六"
    """
    from luoshi import parse_numbers

    if fmt not in FORMATS:
        raise LuoshiError(f"未知格式 / unknown format: {fmt} (table, json)")
    mentions = parse_numbers(_text_of(source))
    if fmt == "json":
        # A JSON array, one mention a line: valid JSON that still reads well in a terminal.
        typer.echo("[" + ",".join("\n " + json.dumps(m.to_dict(), ensure_ascii=False) for m in mentions) + "\n]")
        return
    if not mentions:
        typer.echo("没有找到数字 / no numbers found")
        return
    from luoshi.extract.formats import table

    head = ["位置", "原文", "数值", "单位", "量级", "绝对值", "约数", "说明"]
    rows = [[f"{m.start}-{m.end}", m.text, _value(m.value, m.value_max), m.unit, m.magnitude,
             _value(m.absolute, m.absolute_max) + (f" {m.base_unit}" if m.base_unit else ""), m.approx,
             "、".join(w for w, on in (("负数", m.negative), ("序数", m.rank), ("区间", m.value_max is not None)) if on)]
            for m in mentions]
    typer.echo(table(head, rows), nl=False)


def _text_of(source: str) -> str:
    """`-` is standard input; a path with a report's extension is read as a report; anything else is the text."""
    if source == "-":
        return sys.stdin.read()
    from luoshi.document.readers import REPORT_EXTENSIONS

    path = Path(source)
    if path.suffix.lower() in REPORT_EXTENSIONS and len(source) < 4096:
        from luoshi import read

        return read(path).text
    return source


def _value(v: float, v_max: float | None = None) -> str:
    """12.5, 700000009, 0.3333333333: no exponent, no trailing zeros."""
    def one(x: float) -> str:
        return f"{x:.10f}".rstrip("0").rstrip(".")

    return one(v) + (f"–{one(v_max)}" if v_max is not None else "")
