"""The ledger's commands, end to end on a SQLite file (CliRunner), and their errors (the real
executable: one line, exit code 2, nothing written)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from ledger_cases import run, runner

from luoshi.cli import app

LEDGER_COMMANDS = [["db", "init"], ["db", "upgrade"], ["bulletin"], ["import"], ["targets"], ["assign"], ["rules", "load"], ["progress", "add"],
                   ["progress", "list"], ["progress", "review"], ["split"], ["dept", "list"], ["dept", "add"], ["history"], ["status"], ["remind"], ["withdraw"], ["override"],
                   ["export", "xlsx"], ["export", "docx"], ["backup"], ["restore"]]


def _targets(db: str, *extra: str) -> list[dict[str, object]]:
    out = run("targets", "--format", "json", "--as-of", "2024-07-05", "--db", db, *extra)
    return [json.loads(line) for line in out.splitlines()]


def test_import_targets_progress_status(dbfile: str, report_file: Path) -> None:
    rows = _targets(dbfile)
    texts = {r["text"] for r in rows}
    assert "新增规模工业企业20户以上" in texts and "完成农村户厕改造2000户" in texts
    out = run("import", str(report_file), "--region", "某县", "--year", "2024", "--db", dbfile)
    assert "报告未变化" in out
    plant = next(r for r in rows if r["text"] == "新增规模工业企业20户以上")
    run("assign", str(plant["id"]), "--lead", "州工业和信息化局", "--co", "州统计局", "--deadline", "2024-12-31",
        "--create-departments", "--db", dbfile)
    out = run("progress", "add", str(plant["id"]), "--period", "2024-Q2", "--value", "8", "--note", "8户入库", "--db", dbfile)
    assert "截至2024-06-30状态：欠进度" in out
    row = next(r for r in _targets(dbfile, "--dept", "州工业和信息化局") if r["id"] == plant["id"])
    assert (row["lead"], row["co"], row["status"], row["progress"]) == ("州工业和信息化局", ["州统计局"], "欠进度", "2024-Q2：8户。8户入库")
    csv_out = run("targets", "--format", "csv", "--status", "欠进度", "--as-of", "2024-07-05", "--db", dbfile)
    assert csv_out.splitlines()[0] == "编号,序号,类型,目标任务,指标值,牵头单位,配合单位,完成时限,进展情况,状态,预警"
    assert len(csv_out.splitlines()) == 2
    one = run("status", str(plant["id"]), "--as-of", "2024-07-05", "--db", dbfile)
    assert one.splitlines()[1] == "状态：欠进度  预警：黄"
    summary = run("status", "--as-of", "2024-07-05", "--by", "department", "--format", "csv", "--db", dbfile)
    assert summary.splitlines()[0].startswith("牵头单位,合计,已完成")
    out = run("progress", "add", str(plant["id"]), "--period", "2024-Q3", "--value", "16", "--pending", "--db", dbfile)
    pending = run("progress", "list", "--state", "pending", "--format", "json", "--db", dbfile)
    pid = json.loads(pending.splitlines()[0])["id"]
    run("progress", "review", str(pid), "--return", "--comment", "请附入库名单", "--db", dbfile)
    listed = json.loads(run("progress", "list", str(plant["id"]), "--format", "json", "--db", dbfile).splitlines()[0])
    assert (listed["state"], listed["comment"]) == ("returned", "请附入库名单")
    out = run("remind", "--as-of", "2024-07-15", "--db", dbfile)
    assert f"#{plant['id']} " not in out  # its Q2 report is in
    assert "【未按时报送】" in out
    assert out.splitlines()[-1].startswith("已催办")
    again = run("remind", "--as-of", "2024-07-15", "--db", dbfile)
    assert again.splitlines()[-1].startswith("已催办 0 项")
    out = run("split", str(plant["id"]), "--text", "三季度新增10户", "--deadline", "2024-09-30", "--value", "10",
              "--unit", "户", "--db", dbfile)
    assert out.startswith("已新增子任务 #")
    sub = next(r for r in _targets(dbfile) if r["text"] == "三季度新增10户")
    assert (sub["parent_id"], sub["lead"], sub["deadline"]) == (plant["id"], "州工业和信息化局", "2024-09-30")
    hist = [json.loads(x) for x in run("history", str(plant["id"]), "--format", "json", "--db", dbfile).splitlines()]
    assert [h["action"] for h in hist][:3] == ["return", "progress", "progress"]
    depts = run("dept", "list", "--format", "csv", "--db", dbfile)
    assert "州统计局" in depts


def test_export_backup_restore(dbfile: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rows = _targets(dbfile)
    run("progress", "add", str(rows[0]["id"]), "--period", "2024-Q2", "--value", "5.9", "--db", dbfile)
    run("override", str(rows[1]["id"]), "--status", "达进度", "--reason", "已核实", "--db", dbfile)
    x1 = tmp_path / "任务分解表.xlsx"
    run("export", "xlsx", "-o", str(x1), "--as-of", "2024-07-05", "--db", dbfile)
    wb = load_workbook(x1)
    assert wb.sheetnames == ["主要量化指标任务分解", "主要任务分解"]
    ws = wb["主要量化指标任务分解"]
    assert [c.value for c in ws[2]][:8] == ["序号", "目标任务", "指标值", "牵头单位", "配合单位", "完成时限", "进展情况", "状态"]
    assert ws.cell(3, 2).value == "地区生产总值增长6%左右" and ws.cell(3, 3).value == "增长6%左右"
    run("export", "docx", "-o", str(tmp_path / "进展通报.docx"), "--as-of", "2024-07-05", "--db", dbfile)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "进展通报.docx")).paragraphs)
    assert "推进情况通报" in text and "滞后任务" in text
    backup = tmp_path / "b.json.gz"
    run("backup", str(backup), "--db", dbfile)
    restored = str(tmp_path / "r.db")
    run("restore", str(backup), "--db", restored)
    x2 = tmp_path / "r.xlsx"
    run("export", "xlsx", "-o", str(x2), "--as-of", "2024-07-05", "--db", restored)
    cells = [[[c.value for c in row] for row in load_workbook(x)[name].iter_rows()] for x in (x1, x2)
             for name in ("主要量化指标任务分解", "主要任务分解")]
    assert cells[:2] == cells[2:]
    assert _targets(dbfile) == _targets(restored)


def _luoshi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from luoshi.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("args", "message"), [
    (["progress", "add", "99999", "--period", "2024-Q2", "--value", "1"], "没有编号为 99999 的目标"),
    (["progress", "add", "1", "--period", "2030-Q2", "--value", "1"], "不在目标年度"),
    (["progress", "add", "1", "--period", "2024-Q2", "--value", "1", "--unit", "公里"], "单位不符"),
    (["status", "--as-of", "yesterday"], "--as-of 须为 YYYY-MM-DD"),
    (["targets", "--format", "yaml"], "--format 须为 table、json 或 csv"),
    (["restore", "nonexistent.json"], "无法读取备份文件"),
])
def test_errors_are_one_line(dbfile: str, args: list[str], message: str) -> None:
    res = _luoshi(*args, "--db", dbfile)
    assert res.returncode == 2, res.stderr
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("luoshi: error: ") and message in res.stderr
    assert "Traceback" not in res.stderr


def test_corrupt_report_and_uninitialised_db(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    db = str(tmp_path / "x.db")
    res = _luoshi("import", str(bad), "--region", "某县", "--year", "2024", "--db", db)
    assert res.returncode == 2 and res.stderr.startswith("luoshi: error: ")
    res = _luoshi("targets", "--db", str(tmp_path / "empty.db"))
    assert res.returncode == 2 and "luoshi db upgrade" in res.stderr


@pytest.mark.parametrize("cmd", LEDGER_COMMANDS, ids=[" ".join(c) for c in LEDGER_COMMANDS])
def test_help_ends_in_an_example(cmd: list[str]) -> None:
    res = runner.invoke(app, [*cmd, "--help"], terminal_width=200)
    assert res.exit_code == 0
    lines = [ln.strip(" │") for ln in res.output.splitlines() if "例：luoshi " in ln]
    assert lines and lines[0].startswith("例：luoshi " + cmd[0])


def test_restore_refuses_a_corrupt_file(tmp_path: Path) -> None:
    f = tmp_path / "b.json"
    f.write_text('{"format": "something-else"}', encoding="utf-8")
    res = _luoshi("restore", str(f), "--db", str(tmp_path / "n.db"))
    assert res.returncode == 2 and "不是 Luoshi 备份文件" in res.stderr


def test_regions_roll_up(tmp_path: Path, report_file: Path) -> None:
    db = str(tmp_path / "r.db")
    run("import", str(report_file), "--region", "甲县", "--parent-region", "某州", "--year", "2024", "--db", db)
    other = tmp_path / "yixian-2024.txt"
    other.write_text(report_file.read_text(encoding="utf-8"), encoding="utf-8")
    run("import", str(other), "--region", "乙县", "--parent-region", "某州", "--year", "2024", "--db", db)
    by_region = run("status", "--by", "region", "--format", "csv", "--as-of", "2024-07-05", "--report", "1", "--db", db)
    assert [ln.split(",")[0] for ln in by_region.splitlines()[1:]] == ["甲县"]
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db

    engine, factory = open_db(db)
    with factory() as s:
        groups = {g.label: g.total for g in service.rollups(s, as_of=date(2024, 7, 5), by="top_region")}
        per = {g.label: g.total for g in service.rollups(s, as_of=date(2024, 7, 5), by="region")}
    engine.dispose()
    assert set(per) == {"甲县", "乙县"} and groups == {"某州": per["甲县"] + per["乙县"]}
