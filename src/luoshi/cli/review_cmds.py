"""`luoshi review` (year N targets against year N+1 results) and `luoshi corpus` (a folder of reports
→ Parquet/CSV tables). Thin shells over `luoshi.analysis.review.review` and `luoshi.analysis.corpus.run`; heavy
libraries (pyarrow, dask, openpyxl) are imported inside the commands."""

from __future__ import annotations

import csv
import io
import json
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from luoshi.cli import app
from luoshi.errors import InvalidInput

if TYPE_CHECKING:
    from luoshi.analysis.review import Review, Row


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


_COLUMNS = {
    "verdict": "结论",
    "subject": "指标",
    "target": "目标",
    "result": "结果",
    "reason": "理由",
    "group": "所属部分",
    "target_sentence": "目标原文",
    "target_span": "目标位置",
    "result_sentence": "结果原文",
    "result_span": "结果位置",
    "candidates": "候选结果",
    "near": "相近指标",
}
# Column widths of the 对照 sheet (characters).
_WIDTHS = {"verdict": 10, "subject": 18, "target": 14, "result": 14, "reason": 36, "group": 16,
           "target_sentence": 48, "target_span": 10, "result_sentence": 48, "result_span": 10, "candidates": 20,
           "near": 16}


def review_reports(
    targets_report: Path,
    results_report: Path,
    *,
    year: int | None = None,
    points: float = 0.5,
    ratio: float = 0.05,
) -> Review:
    """Read and extract both reports, then judge the first one's targets by the second's results."""
    import luoshi
    from luoshi.analysis.review import Band, review
    from luoshi.document import report_year

    a = luoshi.read(targets_report)
    b = luoshi.read(results_report)
    ya, yb = report_year(a), report_year(b)
    if year is None:
        year = ya
    if year is not None and yb is not None and yb != year + 1:
        # Not fatal (a report may be misdated), but the user should know why everything is 未提及.
        typer.echo(
            f"luoshi: warning: 结果报告是 {yb} 年的，不是 {year + 1} 年 / results report is for {yb}, not {year + 1}",
            err=True,
        )
    return review(luoshi.extract(a), luoshi.extract(b), year=year, band=Band(points=points, ratio=ratio))


@app.command("review")
def review_cli(
    targets_report: Annotated[
        Path, typer.Argument(help="第 N 年的报告（目标）/ report of year N, with targets")
    ],
    results_report: Annotated[
        Path, typer.Argument(help="第 N+1 年的报告（结果）/ report of year N+1, with results")
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式 / output format")] = Format.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件 / write to a file")] = None,
    year: Annotated[int | None, typer.Option(help="目标年份（默认取报告年份）/ year of the targets")] = None,
    band_points: Annotated[float, typer.Option(help="“左右”幅度：百分点 / 左右 band in points")] = 0.5,
    band_ratio: Annotated[
        float, typer.Option(help="“左右”幅度：其他单位按目标的比例 / band as a fraction")
    ] = 0.05,
) -> None:
    """逐项对照：第 N 年报告的目标在第 N+1 年报告中是否兑现（达成/基本达成/未达成/未提及/无法比较）。

    Example: luoshi review src/luoshi/sample/regions/qingchuan-2025.txt src/luoshi/sample/regions/qingchuan-2026.txt
    --format xlsx -o 兑现.xlsx
    """
    if band_points < 0 or band_ratio < 0:
        raise InvalidInput("幅度不能为负 / band must not be negative")
    if fmt is Format.xlsx and output is None:
        raise InvalidInput("xlsx 格式需要 -o 输出文件 / --format xlsx needs -o FILE")
    rev = review_reports(targets_report, results_report, year=year, points=band_points, ratio=band_ratio)
    if fmt is Format.table:
        if output is None:
            _print_table(rev)
        else:
            _write_text(output, _table_text(rev))
    elif fmt is Format.json:
        text = json.dumps(rev.to_dict(), ensure_ascii=False, indent=2) + "\n"
        _emit(output, text)
    elif fmt is Format.csv:
        _emit(output, _csv_text(rev), bom=output is not None)
    else:
        assert output is not None
        _write_xlsx(output, rev)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A review row as spreadsheet cells (CSV and xlsx): lists joined, report text never a formula."""
    from luoshi.export.cells import text_cell

    out = {}
    for k, v in row.items():
        if isinstance(v, list):
            v = (
                "；".join(str(x) for x in v)
                if k not in ("target_span", "result_span")
                else (f"{v[0]}-{v[1]}" if v else "")
            )
        out[k] = text_cell("" if v is None else v)
    return out


def _csv_text(rev: Review) -> str:
    rows = [_flat(r.to_dict()) for r in rev.rows]
    buf = io.StringIO()
    fields = list(rows[0]) if rows else list(_COLUMNS)
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\r\n")  # a CR in a cell is then quoted
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _summary_lines(rev: Review) -> list[str]:
    s = rev.summary()
    counts = "，".join(f"{k} {v}" for k, v in s.counts.items())
    rate = f"{s.rate:.1%}" if s.rate is not None else "—"
    lines = [
        f"{rev.year or ''}年目标 {s.total} 项：{counts}；兑现率 {rate}（达成+基本达成 / 可比 {s.comparable} 项）"
    ]
    for g, st in s.by_group.items():
        r = f"{st['rate']:.1%}" if st["rate"] is not None else "—"
        lines.append(f"  {g or '（未分部分）'}：{st['total']} 项，兑现率 {r}")
    return lines


_CLAUSE = re.compile(r"[^，。；！？,;]+")


_DIGIT = "0-9０-９.．"


def _clause(sentence: str, mention: str) -> str:
    """The clause of `sentence` holding `mention`, for a short evidence cell. The mention must stand on
    number boundaries: `3%` is not the tail of `6.3%`, nor `5万` the middle of `15万`."""
    if mention:
        pattern = re.compile(rf"(?<![{_DIGIT}]){re.escape(mention)}(?![{_DIGIT}])")
        found = pattern.search(sentence)
        if found:
            for m in _CLAUSE.finditer(sentence):
                if m.start() <= found.start() < m.end():
                    return m.group().strip()
    return sentence[:40]


def _evidence(r: Row) -> str:
    t = r.target
    out = f"目标@{t.span[0]}-{t.span[1]}：{_clause(t.sentence, t.mention)}"
    if r.result is not None:
        a = r.result
        out += f"\n结果@{a.span[0]}-{a.span[1]}：{_clause(a.sentence, a.mention)}"
    return out


_SHOWN = ("verdict", "subject", "target", "result", "reason")


def _table_text(rev: Review) -> str:
    lines = ["\t".join([*(_COLUMNS[k] for k in _SHOWN), "依据"])]
    for r in rev.rows:
        d = r.to_dict()
        lines.append("\t".join([*(str(d[k]) for k in _SHOWN), _evidence(r).replace("\n", " | ")]))
    return "\n".join([*lines, "", *_summary_lines(rev)]) + "\n"


def _print_table(rev: Review) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    colour = {"达成": "green", "基本达成": "cyan", "未达成": "red", "未提及": "yellow", "无法比较": "magenta"}
    table = Table(show_lines=True)
    for k in _SHOWN:
        table.add_column(_COLUMNS[k], overflow="fold")
    table.add_column("依据", overflow="fold")
    for r in rev.rows:
        d = r.to_dict()
        table.add_row(
            f"[{colour.get(r.verdict, 'white')}]{r.verdict}[/]",
            escape(d["subject"]),
            escape(d["target"]),
            escape(d["result"]),
            escape(d["reason"]),
            escape(_evidence(r)),
        )
    console = Console()
    console.print(table)
    for line in _summary_lines(rev):
        console.print(line, markup=False)


def _write_text(path: Path, text: str, *, bom: bool = False) -> None:
    from luoshi.files import replacing

    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8-sig" if bom else "utf-8")


def _emit(output: Path | None, text: str, *, bom: bool = False) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_text(output, text, bom=bom)


def _write_xlsx(path: Path, rev: Review) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "对照"
    rows = [_flat(r.to_dict()) for r in rev.rows]
    keys = list(_COLUMNS)
    ws.append([_COLUMNS[k] for k in keys])
    for row in rows:
        ws.append([row.get(k, "") for k in keys])
    from luoshi.export.sheet import head_style, print_setup, table_layout

    head_style(ws, 1, len(keys))
    table_layout(ws, header_row=1, widths=[_WIDTHS.get(k, 12) for k in keys], freeze="C2")
    sums = wb.create_sheet("汇总")
    s = rev.summary()
    sums.append(["结论", "项数"])
    for k, v in s.counts.items():
        sums.append([k, v])
    sums.append(["兑现率", s.rate])
    sums.append([])
    sums.append(["所属部分", "项数", "可比", "兑现率"])
    for g, st in s.by_group.items():
        sums.append([g, st["total"], st["comparable"], st["rate"]])
    head_style(sums, 1, 2)
    sums.cell(len(s.counts) + 2, 2).number_format = "0.0%"  # 兑现率
    for r in range(len(s.counts) + 5, sums.max_row + 1):
        sums.cell(r, 4).number_format = "0.0%"
    head_style(sums, len(s.counts) + 4, 4)
    sums.column_dimensions["A"].width = 24
    print_setup(sums, landscape=False)
    from luoshi.files import replacing

    with replacing(path) as tmp:
        wb.save(tmp)


@app.command("corpus")
def corpus_cli(
    directory: Annotated[Path, typer.Argument(help="报告所在目录（含子目录）/ folder of reports")],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出目录 / output folder")],
    metadata: Annotated[Path | None, typer.Option(help="元数据 CSV：file,region,year / metadata CSV")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="进程数（默认全部核心；用 --scheduler 时由集群决定）/ worker processes (ignored with --scheduler)"
        ),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask 调度器地址 / Dask scheduler, e.g. tcp://10.0.0.5:8786")
    ] = None,
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="忽略已完成记录，全部重做 / redo every file, e.g. after an upgrade"),
    ] = False,
    progress: Annotated[
        bool | None, typer.Option("--progress/--no-progress", help="进度条 / progress bar")
    ] = None,
) -> None:
    """批量处理目录中的全部报告，输出 reports / indicators / promises 三张表（Parquet 与 CSV）。可续跑：已完成的文件按哈希跳过。

    Example: luoshi corpus ../shared/corpus/dev/ -o 语料表/ --workers 2
    """
    from luoshi.analysis.corpus import run

    if workers is not None and workers < 1:
        raise InvalidInput("--workers 至少为 1 / --workers must be at least 1")
    res = run(
        directory,
        output,
        metadata=metadata,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
        fresh=fresh,
    )
    rows = "，".join(f"{k} {v} 行" for k, v in res.rows.items())
    typer.echo(
        f"{res.files} 个文件：新处理 {res.done}，跳过（已完成）{res.skipped}，失败 {res.failed}；{rows} → {res.out}"
    )
    for err in res.errors:
        typer.echo(f"luoshi: warning: {err}", err=True)
