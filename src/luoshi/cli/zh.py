"""Typer's and Click's own texts in Chinese: `Usage`, `Options`, `Show this message and exit.`,
`Missing argument`, `No such command` …

Two kinds of source: Click (and parts of Typer) call `gettext` for each message, bound in each module
as `_` and `ngettext`; `install()` binds those names to look-ups in the catalogue `MESSAGES` (what
`luoshi` can show; anything else falls through to the English original) and sets Typer's help-panel
titles, computed once at import. The Click that Typer ships inside itself (`typer._click`) writes its
messages as f-strings: those are translated by pattern (`PATTERNS`) where Typer prints an error,
and its usage line and help option are patched where they are made. Called once when the `luoshi`
command is built; tested by tests/test_cli_chinese.py.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Error": "错误",
    "Aborted.": "已中止。",
    "Aborted!": "已中止！",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "用 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有 {name!r} 这个命令。",
    "No such option {name!r}.": "没有 {name!r} 这个选项。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Error: {message}": "错误：{message}",
    "Error: invalid input": "错误：输入无效",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Repeat for confirmation": "请再输入一次确认",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不提示，直接确认。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，不是目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "required": "必填",
    "[required]": "[必填]",
    "default: {default}": "默认：{default}",
    "[default: {}]": "[默认：{}]",
    "env var: {var}": "环境变量：{var}",
    "[env var: {}]": "[环境变量：{}]",
    "(deprecated) ": "（已弃用）",
    "deprecated": "已弃用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "unknown error": "未知错误",
    "Press any key to continue...": "按任意键继续……",
}

# What Click writes itself, outside gettext: usage metavars and the names of parameter kinds and types.
METAVARS = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "COMMAND": "命令", "ARGS": "参数"}
NUMBER_TYPES = {"integer": "整数", "float": "数字"}

# Messages built with f-strings (typer._click, pydantic's coercion errors): (pattern, replacement).
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.S), r) for p, r in (
    (r"^Missing argument (.+?)\.(?: (.*))?$", r"缺少参数 \1。\2"),
    (r"^Missing option (.+?)\.(?: (.*))?$", r"缺少选项 \1。\2"),
    (r"^Missing parameter: (.+)$", r"缺少参数：\1"),
    (r"^Missing (\w+)(.*?)\.(?: (.*))?$", r"缺少参数\2。\3"),
    (r"^Invalid value for (.+?): (.+)$", r"\1 的值无效：\2"),
    (r"^Invalid value: (.+)$", r"值无效：\1"),
    (r"^No such option: (.+?)(?: \(Possible options: (.+)\))?$", r"没有这个选项：\1（可用的选项：\2）"),
    (r"^Got unexpected extra arguments? \((.+)\)$", r"多余的参数：\1"),
    (r"^(.+?)[.。]*\s*Did you mean (.+)\?$", r"\1。是不是 \2？"),
    (r"^Option (.+?) requires an argument\.$", r"选项 \1 需要一个值。"),
    (r"^Option (.+?) requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值。"),
    (r"^Option (.+?) does not take a value\.$", r"选项 \1 不带值。"),
)]
# Pieces of those messages: pydantic's and Typer's words for a bad value.
PIECES: list[tuple[re.Pattern[str], str]] = [(re.compile(p), r) for p, r in (
    (r"Input should be a valid integer[^。\n]*", "应为整数"),
    (r"Input should be a valid number[^。\n]*", "应为数字"),
    (r"Input should be a valid boolean[^。\n]*", "应为是或否"),
    (r"Input should be a valid date[^。\n]*", "应为日期 YYYY-MM-DD"),
    (r"Input should be (?:less|greater) than[^。\n]*", "超出允许的范围"),
    (r"Value (.+?) is not a valid (\w+)\.", r"\1 不是有效的 \2"),
    (r"(.+?) is not one of (.+)\.", r"\1 不在可选值 \2 之中"),
    (r"^(\w+) ('[^']*') does not exist\.", r"\2 不存在"),
    (r"^(\w+) ('[^']*') is a file\.", r"\2 是文件，不是目录"),
    (r"^(\w+) ('[^']*') is a directory\.", r"\2 是目录，不是文件"),
    (r"^(\w+) ('[^']*') is not readable\.", r"\2 不可读"),
    (r"^(\w+) ('[^']*') is not writable\.", r"\2 不可写"),
    (r"Choose from:", "可选："),
)]


def translate(message: str) -> str:
    """An error message of Typer's own Click in Chinese, as far as the patterns know it."""
    for pattern, replacement in PATTERNS:
        m = pattern.match(message)
        if m:
            message = m.expand(replacement).replace("（可用的选项：）", "").rstrip()
            break
    for pattern, replacement in PIECES:
        message = pattern.sub(replacement, message)
    return message


_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.decorators",
            "click.formatting", "click.termui", "click.utils", "typer.core", "typer.main", "typer.rich_utils")

_installed = False


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make Click and Typer speak Chinese (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    _rich_constants()
    _usage_pieces()
    _param_names()
    _typer_click()


def _rich_constants() -> None:
    from typer import rich_utils

    for attr, english in (("DEPRECATED_STRING", "(deprecated) "), ("DEFAULT_STRING", "[default: {}]"),
                          ("ENVVAR_STRING", "[env var: {}]"), ("REQUIRED_LONG_STRING", "[required]"),
                          ("ARGUMENTS_PANEL_TITLE", "Arguments"), ("OPTIONS_PANEL_TITLE", "Options"),
                          ("COMMANDS_PANEL_TITLE", "Commands"), ("ERRORS_PANEL_TITLE", "Error"),
                          ("ABORTED_TEXT", "Aborted."),
                          ("RICH_HELP", "Try [blue]'{command_path} {help_option}'[/] for help.")):
        if hasattr(rich_utils, attr):
            setattr(rich_utils, attr, gettext(english))
    # The highlighter colours the usage line by its English prefix; colour the Chinese one instead.
    highlighter = getattr(rich_utils, "OptionHighlighter", None)
    if highlighter is not None:
        highlighter.highlights = [h.replace("Usage: ", "用法：") for h in highlighter.highlights]


def _usage_pieces() -> None:
    import click

    original: Callable[..., list[str]] = click.Command.collect_usage_pieces

    def pieces(self: click.Command, ctx: click.Context) -> list[str]:
        return [METAVARS.get(p, p) for p in original(self, ctx)]

    click.Command.collect_usage_pieces = pieces  # type: ignore[method-assign]
    group_original = click.Group.collect_usage_pieces

    def group_pieces(self: click.Group, ctx: click.Context) -> list[str]:
        return [METAVARS.get(p, p) for p in group_original(self, ctx)]

    click.Group.collect_usage_pieces = group_pieces  # type: ignore[method-assign]


def _param_names() -> None:
    """`is not a valid integer` names the type: say 整数 / 数字."""
    from click import types

    for cls in (types.IntParamType, types.FloatParamType):
        cls.name = NUMBER_TYPES.get(cls.name, cls.name)


def _typer_click() -> None:
    """The Click inside Typer: usage prefix and pieces, the help option's text, error messages."""
    try:
        from typer import rich_utils
        from typer._click import decorators, formatting
    except ImportError:  # an older Typer on the real Click: the gettext names above cover it
        return
    write_usage = formatting.HelpFormatter.write_usage

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, translated in METAVARS.items():
            args = args.replace(english, translated) if " " in english or english == "[OPTIONS]" else args
        write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]
    help_option = decorators.help_option

    def chinese_help(*args: Any, **kwargs: Any) -> Any:
        make = help_option(*args, **kwargs)

        def apply(f: Any) -> Any:
            out = make(f)
            params = getattr(out, "params", None) or getattr(out, "__click_params__", None) or []
            if params and getattr(params[-1], "help", None) == "Show this message and exit.":
                params[-1].help = MESSAGES["Show this message and exit."]
            return out

        return apply

    decorators.help_option = chinese_help
    # Help texts written `中文 / English` show their Chinese half.
    from luoshi.errors import chinese

    make_text = rich_utils._make_rich_text

    def rich_text(*, text: str, **kwargs: Any) -> Any:
        return make_text(text=chinese(text), **kwargs)

    rich_utils._make_rich_text = rich_text
    format_error = rich_utils.rich_format_error

    def error(exc: Any) -> None:
        original = exc.format_message
        exc.format_message = lambda: translate(original())
        format_error(exc)

    rich_utils.rich_format_error = error  # type: ignore[assignment]
