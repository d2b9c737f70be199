"""The ledger's commands: db init, import, targets, assign, progress, status, remind, export, backup,
restore, withdraw, override, rules. Each is a thin shell over one call of `luoshi.ledger.service` (or
export / backup / remind); the database comes from --db, else LUOSHI_DATABASE_URL, else
sqlite:///luoshi.db. The CLI acts as the `system` account (role admin). Heavy imports stay inside the
functions so that `luoshi extract` starts fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from luoshi.cli import app

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL 或 SQLite 文件路径 / database URL or SQLite file")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="截至日期 YYYY-MM-DD，默认今天 / as-of date, default today")
]
ReportOpt = Annotated[
    int | None, typer.Option("--report", help="报告编号，默认最新 / report id, default the latest")
]

db_app = typer.Typer(help="数据库 / database.", no_args_is_help=True)
progress_app = typer.Typer(help="进展报送 / progress reports.", no_args_is_help=True)
export_app = typer.Typer(help="导出任务分解表与进展通报 / export the ledger.", no_args_is_help=True)
rules_app = typer.Typer(help="部门分工关键词规则 / department keyword rules.", no_args_is_help=True)
dept_app = typer.Typer(help="部门 / departments.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(progress_app, name="progress")
app.add_typer(export_app, name="export")
app.add_typer(rules_app, name="rules")
app.add_typer(dept_app, name="dept")


def _date(text: str | None, what: str = "--as-of") -> date | None:
    from luoshi.errors import InvalidInput

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{what} 须为 YYYY-MM-DD 格式的日期 / {what} must be a date YYYY-MM-DD: {text!r}"
        ) from None


def _as_of(text: str | None) -> date:
    from luoshi.ledger.operations.context import today

    return _date(text) or today()


@contextmanager
def _session(db: str | None, *, init: bool = False) -> Iterator[tuple[Any, Any]]:
    """(session, acting user) in one transaction: committed on success, rolled back on any error."""
    from sqlalchemy.exc import SQLAlchemyError

    from luoshi.errors import LuoshiError
    from luoshi.ledger.service import system_user
    from luoshi.ledger.storage.db import open_db, transaction

    engine, factory = open_db(db, init=init)
    try:
        with transaction(factory) as session:
            yield session, system_user(session)
    except (
        SQLAlchemyError
    ) as e:  # a conflict with a concurrent writer, a lost connection: one line, no traceback
        raise LuoshiError(
            f"数据库错误，未做任何修改 / database error, nothing written: {str(e).splitlines()[0]}"
        ) from e
    finally:
        engine.dispose()


def _emit_rows(
    rows: list[dict[str, Any]], columns: list[str], fmt: str, headers: list[str] | None = None
) -> None:
    from luoshi.errors import InvalidInput

    if fmt == "json":
        for r in rows:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv
        import sys

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(headers or columns)
        for r in rows:
            w.writerow(
                [
                    "、".join(v) if isinstance(v, list) else ("" if v is None else v)
                    for v in (r[c] for c in columns)
                ]
            )
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for h in headers or columns:
            table.add_column(h, overflow="fold")
        for r in rows:
            table.add_row(
                *[
                    "、".join(v) if isinstance(v, list) else ("" if r[c] is None else str(v))
                    for c, v in ((c, r[c]) for c in columns)
                ]
            )
        Console(width=200).print(table)
    else:
        raise InvalidInput(f"--format 须为 table、json 或 csv / unknown format {fmt!r}")


# ---- database --------------------------------------------------------------------------------------


@db_app.command("init")
def db_init(db: DbOpt = None) -> None:
    """建立或升级数据库 / Create the tables, or upgrade them to the latest migration.

    Example: luoshi db init --db luoshi.db
    """
    from luoshi.ledger.storage.db import open_db, resolve_url

    engine, _ = open_db(db, init=True)
    engine.dispose()
    typer.echo(f"数据库已就绪 / database ready: {resolve_url(db)}")


# ---- import ----------------------------------------------------------------------------------------


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

    with _session(db, init=True) as (s, actor):
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


# ---- targets ---------------------------------------------------------------------------------------

_TARGET_COLUMNS = [
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
_TARGET_HEADERS = [
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
    type_: Annotated[str | None, typer.Option("--type", help="quantified / task / item / subtask")] = None,
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

    with _session(db) as (s, _actor):
        rep = service.get_report(s, ref=report)
        dept_id = service.get_department(s, ref=dept).id if dept else None
        rows = service.ledger_rows(
            s,
            as_of=_as_of(as_of),
            report_id=rep.id,
            department_id=dept_id,
            status=status,
            type=type_,
            q=search,
        )
        _emit_rows(
            [r.to_dict() for r in rows],
            _TARGET_COLUMNS if fmt != "json" else list(rows[0].to_dict()) if rows else [],
            fmt,
            _TARGET_HEADERS if fmt != "json" else None,
        )


# ---- responsibility --------------------------------------------------------------------------------


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

    with _session(db) as (s, actor):
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
                deadline=_date(deadline, "--deadline"),
                frequency=frequency,
                actor=actor,
            )
            typer.echo(
                f"#{t.id} 牵头：{service.lead_of(t).name if service.lead_of(t) else ''}"  # type: ignore[union-attr]
                f"；配合：{'、'.join(d.name for d in service.co_of(t)) or '无'}；时限：{t.deadline}"
            )


@rules_app.command("load")
def rules_load(
    path: Annotated[Path, typer.Argument(help="YAML 规则文件（格式同 ledger/data/departments.yaml）")],
    region: Annotated[str, typer.Option("--region", help="地区 / region")],
    db: DbOpt = None,
) -> None:
    """载入本地区的部门分工关键词规则（优先于内置规则）/ Load a region's own keyword rules.

    Example: luoshi rules load 黔南州规则.yaml --region 黔南州
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules.suggest import load_rules_file

    rules = load_rules_file(path)
    with _session(db, init=True) as (s, actor):
        reg = service.get_or_create_region(s, name=region, actor=actor)
        n = service.set_department_rules(s, region=reg, rules=rules, actor=actor)
    typer.echo(f"已载入 {region} 的 {n} 条规则")


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

    with _session(db) as (s, actor):
        sub = service.add_subtask(
            s,
            parent=target,
            text=text,
            deadline=_date(deadline, "--deadline"),
            co=list(co or []),
            value=value,
            unit=unit,
            actor=actor,
        )
        typer.echo(f"已新增子任务 #{sub.id}（上级 #{sub.parent_id}，时限 {sub.deadline}）")


@dept_app.command("list")
def dept_list(
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    db: DbOpt = None,
) -> None:
    """列出部门 / List departments.

    Example: luoshi dept list --format csv
    """
    from luoshi.ledger import service

    with _session(db) as (s, _actor):
        rows = [{"id": d.id, "name": d.name, "short_name": d.short_name} for d in service.list_departments(s)]
    _emit_rows(rows, ["id", "name", "short_name"], fmt, ["编号", "名称", "简称"] if fmt != "json" else None)


@dept_app.command("add")
def dept_add(
    name: Annotated[str, typer.Argument(help="部门全称 / full name")],
    short_name: Annotated[str, typer.Option("--short", help="简称 / short name")] = "",
    db: DbOpt = None,
) -> None:
    """新增部门 / Add a department.

    Example: luoshi dept add 黔南州教育局 --short 州教育局
    """
    from luoshi.ledger import service

    with _session(db, init=True) as (s, actor):
        d = service.create_department(s, name=name, short_name=short_name, actor=actor)
        typer.echo(f"已新增部门 #{d.id} {d.name}")


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

    with _session(db) as (s, _actor):
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
        for r in rows:
            r["before"] = json.dumps(r["before"], ensure_ascii=False) if r["before"] else ""
            r["after"] = json.dumps(r["after"], ensure_ascii=False) if r["after"] else ""
    _emit_rows(
        rows,
        ["id", "at", "actor", "action", "entity", "entity_id", "after", "note"],
        fmt,
        ["编号", "时间", "操作人", "操作", "对象", "对象编号", "修改后", "说明"] if fmt != "json" else None,
    )


# ---- progress --------------------------------------------------------------------------------------


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
    with _session(db) as (s, actor):
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
    state: Annotated[str | None, typer.Option("--state", help="pending / accepted / returned")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json | csv")] = "table",
    db: DbOpt = None,
) -> None:
    """列出进展报送 / List progress reports, newest first.

    Example: luoshi progress list --state pending
    """
    from luoshi.ledger import service

    with _session(db) as (s, _actor):
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
    _emit_rows(
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

    with _session(db) as (s, actor):
        pr = service.review_progress(s, progress=progress, accept=accept, comment=comment, actor=actor)
    typer.echo(f"进展 {pr.id} 已{'采纳' if pr.review_state == 'accepted' else '退回'}")


# ---- status and reminders --------------------------------------------------------------------------


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

    day = _as_of(as_of)
    with _session(db) as (s, _actor):
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
                    f"#{t.id} {t.text}\n状态：{st.status}{'（人工认定）' if st.overridden else ''}"
                    f"  预警：{st.warning or '无'}\n说明：{st.reason}"
                )
            return
        rep = service.get_report(s, ref=report)
        total = service.rollups(s, as_of=day, by="all", report_id=rep.id)
        groups = service.rollups(s, as_of=day, by=by, report_id=rep.id)
    if fmt == "table" and total:
        g = total[0]
        typer.echo(
            f"截至 {day}：共 {g.total} 项，"
            + "，".join(f"{k} {g.counts.get(k, 0)}" for k in STATUSES)
            + f"；预警 红 {g.warnings.get('红', 0)} 黄 {g.warnings.get('黄', 0)} 蓝 {g.warnings.get('蓝', 0)}"
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
    _emit_rows(
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

    day = _as_of(as_of)
    with _session(db) as (s, actor):
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


# ---- changes by the office -------------------------------------------------------------------------


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

    with _session(db) as (s, actor):
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

    with _session(db) as (s, actor):
        if clear:
            service.clear_override(s, target=target, reason=reason, actor=actor)
            typer.echo(f"#{target} 已取消人工认定")
            return
        if status is None:
            raise InvalidInput("请给出 --status 或 --clear")
        service.override_status(s, target=target, status=status, reason=reason, actor=actor)
    typer.echo(f"#{target} 状态认定为 {status}：{reason}")


# ---- export, backup --------------------------------------------------------------------------------


def _export(
    kind: str, writer: Callable[..., int], output: Path, as_of: str | None, report: int | None, db: str | None
) -> int:
    from luoshi.files import replacing

    with _session(db) as (s, _actor), replacing(output) as tmp:
        return writer(s, tmp, report_id=report, as_of=_as_of(as_of))


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

    n = _export("xlsx", export_xlsx, output, as_of, report, db)
    typer.echo(f"已导出 {n} 项目标到 {output}")


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

    n = _export("docx", export_docx, output, as_of, report, db)
    typer.echo(f"已导出进展通报到 {output}（滞后任务 {n} 项）")


@app.command("backup")
def backup_cli(
    file: Annotated[Path, typer.Argument(help="备份文件（.json 或 .json.gz）/ backup file")],
    db: DbOpt = None,
) -> None:
    """把整个数据库备份到一个文件 / Back up the whole database to one file.

    Example: luoshi backup luoshi-2024-06-30.json.gz
    """
    from luoshi.ledger.operations.backup import backup
    from luoshi.ledger.storage.db import open_db

    engine, _ = open_db(db)
    try:
        counts = backup(engine, file)
    finally:
        engine.dispose()
    typer.echo(
        f"已备份到 {file}：目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条，"
        f"审计记录 {counts.get('audit_events', 0)} 条"
    )


@app.command("restore")
def restore_cli(
    file: Annotated[Path, typer.Argument(help="备份文件 / backup file")],
    db: DbOpt = None,
) -> None:
    """从备份文件恢复到一个新的（空）数据库 / Restore a backup into a new, empty database.

    Example: luoshi restore luoshi-2024-06-30.json.gz --db restored.db
    """
    from luoshi.errors import LuoshiError
    from luoshi.ledger.operations.backup import restore
    from luoshi.ledger.storage.db import make_engine

    engine = make_engine(db)
    try:
        counts = restore(engine, file)
    except LuoshiError:
        raise
    except Exception as e:
        raise LuoshiError(f"恢复失败 / restore failed: {str(e).splitlines()[0]}") from e
    finally:
        engine.dispose()
    typer.echo(f"已恢复：目标 {counts.get('targets', 0)} 项，进展 {counts.get('progress_reports', 0)} 条")
