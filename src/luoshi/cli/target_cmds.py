"""Targets: list them (`targets`), set who is responsible (`assign`), split one into sub-tasks
(`split`), read the audit trail (`history`)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from luoshi.cli import app
from luoshi.cli.common import AsOfOpt, DbOpt, ReportOpt, as_of_date, emit_rows, ledger_session, parse_date

TARGET_COLUMNS = [
    "id",
    "no",
    "type",
    "text",
    "value_text",
    "lead",
    "co",
    "deadline",
    "progress",
    "status",
    "warning",
]
TARGET_HEADERS = [
    "编号",
    "序号",
    "类型",
    "目标任务",
    "指标值",
    "牵头单位",
    "配合单位",
    "完成时限",
    "进展情况",
    "状态",
    "预警",
]


@app.command("targets")
def targets_cli(
    dept: Annotated[str | None, typer.Option("--dept", help="部门名称或编号 / department")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="已完成/超进度/达进度/欠进度/严重欠进度/未报送/无法判断")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", help="种类：quantified 量化指标、task 定性任务、item 民生实事、subtask 分解任务")] = None,
    search: Annotated[str | None, typer.Option("--search", "-q", help="按文字查找 / text search")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    db: DbOpt = None,
) -> None:
    """列出目标任务及其分工、进展和状态 / List targets with departments, progress and status.

    Example: luoshi targets --dept 教育局 --status 欠进度 --format csv
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, _actor):
        rep = service.get_report(s, ref=report)
        dept_id = service.get_department(s, ref=dept).id if dept else None
        rows = service.ledger_rows(
            s,
            as_of=as_of_date(as_of, s),
            report_id=rep.id,
            department_id=dept_id,
            status=status,
            type=type_,
            q=search,
        )
        from luoshi.ledger.rules.labels import type_name

        shown = [r.to_dict() for r in rows]
        if fmt != "json":  # people read 量化指标 / 定性任务; JSON keeps the codes
            from luoshi.ledger.rules.counting import SPLIT

            for d in shown:
                d["type"] = type_name(d["type"])
                if not d.get("counted", True) and not d.get("withdrawn"):  # as the ledger list shows it
                    d["status"], d["warning"] = SPLIT, ""
        emit_rows(
            shown,
            TARGET_COLUMNS if fmt != "json" else list(rows[0].to_dict()) if rows else [],
            fmt,
            TARGET_HEADERS if fmt != "json" else None,
        )


@app.command("assign")
def assign_cli(
    targets: Annotated[list[str], typer.Argument(help="目标编号 / target ids")],
    lead: Annotated[str | None, typer.Option("--lead", help="牵头单位 / lead department")] = None,
    co: Annotated[
        list[str] | None, typer.Option("--co", help="配合单位，可多次给出 / co-department, repeatable")
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help="完成时限 YYYY-MM-DD")] = None,
    frequency: Annotated[
        str | None, typer.Option("--frequency", help="报送频次 month/quarter/half/year")
    ] = None,
    confirm: Annotated[
        bool, typer.Option("--confirm", help="确认建议的分工 / confirm the suggested departments")
    ] = False,
    create: Annotated[
        bool, typer.Option("--create-departments", help="部门不存在时新建 / create missing departments")
    ] = False,
    db: DbOpt = None,
) -> None:
    """确定目标的牵头单位、配合单位和完成时限 / Set a target's lead and co-departments and deadline.

    Example: luoshi assign 12 13 --lead 教育局 --co 财政局 --deadline 2024-09-30
    """
    from luoshi.errors import InvalidInput
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        for ref in targets:
            t = service.get_target(s, ref=ref)
            if confirm and lead is None:
                service.confirm_assignment(s, target=t, actor=actor)
                typer.echo(f"#{t.id} 已确认分工")
                continue
            if lead is None:
                if deadline is None and frequency is None:
                    raise InvalidInput(
                        "请给出 --lead、--deadline、--frequency 或 --confirm / nothing to change"
                    )
                cur = service.lead_of(t)
                if cur is None:
                    raise InvalidInput(f"目标 {t.id} 还没有牵头单位，请给出 --lead / target has no lead")
                lead_ref: Any = cur
                co_refs: list[Any] = list(service.co_of(t))
            else:
                if create:
                    for name in [lead, *(co or [])]:
                        service.get_or_create_department(s, name=name, actor=actor)
                lead_ref, co_refs = lead, list(co or [])
            service.assign(
                s,
                target=t,
                lead=lead_ref,
                co=co_refs,
                deadline=parse_date(deadline, "--deadline"),
                frequency=frequency,
                actor=actor,
            )
            typer.echo(
                f"#{t.id} 牵头：{service.lead_of(t).name if service.lead_of(t) else ''}"  # type: ignore[union-attr]
                f"；配合：{'、'.join(d.name for d in service.co_of(t)) or '无'}；时限：{t.deadline}"
            )


@app.command("split")
def split_cli(
    target: Annotated[str, typer.Argument(help="被分解的目标编号 / target id")],
    text: Annotated[str, typer.Option("--text", help="具体工作内容 / what the sub-task is")],
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="完成时限 YYYY-MM-DD，默认同上级")
    ] = None,
    co: Annotated[list[str] | None, typer.Option("--co", help="配合单位，可多次给出 / co-department")] = None,
    value: Annotated[
        float | None, typer.Option("--value", help="子任务的量化目标值 / numeric target")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="量化目标的单位 / its unit")] = None,
    db: DbOpt = None,
) -> None:
    """把目标分解为子任务（由牵头单位牵头），上级状态由子任务汇总 / Split a target into a sub-task.

    Example: luoshi split 12 --text 一季度完成选址 --deadline 2024-03-31 --co 自然资源局
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, actor):
        sub = service.add_subtask(
            s,
            parent=target,
            text=text,
            deadline=parse_date(deadline, "--deadline"),
            co=list(co or []),
            value=value,
            unit=unit,
            actor=actor,
        )
        typer.echo(f"已新增子任务 #{sub.id}（上级 #{sub.parent_id}，时限 {sub.deadline}）")


@app.command("history")
def history_cli(
    target: Annotated[str | None, typer.Argument(help="目标编号；缺省为全部 / target id, or all")] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多条数 / at most")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    db: DbOpt = None,
) -> None:
    """审计记录：谁在何时做了什么，修改前后 / Audit events, newest first.

    Example: luoshi history 12 --limit 20
    """
    from luoshi.ledger import service

    with ledger_session(db) as (s, _actor):
        t = service.get_target(s, ref=target) if target else None
        rows = [
            {
                "id": e.id,
                "at": e.at.isoformat(timespec="seconds"),
                "actor": e.actor_name,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "before": e.before,
                "after": e.after,
                "note": e.note,
            }
            for e in service.history(s, target=t, limit=limit)
        ]
    if fmt != "json":
        from luoshi.ledger.rules.labels import action_name, actor_name, entity_name

        for r in rows:
            r["actor"], r["action"] = actor_name(str(r["actor"] or "")), action_name(str(r["action"]))
            r["entity"] = entity_name(str(r["entity"]))
            r["before"] = json.dumps(r["before"], ensure_ascii=False) if r["before"] else ""
            r["after"] = json.dumps(r["after"], ensure_ascii=False) if r["after"] else ""
    emit_rows(
        rows,
        ["id", "at", "actor", "action", "entity", "entity_id", "after", "note"],
        fmt,
        ["编号", "时间", "操作人", "操作", "对象", "对象编号", "修改后", "说明"] if fmt != "json" else None,
    )
