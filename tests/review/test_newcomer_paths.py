"""What a newcomer meets first: `luoshi corpus ../shared/corpus/` finds the reports (a path through `..`
is not hidden), an empty folder is an error, and the evidence clause of `luoshi review` is the one
holding the number (3% is not the tail of 6.3%)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.analysis.corpus import list_reports
from luoshi.cli import app
from luoshi.cli.review_cmds import _clause
from luoshi.errors import InvalidInput


def test_a_path_through_dotdot_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "shared" / "corpus"
    (corpus / ".hidden").mkdir(parents=True)
    (corpus / "a-2024.txt").write_text("报告", encoding="utf-8")
    (corpus / ".hidden" / "b-2024.txt").write_text("报告", encoding="utf-8")
    (corpus / ".c-2024.txt").write_text("报告", encoding="utf-8")
    work = tmp_path / "repo"
    work.mkdir()
    monkeypatch.chdir(work)
    found = list_reports(Path("../shared/corpus/"))
    assert [p.name for p in found] == ["a-2024.txt"]
    assert [p.name for p in list_reports(Path(os.path.join("..", "shared", ".", "corpus")))] == ["a-2024.txt"]


def test_no_reports_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "notes.md").write_text("不是报告", encoding="utf-8")
    res = CliRunner().invoke(app, ["corpus", str(tmp_path / "src"), "-o", str(tmp_path / "out")])
    assert res.exit_code != 0
    assert isinstance(res.exception, InvalidInput) and "没有报告文件" in res.exception.message


@pytest.mark.parametrize(("sentence", "mention", "clause"), [
    ("地区生产总值增长6.3%，居民消费价格上涨3%左右。", "3%", "居民消费价格上涨3%左右"),
    ("新增就业15万人，其中高校毕业生5万人。", "5万人", "其中高校毕业生5万人"),
    ("粮食产量增长1.5%，人均收入增长5%。", "5%", "人均收入增长5%"),
    ("投资增长6.3%，消费增长3%。", "6.3%", "投资增长6.3%"),
])
def test_evidence_clause_on_number_boundaries(sentence: str, mention: str, clause: str) -> None:
    assert _clause(sentence, mention) == clause
