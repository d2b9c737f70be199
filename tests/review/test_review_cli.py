"""`luoshi review` and `luoshi corpus` on the report pair, with the extractor replaced by the
hand-built indicators (the end-to-end run through the real extractor is in test_review_e2e.py)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from review_cases import EXPECTED_2024
from test_review_verdicts import _pair_by_hand
from typer.testing import CliRunner

from luoshi.cli import app
from luoshi.extract import pipeline

runner = CliRunner()


@pytest.fixture(autouse=True)
def fake_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    targets, results = _pair_by_hand()
    monkeypatch.setattr(pipeline, "extract", lambda doc: targets if doc.id.endswith("2024") else results)


def test_review_json(pair: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["review", str(pair[0]), str(pair[1]), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["year"] == 2024
    assert {r["subject"]: r["verdict"] for r in data["rows"]} == EXPECTED_2024
    assert data["summary"]["rate"] == pytest.approx(0.75)


def test_review_table(pair: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["review", str(pair[0]), str(pair[1])])
    assert res.exit_code == 0, res.output
    assert "基本达成" in res.stdout and "兑现率 75.0%" in res.stdout


def test_review_band_option(pair: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["review", str(pair[0]), str(pair[1]), "-f", "json", "--band-points", "1"])
    rows = {r["subject"]: r["verdict"] for r in json.loads(res.stdout)["rows"]}
    assert rows["社会消费品零售总额"] == "基本达成"  # 0.8 short: inside a 1-point band


def test_review_csv_and_xlsx_files(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    res = runner.invoke(app, ["review", str(pair[0]), str(pair[1]), "-f", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["subject"]: r["verdict"] for r in rows} == EXPECTED_2024

    xl = tmp_path / "r.xlsx"
    res = runner.invoke(app, ["review", str(pair[0]), str(pair[1]), "-f", "xlsx", "-o", str(xl)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(xl)
    sheet = list(wb["对照"].values)
    assert sheet[0][:2] == ("结论", "指标") and len(sheet) == 1 + len(EXPECTED_2024)
    summary = {r[0]: r[1] for r in wb["汇总"].values if r and r[0]}
    assert summary["达成"] == 5 and summary["兑现率"] == pytest.approx(0.75)


def test_corpus_command(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "tables"
    res = runner.invoke(
        app, ["corpus", str(pair[0].parent), "-o", str(out), "--workers", "1", "--no-progress"]
    )
    assert res.exit_code == 0, res.output
    assert "新处理 2" in res.stdout and "promises 10 行" in res.stdout
    assert (out / "promises.parquet").exists() and (out / "reports.csv").exists()
    res = runner.invoke(app, ["corpus", str(pair[0].parent), "-o", str(out), "--workers", "1"])
    assert "新处理 0，跳过（已完成）2" in res.stdout
    res = runner.invoke(app, ["corpus", str(pair[0].parent), "-o", str(out), "--workers", "1", "--fresh"])
    assert "新处理 2，跳过（已完成）0" in res.stdout


def _luoshi(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from luoshi.cli import main; sys.argv = ['luoshi', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)


def test_errors_are_one_line(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    res = _luoshi("review", str(tmp_path / "missing.txt"), str(pair[1]))
    assert res.returncode == 2 and res.stderr.startswith("luoshi: error: ") and "Traceback" not in res.stderr
    res = _luoshi("review", str(pair[0]), str(pair[1]), "--format", "xlsx")
    assert res.returncode == 2 and "-o" in res.stderr
    res = _luoshi("corpus", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert res.returncode == 2 and "不是目录" in res.stderr and "nowhere" in res.stderr


def test_review_warns_when_the_years_do_not_follow(pair: tuple[Path, Path]) -> None:
    res = runner.invoke(app, ["review", str(pair[1]), str(pair[0]), "-f", "json"])
    assert res.exit_code == 0
    assert "results report is for 2024, not 2026" in res.stderr
    res = runner.invoke(app, ["review", str(pair[0]), str(pair[1]), "-f", "json"])
    assert res.stderr == ""
