"""Corpus mode: tables, resumability, a failing file, metadata, region/year detection.

These run the job in-process (`workers=1`) with the extraction pipeline (`luoshi.extract`) replaced by the hand-built
indicators of the report pair, so they test the corpus machinery whatever the extractor does."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from review_cases import EXPECTED_2024, REPORT_2024, REPORT_2025, install_extract
from test_review_verdicts import _pair_by_hand

import luoshi
from luoshi.analysis.corpus import from_filename, region_from_text, region_key, run
from luoshi.document.normalize import fold
from luoshi.errors import InvalidInput
from luoshi.extract import pipeline


@pytest.fixture
def fake_extract(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the extractor with the hand-built indicators; record the documents it sees."""
    targets, results = _pair_by_hand()
    seen: list[str] = []

    def extract(doc: luoshi.Document) -> list:  # type: ignore[type-arg]
        seen.append(doc.id)
        return targets if "2024" in doc.text[:40] else results

    monkeypatch.setattr(pipeline, "extract", extract)
    return seen


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "qingchuan-2024.txt").write_text(REPORT_2024, encoding="utf-8")
    (src / "sub" / "qingchuan-2025.txt").write_text(REPORT_2025, encoding="utf-8")
    (src / "broken-2025.txt").write_bytes(b"")  # empty: cannot be read
    (src / "notes.md").write_text("不是报告", encoding="utf-8")  # not a report format: ignored
    (src / ".hidden-2024.txt").write_text(REPORT_2024, encoding="utf-8")  # hidden: ignored
    return src


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_tables_and_failing_file(tmp_path: Path, fake_extract: list[str]) -> None:
    src, out = _corpus(tmp_path), tmp_path / "out"
    res = run(src, out, workers=1, progress=False)
    assert (res.files, res.done, res.skipped, res.failed) == (3, 2, 0, 1)
    assert "broken-2025.txt" in res.errors[0] and "文件为空" in res.errors[0]
    assert "broken-2025.txt" in (out / "errors.log").read_text(encoding="utf-8")

    reports = _csv(out / "reports.csv")
    assert [(r["file"], r["region"], r["report_year"]) for r in reports] == [
        ("qingchuan-2024.txt", "青川市", "2024"),
        ("sub/qingchuan-2025.txt", "青川市", "2025"),
    ]
    assert {r["region_source"] for r in reports} == {"text"}

    promises = _csv(out / "promises.csv")
    assert len(promises) == len(EXPECTED_2024)
    assert {p["subject"]: p["verdict"] for p in promises} == EXPECTED_2024
    jobs = next(p for p in promises if p["subject"] == "城镇新增就业")
    assert jobs["result"] == "31200人" and jobs["region"] == "青川市" and jobs["report_year"] == "2024"

    indicators = pq.read_table(out / "indicators.parquet").to_pylist()
    assert len(indicators) == 21 == len(_csv(out / "indicators.csv"))
    assert {"region", "report_year", "section_path", "span_start", "subject", "stance"} <= set(indicators[0])
    assert pq.read_table(out / "promises.parquet").num_rows == len(EXPECTED_2024)


def test_resume_skips_done_files(
    tmp_path: Path, fake_extract: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = _corpus(tmp_path), tmp_path / "out"
    real = pipeline.extract

    def dies_on_2025(doc: luoshi.Document) -> list:  # type: ignore[type-arg]
        if "2025" in doc.text[:40]:
            raise KeyboardInterrupt  # the job is stopped half-way
        return real(doc)

    monkeypatch.setattr(pipeline, "extract", dies_on_2025)
    with pytest.raises(KeyboardInterrupt):
        run(src, out, workers=1, progress=False)
    done = [json.loads(x) for x in (out / "state.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["file"] for d in done if d["status"] == "done"] == ["qingchuan-2024.txt"]

    monkeypatch.setattr(pipeline, "extract", real)
    fake_extract.clear()
    res = run(src, out, workers=1, progress=False)
    assert (res.done, res.skipped, res.failed) == (1, 1, 1)
    assert fake_extract == ["qingchuan-2025"]  # only the file not yet done was extracted
    assert len(_csv(out / "promises.csv")) == len(EXPECTED_2024)

    # A re-run does nothing but retry the failing file; a changed file is redone.
    fake_extract.clear()
    res = run(src, out, workers=1, progress=False)
    assert (res.done, res.skipped, res.failed) == (0, 2, 1) and fake_extract == []
    (src / "qingchuan-2024.txt").write_text(REPORT_2024 + "\n", encoding="utf-8")
    res = run(src, out, workers=1, progress=False)
    assert (res.done, res.skipped) == (1, 1) and fake_extract == ["qingchuan-2024"]
    assert len(_csv(out / "reports.csv")) == 2  # the old version of the changed file is gone


def test_metadata_overrides_text(tmp_path: Path, fake_extract: list[str]) -> None:
    src, out = _corpus(tmp_path), tmp_path / "out"
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,region,year,level\nqingchuan-2024.txt,青川,2024,地级\nqingchuan-2025,青川,2025,地级\n", "utf-8"
    )
    run(src, out, metadata=meta, workers=1, progress=False)
    reports = _csv(out / "reports.csv")
    assert {(r["region"], r["region_source"], r["year_source"]) for r in reports} == {
        ("青川", "metadata", "metadata")
    }
    assert {p["region"] for p in _csv(out / "promises.csv")} == {"青川"}
    assert {r["level"] for r in reports} == {"地级"}  # other metadata columns ride along

    meta.write_text("文件,地区,年份\nqingchuan-2024.txt,青川甲,2024\n", encoding="utf-8")
    run(src, out, metadata=meta, workers=1, progress=False)
    assert [r["region"] for r in _csv(out / "reports.csv")] == ["青川甲", "青川市"]

    bad = tmp_path / "bad.csv"
    bad.write_text("name,region\nx,y\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="file"):
        run(src, out, metadata=bad, workers=1, progress=False)
    bad.write_text("file,year\nx,二〇二四\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="year"):
        run(src, out, metadata=bad, workers=1, progress=False)


def test_tables_have_columns_when_empty(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "empty-2024.txt").write_bytes(b"")
    (src / "old-2023.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))  # legacy Word
    res = run(src, out, workers=1, progress=False)
    assert res.failed == 2 and res.rows == {"reports": 0, "indicators": 0, "promises": 0}
    assert any(e.startswith("old-2023.doc: ") for e in res.errors)
    schema = pq.read_schema(out / "promises.parquet")
    assert "verdict" in schema.names and str(schema.field("target_value").type) == "double"
    header = (out / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    assert header[0].replace('"', "").startswith("report_id,region,report_year,doc,span_start")


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        run(tmp_path / "missing", tmp_path / "out")


def test_no_next_report_leaves_verdict_empty(tmp_path: Path, fake_extract: list[str]) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "qingchuan-2024.txt").write_text(REPORT_2024, encoding="utf-8")
    run(src, out, workers=1, progress=False)
    promises = _csv(out / "promises.csv")
    assert len(promises) == len(EXPECTED_2024)
    assert {p["verdict"] for p in promises} == {""}
    assert "没有该地区下一年的报告" in promises[0]["reason"]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("政府工作报告\n——2024年1月10日在青川市第十届人民代表大会第三次会议上\n", "青川市"),
        (
            "2019年政府工作报告\n——在黔南布依族苗族自治州第十四届人民代表大会第四次会议上",
            "黔南布依族苗族自治州",
        ),
        ("青川市2024年政府工作报告\n各位代表：", "青川市"),
        ("2024年青川县人民政府工作报告", "青川县"),
        ("2012年青川县两会《政府工作报告》\n", "青川县"),
        ("政府工作报告\n\n白河省代省长 张三\n\n各位代表：", "白河省"),
        ("——2022年1月8日\n白河市云岭区人民政府区长 李四\n", "白河市云岭区"),
        ("各位代表：\n现在，我代表市人民政府向大会报告工作。", None),
    ],
)
def test_region_from_text(text: str, region: str | None) -> None:
    assert region_from_text(fold(text)) == region


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("黔南布依族苗族自治州", "黔南州"),
        ("双江拉祜族佤族布朗族傣族自治县", "双江县"),
        ("延边朝鲜族自治州", "延边州"),
        ("青川市", "青川市"),
    ],
)
def test_region_key(a: str, b: str) -> None:
    assert region_key(a) == region_key(b) == b


def test_from_filename() -> None:
    assert from_filename("qiannan-2024") == ("qiannan", 2024)
    assert from_filename("黔南州2019") == ("黔南州", 2019)
    assert from_filename("report") == ("report", None)


@pytest.mark.slow
def test_corpus_on_local_dask_cluster(tmp_path: Path) -> None:
    """The same job on a local Dask cluster of two worker processes (the extractor replaced in each)."""
    from distributed import Client, LocalCluster

    src, out = _corpus(tmp_path), tmp_path / "out"
    # More files than the submission window (8 for two single-threaded workers), so it refills.
    regions = [f"白河{i}县" for i in range(6)]
    for r in regions:
        (src / f"{r}-2024.txt").write_text(REPORT_2024.replace("青川市", r), encoding="utf-8")
        (src / f"{r}-2025.txt").write_text(REPORT_2025.replace("青川市", r), encoding="utf-8")
    targets, results = _pair_by_hand()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        with Client(cluster.scheduler_address) as client:
            client.run(install_extract, [t.to_dict() for t in targets], [r.to_dict() for r in results])
            pids = client.run(os.getpid)
        res = run(src, out, scheduler=cluster.scheduler_address, progress=False)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    assert (res.files, res.done, res.failed) == (15, 14, 1)
    promises = _csv(out / "promises.csv")
    for region in ["青川市", *regions]:
        assert {p["subject"]: p["verdict"] for p in promises if p["region"] == region} == EXPECTED_2024
    assert len(promises) == 7 * len(EXPECTED_2024)
    assert "broken-2025.txt" in (out / "errors.log").read_text(encoding="utf-8")


def test_unreachable_scheduler(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    with pytest.raises(InvalidInput, match="Dask"):
        run(src, tmp_path / "out", scheduler="tcp://127.0.0.1:9", progress=False, scheduler_timeout=1)


def test_a_file_that_kills_its_worker_is_skipped(tmp_path: Path, fake_extract: list[str]) -> None:
    """A crash that takes the worker process down (not an exception) fails that file only."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the replaced extractor reaches the workers only when they are forked")
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(11):  # more than the window of 8 jobs in flight for two workers
        (src / f"r{i}-2024.txt").write_text(REPORT_2024.replace("青川市", f"青川{i}市"), encoding="utf-8")
    (src / "crash-2024.txt").write_text(REPORT_2024.replace("青川市", "坠毁市"), encoding="utf-8")
    real = pipeline.extract

    def crash(doc: luoshi.Document) -> list:  # type: ignore[type-arg]
        if doc.id == "crash-2024":
            os._exit(70)
        return real(doc)

    pipeline.extract = crash  # inherited by the forked workers
    try:
        res = run(src, out, workers=2, progress=False)
    finally:
        pipeline.extract = real
    assert (res.files, res.done, res.failed) == (12, 11, 1)
    assert res.errors[0].startswith("crash-2024.txt: worker failed")
    assert len(_csv(out / "reports.csv")) == 11


def test_pairs_an_autonomous_region_named_two_ways(tmp_path: Path, fake_extract: list[str]) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(REPORT_2024.replace("青川市", "云岭苗族自治县"), encoding="utf-8")
    (src / "b.txt").write_text(REPORT_2025.replace("青川市", "云岭县"), encoding="utf-8")
    run(src, out, workers=1, progress=False)
    promises = _csv(out / "promises.csv")
    assert {p["region"] for p in promises} == {"云岭苗族自治县"}  # shown as the report names it
    assert {p["subject"]: p["verdict"] for p in promises} == EXPECTED_2024
