"""End to end through the real reader and extractor: the report pair as .txt files, the reference
report against itself, and the corpus job on a local Dask cluster and on a process pool."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from review_cases import EXPECTED_2024, EXPECTED_2026, REPORT_2024, REPORT_2025, REPORT_2026, REPORT_2027

import luoshi
from luoshi.analysis.corpus import run
from luoshi.analysis.review import ABSENT, review
from luoshi.document import report_year


def test_pair_through_the_extractor(pair: tuple[Path, Path]) -> None:
    a, b = luoshi.read(pair[0]), luoshi.read(pair[1])
    assert report_year(a) == 2024 and report_year(b) == 2025
    rev = review(luoshi.extract(a), luoshi.extract(b), year=2024)
    got = {r.subject: r.verdict for r in rev.rows}
    assert got == EXPECTED_2024
    # Evidence: both sentences and spans index their documents.
    for r in rev.rows:
        assert a.text[r.target.span[0] : r.target.span[1]] == r.target.mention
        if r.result is not None:
            assert b.text[r.result.span[0] : r.result.span[1]] == r.result.mention


def test_reference_report_against_itself(shared: Path) -> None:
    doc = luoshi.read(shared / "corpus" / "qiannan-2024.txt")
    inds = luoshi.extract(doc)
    rev = review(inds, inds, year=report_year(doc))
    assert rev.year == 2024 and len(rev.rows) > 10
    assert {r.verdict for r in rev.rows} == {ABSENT}


def _files(folder: Path) -> None:
    folder.mkdir()
    (folder / "qingchuan-2024.txt").write_text(REPORT_2024, encoding="utf-8")
    (folder / "qingchuan-2025.txt").write_text(REPORT_2025, encoding="utf-8")
    for name in ("白河县", "云岭县"):
        for text in (REPORT_2024, REPORT_2025):
            year = "2024" if text is REPORT_2024 else "2025"
            (folder / f"{name}-{year}.txt").write_text(text.replace("青川市", name), encoding="utf-8")
    (folder / "empty-2025.txt").write_bytes(b"")


def _check(out: Path) -> None:
    with (out / "reports.csv").open(encoding="utf-8-sig", newline="") as f:
        reports = list(csv.DictReader(f))
    assert sorted({r["region"] for r in reports}) == ["云岭县", "白河县", "青川市"]
    with (out / "promises.csv").open(encoding="utf-8-sig", newline="") as f:
        promises = list(csv.DictReader(f))
    for region in ("青川市", "白河县"):
        got = {
            p["subject"]: p["verdict"]
            for p in promises
            if p["region"] == region and p["report_year"] == "2024"
        }
        assert got == EXPECTED_2024
    assert "empty-2025.txt" in (out / "errors.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_corpus_on_local_dask_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    src, out = tmp_path / "in", tmp_path / "out"
    _files(src)
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        res = run(src, out, scheduler=cluster.scheduler_address, progress=False)
    assert (res.files, res.done, res.failed) == (7, 6, 1)
    _check(out)


def test_corpus_on_process_pool(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _files(src)
    res = run(src, out, workers=2, progress=False)
    assert (res.files, res.done, res.failed) == (7, 6, 1)
    _check(out)


def _second_pair(tmp_path: Path) -> Any:
    a = tmp_path / "yunling-2026.txt"
    b = tmp_path / "yunling-2027.txt"
    a.write_text(REPORT_2026, encoding="utf-8")
    b.write_text(REPORT_2027, encoding="utf-8")
    da, db = luoshi.read(a), luoshi.read(b)
    return review(luoshi.extract(da), luoshi.extract(db), year=report_year(da))


def test_second_pair_through_the_extractor(tmp_path: Path) -> None:
    rev = _second_pair(tmp_path)
    assert rev.year == 2026
    assert {r.subject: r.verdict for r in rev.rows} == EXPECTED_2026
    (gdp,) = [r for r in rev.rows if r.subject == "地区生产总值"]
    assert gdp.target.bound == "range" and gdp.target.value_max == 7
