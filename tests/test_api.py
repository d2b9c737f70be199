"""The public Python API: `luoshi.read`, `outline`, `extract`, `evaluate`, `Ledger`, and a light import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import luoshi


def test_public_names() -> None:
    for name in ("read", "read_bytes", "outline", "extract", "evaluate", "parse_numbers", "NumberMention",
                 "Indicator", "Document", "Ledger"):
        assert hasattr(luoshi, name), name


def test_extraction_does_not_load_the_database_or_web_stack() -> None:
    code = (
        "import sys, luoshi; from luoshi.document import Document;"
        "luoshi.extract(Document(id='x', text='一、2023年工作回顾\\n增长5%。'));"
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'pyarrow', 'dask') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_ledger_round_trip(tmp_path: Path) -> None:
    report = tmp_path / "test-2024.txt"
    report.write_text("一、2023年工作回顾\n增长5%。\n二、2024年工作安排\n新建幼儿园6所。\n", encoding="utf-8")
    with luoshi.Ledger(f"sqlite:///{tmp_path / 'l.db'}") as ledger:
        ledger.import_report(str(report), region="某县", year=2024)
        rows = ledger.rows()
    assert any("幼儿园" in r["text"] for r in rows)


def test_indicator_serialises_to_the_guide_fields() -> None:
    (ind,) = luoshi.extract(luoshi.Document(id="d", text="二、2024年工作安排\n新建幼儿园6所。\n"))
    d = ind.to_dict()
    assert {k: d[k] for k in ("doc", "mention", "value", "unit", "kind", "stance", "bound", "year")} == {
        "doc": "d", "mention": "6所", "value": 6.0, "unit": "所", "kind": "amount", "stance": "target",
        "bound": "exact", "year": 2024}
    assert luoshi.Indicator.from_dict(d) == ind


def test_parse_numbers() -> None:
    text = "新建住房1.44万套，增长百分之五"
    found = luoshi.parse_numbers(text)
    assert [(m.text, m.value, m.unit, m.absolute) for m in found] == [("1.44万套", 1.44, "万套", 14400.0),
                                                                       ("百分之五", 5.0, "%", 5.0)]
    assert all(text[m.span[0] : m.span[1]] == m.text for m in found)
