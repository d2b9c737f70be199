"""Finding 9: a file named .docx (or .pdf) whose content is plain text is a broken or renamed file, not
a report: one line `luoshi: error: <file>: 不是有效的 Word 文档 …`, exit 2, for extract and import alike
(it used to be read as text and give 0 indicators with exit 0)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from luoshi.document import read_bytes
from luoshi.errors import ReadError

TEXT = "某县2024年政府工作报告\n二、2024年工作安排\n新增就业岗位3000个。\n".encode()


@pytest.mark.parametrize("name, words", [("report.docx", "不是有效的 Word 文档"), ("report.pdf", "不是有效的 PDF"),
                                         ("REPORT.DOCX", "不是有效的 Word 文档")])
def test_text_under_a_container_name_is_refused(name: str, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        read_bytes(TEXT, "r", name)
    assert read_bytes(TEXT, "r", "report.txt").text  # the same bytes as .txt are a report


@pytest.mark.parametrize("command", [["extract"], ["import", "--region", "某县", "--year", "2024"]])
def test_cli_says_so_in_one_line(tmp_path: Path, command: list[str]) -> None:
    f = tmp_path / "假的.docx"
    f.write_bytes(TEXT)
    exe = Path(sys.executable).with_name("luoshi")
    args = [str(exe), command[0], str(f), *command[1:]]
    if command[0] == "import":
        args += ["--db", str(tmp_path / "l.db")]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"luoshi: error: {f}: 不是有效的 Word 文档"), r.stderr
    assert "Traceback" not in r.stderr
