"""`luoshi import`: a report into the ledger; the results it gives for last year's targets wait for
the office as year-end progress."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, ledger_session


@app.command("import")
def import_cli(
    path: Annotated[Path, typer.Argument(help="报告文件 .txt/.docx/.pdf/.html / report file")],
    region: Annotated[str, typer.Option("--region", help="地区 / region, e.g. 黔南州")],
    year: Annotated[int | None, typer.Option("--year", help="规划年度，默认从报告判断 / plan year")] = None,
    assign_departments: Annotated[
        bool, typer.Option("--suggest/--no-suggest", help="按关键词规则建议牵头和配合单位")
    ] = True,
    parent_region: Annotated[
        str | None,
        typer.Option("--parent-region", help="上级地区（县属于州）/ the region this one belongs to"),
    ] = None,
    db: DbOpt = None,
) -> None:
    """把报告导入任务台账 / Import a report's targets and tasks into the ledger.

    Importing the same text again changes nothing; a changed file shows what changed and keeps
    assignments and progress.

    Example: luoshi import qiannan-2024.txt --region 黔南州 --year 2024
    """
    from luoshi.ledger import service

    with ledger_session(db, init=True) as (s, actor):
        if parent_region:
            parent = service.get_or_create_region(s, name=parent_region, actor=actor)
            service.get_or_create_region(s, name=region, parent=parent, actor=actor)
        res = service.import_report(
            s, source=path, region=region, year=year, actor=actor, auto_assign=assign_departments
        )
        n = len(service.list_targets(s, report_id=res.report.id))
        if res.created:
            parts = "，".join(f"{k} {v}" for k, v in sorted(res.counts.items()))
            typer.echo(f"已导入报告 {res.report.id}（{region} {res.report.year}）：目标 {n} 项（{parts}）")
        else:
            typer.echo(
                f"报告 {res.report.id}（{region} {res.report.year}）：{res.diff.summary()}；现有目标 {n} 项"
            )
            for tid, fields in res.diff.changed[:20]:
                typer.echo(f"  变更 #{tid}: " + "；".join(f"{k}: {v[0]} → {v[1]}" for k, v in fields.items()))
        # The results this report gives for last year's targets wait for the office as year-end progress.
        from luoshi.ledger.operations import carryover

        co = carryover.offer_results(s, report=res.report, actor=actor)
        if co.added:
            typer.echo(f"上年（{co.year}）目标对照：{len(co.added)} 项结果已作为年终进展报送，待审核 / "
                       f"{len(co.added)} results offered as year-end progress for {co.year}, awaiting review")
