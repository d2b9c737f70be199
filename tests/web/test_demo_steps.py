"""`luoshi demo` (what `make run` runs) says what it is doing as it goes, says plainly when it falls back to
the sample report, and gives the address to open; the demo's generated progress notes are Chinese only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luoshi.cli import app


def test_demo_says_each_step_and_the_sample_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: list[Any] = []

    def run(self: Any, *args: Any, **kwargs: Any) -> None:  # instead of serving: note it and return
        served.append(self.config.port)
        self.started = True

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.setenv("LUOSHI_SHARED", str(tmp_path / "nowhere"))
    monkeypatch.delenv("LUOSHI_TODAY", raising=False)
    r = CliRunner().invoke(app, ["demo", "--db", str(tmp_path / "demo.db"), "--port", "8123"])
    assert r.exit_code == 0, r.output
    out = r.output
    steps = ["建立或升级数据库", "没有找到参考报告", "改用项目自带的示例报告", "读取并提取报告", "建立 18 个演示部门",
             "导入青岚县", "建议牵头单位", "演示进展"]
    positions = [out.index(s) for s in steps]
    assert positions == sorted(positions), out
    assert "注意：这是项目自带的示例报告" in out
    assert "http://127.0.0.1:8123/" in out and served == [8123]
    assert not re.search(r"\b(database|imported|departments|admin:|password)\b", out), out


def test_demo_notes_are_chinese() -> None:
    from luoshi.web.demo import DEMO_NOTE

    assert "演示数据" in DEMO_NOTE and not re.search(r"[A-Za-z]{4,}", DEMO_NOTE)
