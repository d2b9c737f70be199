"""`luoshi urge`: 催办 and 督办单 from the command line — send, list, reply (an answer received on paper),
close, and write the .docx. Each command is a thin shell over the ledger's `operations.urges`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli import app
from luoshi.cli.common import AsOfOpt, DbOpt, ReportOpt, as_of_date, emit_rows, ledger_session, parse_date

urge_app = typer.Typer(help="催办与督办单：发出、列出、登记答复、办结、生成公文。", no_args_is_help=True)
app.add_typer(urge_app, name="urge")


@urge_app.command("send")
def urge_send(
    targets: Annotated[list[str] | None, typer.Argument(help="目标编号，可写多个")] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="催办内容（要求和说明）")] = "",
    reply_by: Annotated[str, typer.Option("--reply-by", help="答复时限 YYYY-MM-DD")] = "",
    kind: Annotated[str, typer.Option("--kind", help="催办 或 督办（督办单只用于红/黄预警）")] = "催办",
    department: Annotated[
        str | None, typer.Option("--department", help="按部门选择：该部门牵头的全部滞后目标（不写目标编号时）")
    ] = None,
    warning: Annotated[bool, typer.Option("--warning", help="与 --department 合用：改选全部红/黄预警目标")] = False,
    cc: Annotated[str, typer.Option("--cc", help="抄送单位，用顿号分隔")] = "",
    issuer: Annotated[str, typer.Option("--issuer", help="发文机关，默认“地区+人民政府督查室”")] = "",
    as_of: AsOfOpt = None,
    report: ReportOpt = None,
    db: DbOpt = None,
) -> None:
    """发出催办或督办单：每个牵头单位一件，各有文号。

    Example: luoshi urge send 52 -m 请加快推进 --reply-by 2024-07-25 --as-of 2024-07-15
    """
    from luoshi.errors import InvalidInput
    from luoshi.ledger import service
    from luoshi.ledger.rules import urging

    day = as_of_date(as_of)
    deadline = parse_date(reply_by, "--reply-by")
    if deadline is None:
        raise InvalidInput("请用 --reply-by 给出答复时限（YYYY-MM-DD）")
    try:
        code = urging.kind_of(kind)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    with ledger_session(db) as (s, actor):
        ids: list[str | int] = list(targets or [])
        if not ids and department:
            dept = service.get_department(s, ref=department)
            rep = service.get_report(s, ref=report)
            ids = list(service.lagging_targets(s, department=dept, as_of=day, report_id=rep.id,
                                               warnings=urging.SUPERVISE_WARNINGS if warning else None))
            if not ids:
                raise InvalidInput(f"{dept.name} 没有{'红/黄预警' if warning else '滞后'}的目标任务")
        sent = service.send_urges(s, targets=ids, message=message, reply_by=deadline, actor=actor, kind=code,
                                  as_of=day, issuer=issuer, cc=cc)
        for u in sent:
            typer.echo(f"已发出 {urging.doc_number(u.kind, u.year, u.seq)}（编号 {u.id}）→ {u.department.name}，"
                       f"{len(u.items)} 项目标任务，答复时限 {u.reply_by}")


@urge_app.command("list")
def urge_list(
    department: Annotated[str | None, typer.Option("--department", help="主送单位名称或编号")] = None,
    state: Annotated[str | None, typer.Option("--state", help="待答复 / 逾期 / 已答复 / 已办结")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table（表格）| json | csv")] = "table",
    as_of: AsOfOpt = None,
    db: DbOpt = None,
) -> None:
    """列出催办记录，最新的在前。

    Example: luoshi urge list --state 逾期 --as-of 2024-08-01
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules import urging

    day = as_of_date(as_of)
    with ledger_session(db) as (s, _actor):
        dept = service.get_department(s, ref=department) if department else None
        rows = [
            {"id": u.id, "number": urging.doc_number(u.kind, u.year, u.seq), "department": u.department.name,
             "targets": len(u.items), "reply_by": u.reply_by.isoformat(),
             "state": urging.state_name(u.state, u.reply_by, day),
             "reply": urging.REPLY_NAMES.get(u.reply_kind or "", ""), "reply_text": u.reply_text or "",
             "message": u.message}
            for u in service.list_urges(s, department_id=dept.id if dept else None, state=state, as_of=day)
        ]
    emit_rows(rows, ["id", "number", "department", "targets", "reply_by", "state", "reply", "reply_text", "message"],
              fmt, ["编号", "文号", "主送单位", "目标数", "答复时限", "状态", "答复方式", "答复内容", "催办内容"]
              if fmt != "json" else None)


@urge_app.command("reply")
def urge_reply(
    urge: Annotated[int, typer.Argument(help="催办编号（urge list 的“编号”列）")],
    text: Annotated[str, typer.Option("--text", help="书面说明")] = "",
    progress: Annotated[int | None, typer.Option("--progress", help="用于答复的进展报送编号")] = None,
    db: DbOpt = None,
) -> None:
    """登记部门的答复（如收到的纸质答复）。

    Example: luoshi urge reply 1 --text 已召开专题会议，7月中旬完成
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules import urging

    with ledger_session(db) as (s, actor):
        u = service.reply_urge(s, urge=urge, actor=actor, text=text, progress=progress)
        typer.echo(f"已登记 {urging.doc_number(u.kind, u.year, u.seq)} 的答复")


@urge_app.command("close")
def urge_close(
    urge: Annotated[int, typer.Argument(help="催办编号")],
    note: Annotated[str, typer.Option("--note", help="办结意见")] = "",
    db: DbOpt = None,
) -> None:
    """办结催办。

    Example: luoshi urge close 1 --note 答复可行
    """
    from luoshi.ledger import service
    from luoshi.ledger.rules import urging

    with ledger_session(db) as (s, actor):
        u = service.close_urge(s, urge=urge, actor=actor, note=note)
        typer.echo(f"{urging.doc_number(u.kind, u.year, u.seq)} 已办结")


@urge_app.command("docx")
def urge_docx_cli(
    urge: Annotated[int, typer.Argument(help="催办编号")],
    out: Annotated[Path, typer.Option("--out", "-o", help="输出的 .docx 文件")],
    red: Annotated[bool, typer.Option("--red", help="使用红头（发文机关标志和红色分隔线）")] = False,
    db: DbOpt = None,
) -> None:
    """按 GB/T 9704—2012 版式生成督办单或催办通知（.docx）。

    Example: luoshi urge docx 1 --out 督办单.docx --red
    """
    from luoshi.export.urge_docs import urge_docx
    from luoshi.ledger import service

    with ledger_session(db) as (s, _actor):
        data = urge_docx(service.get_urge(s, ref=urge), red_head=red)
    out.write_bytes(data)
    typer.echo(f"已写出 {out}（{len(data)} 字节）")
