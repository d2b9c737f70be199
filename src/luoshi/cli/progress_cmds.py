"""`luoshi progress`: report progress, list reports, accept them or send them back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import DbOpt, emit_rows, ledger_session

progress_app = typer.Typer(help="进展报送 / progress reports.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")


@progress_app.command("add")
def progress_add(
    target: Annotated[str, typer.Argument(help="目标编号 / target id")],
    period: Annotated[
        str, typer.Option("--period", help="报送期：2024 / 2024-H1 / 2024-Q2 / 2024-06 / 2024-06-30")
    ],
    value: Annotated[
        float | None, typer.Option("--value", help="累计完成值（目标的单位）/ value reached to date")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="数值的单位，与目标不同时换算 / unit of --value")
    ] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="定性任务：未启动/推进中/滞后/已完成")] = None,
    note: Annotated[str, typer.Option("--note", help="进展情况说明 / account")] = "",
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="佐证材料文件名 / evidence file (name recorded)")
    ] = None,
    pending: Annotated[bool, typer.Option("--pending", help="记为待审核 / leave awaiting review")] = False,
    db: DbOpt = None,
) -> None:
    """报送目标进展 / Record progress of a target for a period.

    Example: luoshi progress add 12 --period 2024-Q2 --value 3.2 --note 已开工建设
    """
    from luoshi.errors import InvalidInput
    from luoshi.ledger import service

    infos = []
    for p in attach or []:
        if not p.is_file():
            raise InvalidInput(f"佐证材料文件不存在 / no such file: {p}")
        infos.append(
            service.AttachmentInfo(filename=p.name, size=p.stat().st_size, stored_path=str(p.resolve()))
        )
    with ledger_session(db) as (s, actor):
        pr = service.add_progress(
            s,
            target=target,
            period=period,
            value=value,
            unit=unit,
            stage=stage,
            note=note,
            attachments=infos,
            reporter=actor,
            accept=False if pending else None,
        )
        st = service.status_of(s, target=pr.target_id, as_of=pr.period_end)
        typer.echo(
            f"已记录进展 {pr.id}（目标 #{pr.target_id}，{pr.period}，{'待审核' if pending else '已采纳'}）；"
            f"截至{pr.period_end}状态：{st.status}（{st.reason}）"
        )


@progress_app.command("list")
def progress_list(
    target: Annotated[str | None, typer.Argument(help="目标编号，缺省为全部 / target id")] = None,
    state: Annotated[str | None, typer.Option("--state", help="pending 待审核、accepted 已采纳、returned 已退回")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    db: DbOpt = None,
) -> None:
    """列出进展报送 / List progress reports, newest first.

    Example: luoshi progress list --state pending
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, _actor):
        t = service.get_target(s, ref=target) if target else None
        rows = [
            {
                "id": p.id,
                "target": p.target_id,
                "period": p.period,
                "value": p.value,
                "stage": p.stage,
                "note": p.note,
                "state": p.review_state,
                "comment": p.review_comment,
                "reported_at": p.reported_at.isoformat(timespec="seconds"),
            }
            for p in service.list_progress(s, target=t, review_state=state)
        ]
    if fmt != "json":  # people read 待审核 / 已采纳 / 已退回; JSON keeps the codes
        from luoshi.ledger.rules.labels import REVIEW_NAMES

        for r in rows:
            r["state"] = REVIEW_NAMES.get(str(r["state"]), r["state"])
    emit_rows(
        rows,
        ["id", "target", "period", "value", "stage", "note", "state", "comment", "reported_at"],
        fmt,
        ["编号", "目标", "报送期", "数值", "阶段", "说明", "审核", "意见", "报送时间"]
        if fmt != "json"
        else None,
    )


@progress_app.command("review")
def progress_review(
    progress: Annotated[int, typer.Argument(help="进展报送编号 / progress report id")],
    accept: Annotated[
        bool, typer.Option("--accept/--return", help="采纳或退回 / accept or send back")
    ] = True,
    comment: Annotated[str, typer.Option("--comment", help="审核意见（退回时必填）")] = "",
    db: DbOpt = None,
) -> None:
    """审核部门报送的进展 / Accept a department's report or send it back with a comment.

    Example: luoshi progress review 7 --return --comment 请补充佐证材料
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        pr = service.review_progress(s, progress=progress, accept=accept, comment=comment, actor=actor)
    typer.echo(f"进展 {pr.id} 已{'采纳' if pr.review_state == 'accepted' else '退回'}")
