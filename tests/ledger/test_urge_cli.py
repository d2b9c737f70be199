"""`luoshi urge` from the command line: send to a department's 滞后 targets or to given ones, list by
state, record an answer received on paper, close, and write the .docx; refusals are one Chinese line."""

from __future__ import annotations

import io
from pathlib import Path

from ledger_cases import run, runner

from luoshi.cli import app


def test_urge_commands(dbfile: str, tmp_path: Path) -> None:
    from docx import Document

    targets = [line.split(",")[0] for line in run("targets", "--format", "csv", "--db", dbfile).splitlines()[1:3]]
    run("assign", *targets, "--lead", "教育局", "--db", dbfile)
    out = run("urge", "send", *targets, "-m", "请加快推进", "--reply-by", "2024-07-10", "--cc", "县政府办公室",
              "--as-of", "2024-06-30", "--db", dbfile)
    assert "催办〔2024〕1号" in out and "教育局" in out
    out = run("urge", "send", "--department", "教育局", "-m", "请说明滞后原因", "--reply-by", "2024-07-10",
              "--as-of", "2024-06-30", "--db", dbfile)
    assert "催办〔2024〕2号" in out
    listed = run("urge", "list", "--format", "csv", "--as-of", "2024-06-30", "--db", dbfile)
    assert listed.splitlines()[0].startswith("编号,文号,主送单位") and listed.count("待答复") == 2
    assert "逾期" in run("urge", "list", "--state", "逾期", "--as-of", "2024-07-11", "--db", dbfile)
    assert "已登记" in run("urge", "reply", "1", "--text", "已召开专题会议", "--db", dbfile)
    assert "已办结" in run("urge", "close", "1", "--note", "同意", "--db", dbfile)
    out_file = tmp_path / "督办单.docx"
    run("urge", "docx", "2", "--out", str(out_file), "--red", "--db", dbfile)
    text = "\n".join(p.text for p in Document(io.BytesIO(out_file.read_bytes())).paragraphs)
    assert "催办〔2024〕2号" in text and "教育局：" in text
    # Refusals: one line, exit 2, nothing written.
    res = runner.invoke(app, ["urge", "reply", "1", "--text", "再答一次", "--db", dbfile])
    assert res.exit_code != 0
    res = runner.invoke(app, ["urge", "send", targets[0], "-m", "催", "--reply-by", "2024-06-01",
                              "--as-of", "2024-06-30", "--db", dbfile])
    assert res.exit_code != 0 and "答复时限" in str(res.exception or res.output)
    res = runner.invoke(app, ["urge", "send", targets[0], "-m", "督办", "--kind", "督办", "--reply-by", "2024-07-01",
                              "--as-of", "2024-01-05", "--db", dbfile])
    assert res.exit_code != 0 and "红色、黄色预警" in str(res.exception)  # nothing is late on 5 January
