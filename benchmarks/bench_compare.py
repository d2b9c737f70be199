"""`luoshi compare` throughput: the 21 whole 2026 reports on one core, then 1,000 copies of them on a
local Dask cluster (4 worker processes, one thread each) and on 1 worker, for the figure per worker.

The copies are made in a temporary folder from `../shared/corpus/full-2026` (or LUOSHI_SHARED) and
removed afterwards; every copy is tabulated from scratch (no cache between files).

    .venv/bin/python benchmarks/bench_compare.py [--copies 1000] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def shared() -> Path:
    return Path(os.environ.get("LUOSHI_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def one_core(folder: Path) -> None:
    from luoshi.analysis.compare import compare

    compare([folder])  # warm: lexicons, catalogue, regexes
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        table = compare([folder])
        times.append(time.perf_counter() - t0)
    n = len(table.rows)
    cells = sum(len(r.cells) for r in table.rows)
    print(f"one core, {n} reports: best {min(times):.2f} s of 3 ({n / min(times):.1f} reports/s); "
          f"{len(table.indicators)} indicators, {cells} cells; errors {len(table.errors)}")


def on_dask(folder: Path, copies: int, workers: int) -> None:
    from distributed import Client, LocalCluster

    from luoshi.analysis.compare import compare

    files = sorted(folder.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-compare-") as tmp:
        for i in range(copies):
            src = files[i % len(files)]
            shutil.copyfile(src, Path(tmp) / f"{src.stem}-copy{i:04d}.txt")
        for n in dict.fromkeys([workers, 1]):
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.run(lambda: __import__("luoshi.analysis.compare"))  # workers import luoshi first
                t0 = time.perf_counter()
                table = compare([tmp], scheduler=cluster.scheduler_address)
                elapsed = time.perf_counter() - t0
            rate = copies / elapsed
            print(f"dask, {n} worker(s): {copies} reports in {elapsed:.1f} s = {rate:.1f} reports/s, "
                  f"{rate / n:.1f} per worker; rows {len(table.rows)}; errors {len(table.errors)}")
            sys.stdout.flush()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    folder = shared() / "corpus" / "full-2026"
    if not folder.is_dir():
        print(f"skipped: {folder} not found (set LUOSHI_SHARED)")
        return
    print(f"cores: {os.cpu_count()}")
    one_core(folder)
    on_dask(folder, args.copies, args.workers)


if __name__ == "__main__":
    main()
