"""`luoshi numbers TEXT|FILE` as an analyst runs it: a table or JSON, bad input as one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from luoshi.cli import app

TEXT = "新建保障房1.44万套，增速负3.9%，目标百分之五到六"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(app, ["numbers", *args], input=stdin)
    return r.exit_code, r.stdout, r.stderr


def test_table() -> None:
    code, out, _ = run(TEXT)
    assert code == 0
    assert out == (
        "位置   原文          数值  单位  量级  绝对值    约数  说明\n"
        "─────  ────────────  ────  ────  ────  ────────  ────  ────\n"
        "5-11   1.44万套      1.44  万套  万    14400 套\n"
        "14-19  负3.9%        -3.9  %           -3.9 %          负数\n"
        "22-28  百分之五到六  5–6   %           5–6 %           区间\n"
    )


def test_json() -> None:
    code, out, _ = run("--format", "json", "约三分之一，三十几万人")
    assert code == 0
    assert json.loads(out) == [
        {"span": [1, 5], "text": "三分之一", "value": 1 / 3, "value_max": None, "unit": "", "magnitude": "",
         "absolute": 1 / 3, "absolute_max": None, "base_unit": "", "approx": "", "negative": False,
         "ordinal": False, "category": ""},
        {"span": [6, 11], "text": "三十几万人", "value": 30.0, "value_max": None, "unit": "万人", "magnitude": "万",
         "absolute": 300000.0, "absolute_max": None, "base_unit": "人", "approx": "几", "negative": False,
         "ordinal": False, "category": "people"},
    ]


def test_report_file_and_stdin(tmp_path: Path) -> None:
    report = tmp_path / "某县-2024.txt"
    report.write_text("一、2023年工作回顾\n地区生产总值增长6.5%。\n", encoding="utf-8")
    code, out, _ = run("-f", "json", str(report))
    assert code == 0 and [m["text"] for m in json.loads(out)] == ["一", "2023年", "6.5%"]
    code, out, _ = run("-f", "json", "-", stdin="增长两成")
    assert code == 0 and json.loads(out)[0]["absolute"] == 20


def test_nothing_found() -> None:
    assert run("统一领导") == (0, "没有找到数字 / no numbers found\n", "")
    assert run("-f", "json", "统一领导")[1] == "[\n]\n"


def test_bad_input_is_one_line() -> None:
    """Through the real entry point, which turns a LuoshiError into one line and exit code 2."""
    for args, message in ((["missing-report.docx"], "missing-report.docx: 文件不存在"),
                          (["-f", "xml", "5%"], "未知格式")):
        r = subprocess.run([sys.executable, "-m", "luoshi", "numbers", *args], capture_output=True, text=True)
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.startswith("luoshi: error: ") and message in r.stderr and r.stderr.count("\n") == 1
