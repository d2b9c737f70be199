"""`luoshi extract`, `luoshi outline`, `luoshi eval` as a user runs them, bad inputs included."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SAMPLE = "一、2023年工作回顾\n全县地区生产总值增长6.5%，新增城镇就业3200人。\n二、2024年工作安排\n地区生产总值增长7%左右。\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "luoshi", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    p = tmp_path / "sample-2024.txt"
    p.write_text(SAMPLE, encoding="utf-8")
    return p


def test_extract_jsonl_has_guide_fields(report: Path) -> None:
    r = run("extract", str(report))
    assert r.returncode == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["mention"] for x in recs] == ["6.5%", "3200人", "7%"]
    for key in ("doc", "span", "mention", "subject", "value", "unit", "kind", "stance", "bound", "year"):
        assert key in recs[0]
    assert recs[0]["doc"] == "sample-2024"
    assert recs[2]["stance"] == "target" and recs[2]["bound"] == "approx"


def test_extract_formats(report: Path, tmp_path: Path) -> None:
    r = run("extract", str(report), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 3 and rows[1]["unit"] == "人"
    table = run("extract", str(report), "--format", "table").stdout
    assert "地区生产总值" in table and "目标" in table
    out = tmp_path / "out.xlsx"
    assert run("extract", str(report), "--format", "xlsx", "-o", str(out)).returncode == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws is not None and ws.max_row == 4


def test_extract_folder_and_errors_continue(tmp_path: Path, report: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a real zip")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "noise.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    r = run("extract", str(tmp_path), str(tmp_path / "missing.txt"))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if x]
    assert all(x.startswith("luoshi: error: ") for x in lines), lines
    assert any("broken.docx" in x for x in lines) and any("missing.txt" in x for x in lines)
    assert any("empty.txt" in x for x in lines) and any("noise.txt" in x for x in lines)
    # the good file was still processed
    assert len(r.stdout.splitlines()) == 3


def test_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))  # compresses over 1000:1
    r = run("extract", str(bomb))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"luoshi: error: {bomb}")


def test_bad_option_values(report: Path) -> None:
    r = run("extract", str(report), "--format", "pdf")
    assert r.returncode == 2 and r.stderr.startswith("luoshi: error:")
    r = run("extract", str(report), "--format", "xlsx")
    assert r.returncode == 2 and "xlsx" in r.stderr


def test_outline(report: Path) -> None:
    r = run("outline", str(report))
    assert r.returncode == 0
    assert "2023年工作回顾  [回顾]" in r.stdout and "2024年工作安排  [安排]" in r.stdout
    data = json.loads(run("outline", str(report), "--json").stdout)
    assert data["year"] == 2024 and [s["part"] for s in data["sections"]] == ["review", "plan"]


def test_eval_json_and_misses(report: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"doc": "sample-2024", "span": [22, 26], "mention": "6.5%", "subject": "地区生产总值", "value": 6.5,
                    "unit": "%", "kind": "growth", "stance": "actual", "bound": "exact", "year": 2023,
                    "optional": False}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    r = run("eval", "--gold", str(gold), str(report), "--json", "--misses")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["value"]["overall"]["tp"] == 1 and data["value"]["overall"]["fp"] == 2
    assert len(data["strict"]["spurious"]) == 2
    table = run("eval", "--gold", str(gold), str(report)).stdout
    assert "严格" in table and "数值" in table and "精确率" in table
    assert not re.search(r"\b(strict|value|docs|amount|growth)\b", table)


def test_eval_bad_gold(report: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    r = run("eval", "--gold", str(bad), str(report))
    assert r.returncode == 2 and r.stderr.startswith("luoshi: error:") and "Traceback" not in r.stderr


def test_help_lists_commands_with_examples() -> None:
    r = run("--help")
    for cmd in ("extract", "outline", "eval"):
        assert cmd in r.stdout
        assert "例：luoshi" in run(cmd, "--help").stdout
