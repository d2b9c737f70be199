"""Status and the office's hand on it: `status` (one target or rolled up), `remind` (催办),
`withdraw` and `override`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import AsOfOpt, DbOpt, ReportOpt, as_of_date, emit_rows, ledger_session
from luoshi.ledger.rules.formatting import cn_date


@app.command("status")
def status_cli(
    target: Annotated[
        str | None, typer.Argument(help="目标编号；缺省时汇总 / target id, or a summary")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="section | department | region | top_region")] = "section",
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    db: DbOpt = None,
) -> None:
    """截至某日的状态：单个目标，或按章节/部门/地区汇总 / Status as of a date, of one target or rolled up.

    Example: luoshi status --as-of 2024-06-30 --by department
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules.status import STATUSES

    with ledger_session(db) as (s, _actor):
        day = as_of_date(as_of, s)
        if target is not None:
            st = service.status_of(s, target=target, as_of=day)
            t = service.get_target(s, ref=target)
            if fmt == "json":
                typer.echo(
                    json.dumps(
                        {"id": t.id, "text": t.text, "as_of": day.isoformat(), **st.to_dict()},
                        ensure_ascii=False,
                    )
                )
            else:
                typer.echo(
                    f"#{t.id} {t.text}（截至{cn_date(day)}）\n状态：{st.status}{'（人工认定）' if st.overridden else ''}"
                    f"  预警：{st.warning or '无'}\n说明：{st.reason}"
                )
            return
        rep = service.get_report(s, ref=report)
        ledger = service.ledger_status(s, as_of=day, report_id=rep.id)
        groups = service.rollups(s, as_of=day, by=by, report_id=rep.id,
                                 statuses={r.target.id: r.status for r in ledger.rows})
    tally = ledger.tally
    if fmt == "table":
        typer.echo(
            f"截至{cn_date(day)}：跟踪目标共 {tally.total} 项，"
            + "，".join(f"{k} {tally.counts.get(k, 0)}" for k in STATUSES)
            + f"；预警 红 {tally.warnings.get('红', 0)} 黄 {tally.warnings.get('黄', 0)} 蓝 {tally.warnings.get('蓝', 0)}"
            + (f"（另有已拆分目标 {tally.split} 项按下属任务计）" if tally.split else "")
        )
    rows = []
    for g in groups:
        d = g.to_dict()
        rows.append(
            {
                "label": g.label,
                "total": g.total,
                **{k: g.counts.get(k, 0) for k in STATUSES},
                "completion": f"{g.completion:.1%}",
                "counts": d["counts"],
                "warnings": d["warnings"],
            }
        )
    if fmt == "json":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False))
        return
    emit_rows(
        rows,
        ["label", "total", *STATUSES, "completion"],
        fmt,
        [
            {"section": "章节", "department": "牵头单位", "region": "地区", "top_region": "地区"}.get(by, "分组"),
            "合计",
            *STATUSES,
            "完成率",
        ],
    )


@app.command("remind")
def remind_cli(
    as_of: AsOfOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出，不记录 / list only")] = False,
    db: DbOpt = None,
) -> None:
    """催办：按部门列出临近时限、已逾期、未报送和待审核的事项，并记录已催办（每日由 cron 运行）。

    List what is near its deadline, overdue, missing or awaiting review, per department, and record
    the reminders (run daily from cron).

    Example: luoshi remind --as-of 2024-07-15
    """
    from luoshi.ledger.operations.remind import KINDS, due_reminders, send_reminders

    with ledger_session(db) as (s, actor):
        day = as_of_date(as_of, s)
        items = due_reminders(s, as_of=day) if dry_run else send_reminders(s, as_of=day, actor=actor)
    current = None
    for it in items:
        if it.department != current:
            current = it.department
            typer.echo(f"【{current}】")
        typer.echo(f"  #{it.target_id} {it.message}")
    counts = {KINDS[k]: sum(1 for i in items if i.kind == k) for k in KINDS}
    typer.echo(
        ("待催办" if dry_run else "已催办")
        + f" {len(items)} 项："
        + "，".join(f"{k} {v}" for k, v in counts.items())
    )


@app.command("withdraw")
def withdraw_cli(
    target: Annotated[str, typer.Argument(help="目标编号 / target id")],
    reason: Annotated[str, typer.Option("--reason", help="撤销理由 / reason")],
    db: DbOpt = None,
) -> None:
    """撤销目标（保留记录）/ Withdraw a target, with a reason; nothing is deleted.

    Example: luoshi withdraw 42 --reason 与第41项重复
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        t = service.withdraw_target(s, target=target, reason=reason, actor=actor)
    typer.echo(f"#{t.id} 已撤销：{reason}")


@app.command("override")
def override_cli(
    target: Annotated[str, typer.Argument(help="目标编号 / target id")],
    status: Annotated[
        str | None, typer.Option("--status", help="已完成/超进度/达进度/欠进度/严重欠进度/未报送/无法判断")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="认定理由 / reason")] = "",
    clear: Annotated[bool, typer.Option("--clear", help="取消人工认定 / clear the override")] = False,
    db: DbOpt = None,
) -> None:
    """人工认定目标状态（须说明理由，留痕）/ Override a target's computed status, with a reason.

    Example: luoshi override 42 --status 已完成 --reason 省厅已验收
    """
    from luoshi.errors import InvalidInput
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        if clear:
            service.clear_override(s, target=target, reason=reason, actor=actor)
            typer.echo(f"#{target} 已取消人工认定")
            return
        if status is None:
            raise InvalidInput("请给出 --status 或 --clear")
        service.override_status(s, target=target, status=status, reason=reason, actor=actor)
    typer.echo(f"#{target} 状态认定为 {status}：{reason}")
