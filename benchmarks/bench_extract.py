"""Extraction speed and memory on the reference report. Prints figures; asserts nothing.

    python benchmarks/bench_extract.py [REPORT]

- warm: ms per report and characters per second for read + extract in this process (after a warm-up)
- cold: wall time of `luoshi extract REPORT` as a new process (median of runs)
- memory: peak resident memory of that process
Goals (issue 2): warm < 30 ms, cold < 0.5 s, peak < 150 MB.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared") / "corpus" / "qiannan-2024.txt"


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    import luoshi
    from luoshi.document import Document

    text = luoshi.read(report).text
    luoshi.extract(Document(id="warm", text=text))  # load lexicons, compile patterns
    runs = []
    for i in range(30):
        t = time.perf_counter()
        doc = Document(id=f"r{i}", text=text)  # a fresh document: nothing cached between runs
        n = len(luoshi.extract(doc))
        runs.append(time.perf_counter() - t)
    warm = statistics.median(runs)
    print(f"report: {report.name}, {len(text)} characters, {n} indicators")
    print(f"warm extract: median {warm * 1000:.1f} ms/report, best {min(runs) * 1000:.1f} ms, "
          f"{len(text) / warm:,.0f} characters/s")

    exe = [sys.executable, "-m", "luoshi", "extract", str(report)]
    colds = []
    peak_kb = 0
    for _ in range(7):
        t = time.perf_counter()
        subprocess.run(exe, check=True, stdout=subprocess.DEVNULL)
        colds.append(time.perf_counter() - t)
        peak_kb = max(peak_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"cold CLI (luoshi extract as a process): median {statistics.median(colds) * 1000:.0f} ms, "
          f"best {min(colds) * 1000:.0f} ms")
    print(f"peak memory of the CLI process: {peak_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
