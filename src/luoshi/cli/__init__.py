"""The `luoshi` command. One module per command group registers its commands on `app`: extract_cmds
(extract, outline, eval), db_cmds, import_cmds, target_cmds (targets, assign, split, history),
status_cmds (status, remind, withdraw, override), progress_cmds, urge_cmds (催办 and 督办单), export_cmds, dept_cmds (dept, rules),
backup_cmds (backup, restore), web_cmds (serve, demo, user), review_cmds (review, corpus); `common`
holds the ledger commands' shared options and session. Heavy imports (database, web) happen inside the
commands so that `luoshi extract` starts fast.

Errors: a LuoshiError becomes `luoshi: error: <message>` on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from luoshi.cli import zh

zh.install()  # Typer's and Click's own texts (Usage, Options, Missing argument …) in Chinese

app = typer.Typer(
    name="luoshi",
    help="落实 Luoshi：把政府工作报告变成可跟踪的目标任务。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    epilog="例：luoshi extract ../shared/corpus/qiannan-2024.txt --format table",
)


@app.callback()
def _options(
    operator: str | None = typer.Option(
        None, "--operator", envvar="LUOSHI_OPERATOR",
        help="操作人姓名，记入审计记录（缺省为操作系统用户名）/ who is acting, for the audit trail"),
) -> None:
    """落实 Luoshi：把政府工作报告变成可跟踪的目标任务。"""
    from luoshi.cli.common import OPERATOR

    OPERATOR["name"] = operator.strip()[:60] if operator and operator.strip() else None


def _register() -> None:
    import importlib

    # The order of registration is the order of `luoshi --help`.
    for name in (
        "extract_cmds",
        "numbers_cmds",
        "db_cmds",
        "import_cmds",
        "target_cmds",
        "status_cmds",
        "progress_cmds",
        "urge_cmds",
        "export_cmds",
        "dept_cmds",
        "backup_cmds",
        "user_cmds",
        "web_cmds",
        "review_cmds",
        "compare_cmds",
    ):
        try:
            importlib.import_module(f"luoshi.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"luoshi.cli.{name}":
                raise


_register()


EXAMPLE = "Example:"


def _examples_last(typer_app: typer.Typer) -> None:
    """Each command's docstring ends with `Example: luoshi …`; Typer would print it above the options.
    Move it to the epilog, printed after them, as `例：luoshi …` (runnable from the repository with
    the files named there)."""
    import inspect

    infos = list(typer_app.registered_commands)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _examples_last(group.typer_instance)
    for info in infos:
        doc = info.help or (info.callback.__doc__ if info.callback else None)
        if not doc or EXAMPLE not in doc or info.epilog:
            continue
        text = inspect.cleandoc(doc)
        head, _, example = text.partition(EXAMPLE)
        info.help = head.rstrip()
        info.epilog = "例：" + " ".join(example.split())


_examples_last(app)


def main() -> None:
    from luoshi.errors import LuoshiError

    try:
        app()
    except LuoshiError as e:
        from luoshi.errors import chinese

        typer.echo(f"luoshi: error: {chinese(str(e))}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        typer.echo("luoshi: error: 已中断", err=True)
        sys.exit(130)
