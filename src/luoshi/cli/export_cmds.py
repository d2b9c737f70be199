"""`luoshi export`: the 任务分解表 workbook and the progress bulletin, written through a temporary file;
`luoshi bulletin`: the weekly bulletin into the bulletin_dir setting (run by luoshi-bulletin.timer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import AsOfOpt, DbOpt, ReportOpt, as_of_date, ledger_session
from luoshi.ledger.rules.formatting import cn_date

export_app = typer.Typer(help="导出任务分解表与进展通报 / export the ledger.", no_args_is_help=True)
app.add_typer(export_app, name="export")


def _export(
    kind: str, writer: Callable[..., int], output: Path, as_of: str | None, report: int | None, db: str | None
) -> tuple[int, str]:
    """Write the file; (what the writer counted, the as-of date used, as 2024年6月30日)."""
    from luoshi.files import replacing
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor), replacing(output) as tmp:
        day = as_of_date(as_of, s)
        n = writer(s, tmp, report_id=report, as_of=day)
        rep = service.get_report(s, ref=report)
        service.record(s, actor=actor, action="export", entity="report", entity_id=rep.id,
                       note=f"{kind}，截至 {day}，写入 {output.name}")
        return n, cn_date(day)


@export_app.command("xlsx")
def export_xlsx_cli(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件 / output file")] = Path(
        "任务分解表.xlsx"
    ),
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    db: DbOpt = None,
) -> None:
    """导出任务分解表（主要量化指标任务分解、主要任务分解两张表）/ Export the ledger workbook.

    Example: luoshi export xlsx -o 任务分解表.xlsx --as-of 2024-06-30
    """
    from luoshi.export import export_xlsx

    n, day = _export("xlsx", export_xlsx, output, as_of, report, db)
    typer.echo(f"已导出 {n} 项目标到 {output}（截至{day}）")


@export_app.command("docx")
def export_docx_cli(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件 / output file")] = Path(
        "进展通报.docx"
    ),
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    db: DbOpt = None,
) -> None:
    """导出进展通报（总体情况、分状态统计、滞后任务）/ Export the progress bulletin.

    Example: luoshi export docx -o 进展通报.docx --as-of 2024-06-30
    """
    from luoshi.export import export_docx

    n, day = _export("docx", export_docx, output, as_of, report, db)
    typer.echo(f"已导出进展通报到 {output}（截至{day}，滞后任务 {n} 项）")


@app.command("bulletin")
def bulletin_cli(
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="输出文件，默认 bulletin_dir 中的 进展通报-<日期>.docx / output file")] = None,
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    db: DbOpt = None,
) -> None:
    """生成每周进展通报（Word），默认存入配置的 bulletin_dir，文件名带截至日期；由 luoshi-bulletin.timer 每周运行。

    Write the weekly progress bulletin (the same document as `luoshi export docx`) into the bulletin_dir
    setting, named after its as-of date.

    Example: luoshi bulletin --as-of 2024-06-30
    """
    from luoshi.config import get_settings
    from luoshi.export import export_docx

    if as_of is None:
        with ledger_session(db) as (s, _actor):
            as_of = as_of_date(None, s).isoformat()
    day = as_of_date(as_of)
    if output is None:
        folder = get_settings().bulletin_dir
        folder.mkdir(parents=True, exist_ok=True)
        output = folder / f"进展通报-{day.isoformat()}.docx"
    n, _day = _export("docx", export_docx, output, day.isoformat(), report, db)
    typer.echo(f"已生成进展通报 {output}（截至 {day.isoformat()}，滞后任务 {n} 项）")
