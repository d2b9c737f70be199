"""Typer's and Click's own texts reach people in Chinese: help panels, usage line, the help option,
and the errors for a missing argument, an unknown command or option and a bad value."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.cli.zh import translate

ENGLISH = ("Usage", "Show this message and exit", "Options", "Arguments", "Commands", "Missing argument",
           "No such command", "No such option", "Invalid value", "Try '", "for help", "Error", "[OPTIONS]",
           "COMMAND [ARGS]", "[default:", "[required]", "Did you mean", "Input should be")


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), terminal_width=120)
    return result.output


@pytest.mark.parametrize("args", [("--help",), ("extract", "--help"), ("db", "upgrade", "--help"),
                                  ("progress", "--help"), ("extract",), ("nosuch",), ("extrac",),
                                  ("extract", "--bad", "x.txt"), ("history", "1", "--limit", "x"),
                                  ("extract", "x.txt", "--format")],
                         ids=lambda a: " ".join(a))
def test_typer_texts_are_chinese(args: tuple[str, ...]) -> None:
    out = run(*args)
    assert out.strip(), "nothing printed"
    for word in ENGLISH:
        assert word not in out, f"`luoshi {' '.join(args)}` prints {word!r}:\n{out}"


def test_the_chinese_words_are_there() -> None:
    assert "用法：luoshi [选项] 命令 [参数]..." in run("--help")
    assert "显示本帮助并退出" in run("extract", "--help")
    assert "缺少参数 'paths'" in run("extract")
    assert "没有 'nosuch' 这个命令" in run("nosuch")
    assert "是不是 'extract'" in run("extrac")


def test_a_missing_argument_exits_non_zero() -> None:
    assert CliRunner().invoke(app, ["extract"]).exit_code == 2


@pytest.mark.parametrize(("english", "chinese"), [
    ("Missing argument 'paths'.", "缺少参数 'paths'。"),
    ("Missing option '--output' / '-o'.", "缺少选项 '--output' / '-o'。"),
    ("Invalid value for '--limit': Input should be a valid integer, unable to parse string as an integer",
     "'--limit' 的值无效：应为整数"),
    ("No such option: --bad", "没有这个选项：--bad"),
    ("No such option: --fomat (Possible options: --format)", "没有这个选项：--fomat（可用的选项：--format）"),
    ("Got unexpected extra argument (b)", "多余的参数：b"),
])
def test_translate(english: str, chinese: str) -> None:
    assert translate(english) == chinese


@pytest.mark.parametrize(("message", "shown"), [
    ("请先登录 / not logged in", "请先登录"),
    ("不是目录 / not a directory: /x/y", "不是目录：/x/y"),
    ("不是有效的 .docx 文件（已损坏）/ not a .docx (not a zip file)", "不是有效的 .docx 文件（已损坏）"),
    ("单位不符：报送单位 '光年' / unit '光年' does not match '人'", "单位不符：报送单位 '光年'"),
    ("报送期：2024 / 2024-H1 / 2024-Q2", "报送期：2024 / 2024-H1 / 2024-Q2"),
    ("输出 reports / indicators / promises 三张表", "输出 reports / indicators / promises 三张表"),
    ("显示提纲 / Show the outline\nwith the cue.\n\n第二段 / second", "显示提纲\n\n第二段"),
    ("--workers 至少为 1 / --workers must be at least 1", "--workers 至少为 1"),
    ("纯中文", "纯中文"),
])
def test_chinese_half(message: str, shown: str) -> None:
    from luoshi.errors import chinese

    assert chinese(message) == shown
