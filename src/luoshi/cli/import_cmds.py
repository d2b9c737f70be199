"""`luoshi import`: a report into the ledger; the results it gives for last year's targets wait for
the office as year-end progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, ledger_session

if TYPE_CHECKING:  # the ledger (SQLAlchemy) loads only when a ledger command runs
    from luoshi.ledger.operations.importer import ImportResult


@app.command("import")
def import_cli(
    path: Annotated[Path, typer.Argument(help="报告文件 .txt/.docx/.doc/.wps/.pdf/.ofd/.html 或扫描图片 / report file")],
    region: Annotated[
        str | None, typer.Option("--region", help="地区，默认取报告自述（人代会会议行、标题）/ region, e.g. 黔南州")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="规划年度，默认从报告判断 / plan year")] = None,
    assign_departments: Annotated[
        bool, typer.Option("--suggest/--no-suggest", help="按关键词规则建议牵头和配合单位")
    ] = True,
    parent_region: Annotated[
        str | None,
        typer.Option("--parent-region", help="上级地区（县属于州）/ the region this one belongs to"),
    ] = None,
    ocr_checked: Annotated[
        bool, typer.Option("--ocr-checked", help="扫描件中 OCR 识别的数字已对照原件核对 / OCR numbers checked")
    ] = False,
    db: DbOpt = None,
) -> None:
    """把报告导入任务台账 / Import a report's targets and tasks into the ledger.

    地区和年度不指定时取报告自述（会议行、标题、各部分标题），并打印出来请核对；指定的与报告自述
    不符时给出警告。Importing the same text again changes nothing; a changed file shows what changed
    and keeps assignments and progress. Numbers read by OCR from a scan enter only with --ocr-checked,
    once a person has checked them against the paper (or through the web import page, one by one).

    Example: luoshi import ../shared/corpus/qiannan-2024.txt --region 黔南州 --year 2024
    """
    from luoshi.document import read
    from luoshi.ledger import service

    given_region = region
    with ledger_session(db, init=True) as (s, actor):  # the database is checked before the file is read
        doc = read(path)
        name = region or doc.facts.region
        if parent_region and name:
            parent = service.get_or_create_region(s, name=parent_region, actor=actor)
            service.get_or_create_region(s, name=name, parent=parent, actor=actor)
        res = service.import_report(
            s, source=doc, region=region, year=year, actor=actor, auto_assign=assign_departments,
            ocr_checked=ocr_checked,
        )
        region = res.report.region.name
        _echo_facts(res, given_region=given_region, given_year=year)
        n = len(service.list_targets(s, report_id=res.report.id))
        if res.created:
            from luoshi.ledger.rules.labels import type_name

            parts = "，".join(f"{type_name(k)} {v}" for k, v in sorted(res.counts.items()))
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


def _echo_facts(res: ImportResult, *, given_region: str | None, given_year: int | None) -> None:
    """What was taken from the report itself, for the clerk to check, and any contradiction."""
    facts = res.facts
    took = []
    if given_region is None and facts.region:
        took.append(f"地区“{facts.region}”")
    if given_year is None and facts.year:
        took.append(f"年度 {facts.year}")
    if took:
        cue = facts.cues.get("year") or facts.cues.get("region", "")
        typer.echo(f"取自报告自述：{'，'.join(took)}（依据：{cue}），请核对")
    for w in res.warnings:
        typer.echo(f"警告：{w}", err=True)
