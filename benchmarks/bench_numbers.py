"""Speed of the number layer and of extraction on the reference report, in one run. Prints figures;
asserts nothing.

    python benchmarks/bench_numbers.py [REPORT]

- parse_numbers: megabytes (UTF-8) of report per second, warm (goal of issue 12: ≥ 5 MB/s)
- extract: ms per report, warm, on a fresh Document each time (goal: no slower than before the layer)

The two are timed in alternation, so that both see the same load on a shared machine; wall-clock
and CPU time are both printed (the CPU time is steadier when other processes compete).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared") / "corpus" / "qiannan-2024.txt"
RUNS = 40


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def main() -> None:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    import luoshi
    from luoshi.document import Document

    text = luoshi.read(report).text
    size = len(text.encode("utf-8"))
    n_numbers = len(luoshi.parse_numbers(text))  # warm: lexicons loaded, patterns compiled
    n_indicators = len(luoshi.extract(Document(id="warm", text=text)))
    parse: list[tuple[float, float]] = []
    extract: list[tuple[float, float]] = []
    for i in range(RUNS):
        parse.append(_timed(lambda: luoshi.parse_numbers(text)))
        extract.append(_timed(lambda i=i: luoshi.extract(Document(id=f"r{i}", text=text))))  # nothing cached
    print(f"report: {report.name}, {len(text)} characters, {size} bytes; {RUNS} warm runs of each, alternating")
    for label, runs, count in (("parse_numbers", parse, f"{n_numbers} numbers"),
                               ("extract", extract, f"{n_indicators} indicators")):
        for clock, k in (("wall", 0), ("cpu", 1)):
            med, best = statistics.median(r[k] for r in runs), min(r[k] for r in runs)
            print(f"{label:<14}{clock:<5} median {med * 1000:6.2f} ms, best {best * 1000:6.2f} ms, "
                  f"{size / med / 1e6:5.2f} MB/s  ({count})")


if __name__ == "__main__":
    main()
