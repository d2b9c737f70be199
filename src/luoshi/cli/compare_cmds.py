"""`luoshi compare`: the main expected targets of many reports side by side. A thin shell over
`luoshi.analysis.compare.compare`; pandas, pyarrow and openpyxl are imported inside the command."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from luoshi.cli import app
from luoshi.errors import InvalidInput

if TYPE_CHECKING:
    from luoshi.analysis.compare import CompareTable


class Format(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    parquet = "parquet"


class Stance(StrEnum):
    target = "target"
    actual = "actual"


class Scope(StrEnum):
    list = "list"
    all = "all"


OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="写入文件 / write to a file")]
IndicatorOpt = Annotated[
    list[str] | None, typer.Option("--indicator", "-i", help="只列这些指标（可多次）/ only these indicators")
]
CatalogueOpt = Annotated[Path | None, typer.Option(help="自己的指标别名 YAML / your own indicator aliases (YAML)")]


@app.command("compare")
def compare_cli(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或目录 / report files or folders")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式 / output format")] = Format.table,
    output: OutputOpt = None,
    stance: Annotated[
        Stance, typer.Option(help="target：目标；actual：上一年的实绩 / targets, or last year's results")
    ] = Stance.target,
    scope: Annotated[
        Scope,
        typer.Option(help="list：只取主要预期目标段；all：全文的当年目标 / the main target list only, or all"),
    ] = Scope.list,
    indicator: IndicatorOpt = None,
    catalogue: CatalogueOpt = None,
    workers: Annotated[int | None, typer.Option(help="进程数（默认 1）/ worker processes")] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask 调度器地址 / Dask scheduler, e.g. tcp://10.0.0.5:8786")
    ] = None,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="进度条 / progress bar")
    ] = None,
) -> None:
    """横向比较：每份报告一行，每个指标（指标库中的规范名称）一列，单元格为目标原文（5%左右、≥60万人、5%—5.5%）。

    Example: luoshi compare ../shared/corpus/full-2026/ --format xlsx -o 主要预期目标.xlsx
    """
    import sys

    from luoshi.analysis.compare import compare

    if fmt in (Format.xlsx, Format.parquet) and output is None:
        raise InvalidInput(f"{fmt.value} 格式需要 -o 输出文件 / --format {fmt.value} needs -o FILE")
    table = compare(
        paths, stance=stance.value, scope=scope.value, catalogue=catalogue, workers=workers, scheduler=scheduler,
        progress=sys.stderr.isatty() if progress is None else progress,
    )  # fmt: skip
    if indicator:
        unknown = [n for n in indicator if n not in table.indicators]
        if unknown:
            raise InvalidInput(f"报告中没有这些指标 / not found: {'、'.join(unknown)}")
        table.indicators = list(indicator)
    write(table, fmt.value, output)
    for err in table.errors:
        typer.echo(f"luoshi: error: {err}", err=True)
    if table.errors:
        raise typer.Exit(2)


def write(table: CompareTable, fmt: str, output: Path | None) -> None:
    from luoshi.files import replacing

    if fmt == "table" and output is None:
        _print_table(table)
        return
    if fmt in ("xlsx", "parquet"):
        assert output is not None
        with replacing(output) as tmp:
            if fmt == "xlsx":
                from luoshi.export.tables import compare_workbook

                compare_workbook(table).save(tmp)
            else:
                table.long_frame().to_parquet(tmp, index=False)
        return
    if fmt == "json":
        text = json.dumps(table.to_json(), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "csv":
        from luoshi.export.tables import safe_text

        text = table.frame().map(safe_text).to_csv(index=False)
    else:
        text = table.frame().fillna("").to_string(index=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        with replacing(output) as tmp:
            tmp.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")


def _print_table(table: CompareTable) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console()
    shown = _shown(table, console.width)
    view = Table(show_lines=False, header_style="bold")
    for col in ("地区", "年份", *shown):
        view.add_column(col, overflow="fold")
    for r in table.rows:
        cells = []
        for n in shown:
            c = r.cells.get(n)
            cells.append("" if c is None else escape(c.text) if c.value is not None else f"[dim]{escape(_short(c.text))}[/]")
        view.add_row(escape(r.region or r.doc), str(r.year or ""), *cells)
    console.print(view)
    hidden = len(table.indicators) - len(shown)
    label = "目标" if table.stance == "target" else "实绩"
    console.print(f"{len(table.rows)} 份报告，{len(table.indicators)} 个指标（{label}）", markup=False)
    if hidden:
        console.print(f"另有 {hidden} 个指标未在终端显示：用 --indicator 选择，或 --format csv/xlsx 导出全部", markup=False)


def _short(words: str) -> str:
    """A words-only target in a terminal cell: its first characters (the full text is in csv/xlsx/json)."""
    return words if len(words) <= 8 else words[:7] + "…"


def _shown(table: CompareTable, width: int) -> list[str]:
    """The indicators most reports have, as many as fit the terminal (about 12 columns of 10)."""
    count = {n: sum(1 for r in table.rows if n in r.cells) for n in table.indicators}
    fits = max(3, (width - 16) // 12)
    keep = sorted(table.indicators, key=lambda n: -count[n])[:fits]
    return [n for n in table.indicators if n in keep]


class SeriesFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


@app.command("series")
def series_cli(
    paths: Annotated[list[Path], typer.Argument(help="同一地区多年的报告文件或目录 / reports of a region over years")],
    fmt: Annotated[SeriesFormat, typer.Option("--format", "-f", help="输出格式 / output format")] = SeriesFormat.table,
    output: OutputOpt = None,
    indicator: IndicatorOpt = None,
    catalogue: CatalogueOpt = None,
) -> None:
    """历年对比：第 N 年的目标与第 N+1 年报告给出的结果，逐个指标并列（结论同 luoshi review）。xlsx 含折线图。

    Example: luoshi series src/luoshi/sample/regions/qingchuan-2025.txt src/luoshi/sample/regions/qingchuan-2026.txt
    --format xlsx -o 历年对比.xlsx
    """
    from luoshi.analysis.series import series_paths
    from luoshi.files import replacing

    if fmt is SeriesFormat.xlsx and output is None:
        raise InvalidInput("xlsx 格式需要 -o 输出文件 / --format xlsx needs -o FILE")
    series = series_paths(paths, indicators=indicator, catalogue=catalogue)
    if fmt is SeriesFormat.xlsx:
        from luoshi.export.tables import series_workbook

        assert output is not None
        with replacing(output) as tmp:
            series_workbook(series).save(tmp)
    else:
        frame = series.frame()
        if fmt is SeriesFormat.json:
            text = json.dumps(series.to_json(), ensure_ascii=False, indent=1) + "\n"
        elif fmt is SeriesFormat.csv:
            from luoshi.export.tables import safe_text

            text = frame.map(safe_text).to_csv(index=False)
        else:
            shown = frame[["region", "indicator", "year", "target", "result", "verdict"]].fillna("")
            shown.columns = ["地区", "指标", "年份", "目标", "结果", "结论"]
            text = shown.to_string(index=False) + "\n"
        if output is None:
            typer.echo(text, nl=False)
        else:
            with replacing(output) as tmp:
                tmp.write_text(text, encoding="utf-8-sig" if fmt is SeriesFormat.csv else "utf-8")
    for err in series.errors:
        typer.echo(f"luoshi: error: {err}", err=True)
    if series.errors:
        raise typer.Exit(2)
