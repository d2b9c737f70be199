"""Extraction speed and memory on the reference report and the 21 whole 2026 reports. Prints
figures; asserts nothing.

    python benchmarks/bench_extract.py [REPORT]

- warm: ms per report and characters per second for read + extract in this process (after a warm-up)
- cold: wall time of `luoshi extract REPORT` as a new process (median of runs)
- memory: peak resident memory of that process
- whole reports: ms per 10,000 characters over the 21 reports of ../shared/corpus/full-2026/, the
  slowest report, and the share of the reading stage (facts, parts, target lists, noise) measured in
  the same run: extraction without it would take the total less its time.
Goals (issue 2): warm < 30 ms, cold < 0.5 s, peak < 150 MB; issue 11: the reading stage adds at
most 20 % and the reference report stays under 30 ms warm.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared")
DEFAULT = SHARED / "corpus" / "qiannan-2024.txt"


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def whole_reports(runs: int = 7) -> None:
    """The 21 whole reports: extraction per 10,000 characters, the slowest, the reading stage's share."""
    import luoshi
    from luoshi.document import Document, build
    from luoshi.document.noise import denoise
    from luoshi.document.reading import read_report

    files = sorted((SHARED / "corpus" / "full-2026").glob("*.txt"))
    if not files:
        print("whole reports: ../shared/corpus/full-2026 not found")
        return
    total_ms = reading_ms = 0.0
    chars = 0
    slowest = (0.0, "", 0)
    for f in files:
        text = luoshi.read(f).text
        luoshi.extract(Document(id="warm", text=text))
        ms = _median_ms(lambda text=text: luoshi.extract(Document(id="r", text=text)), runs)  # type: ignore[misc]
        built = build(Document(id="b", text=text))
        sections = built.sections

        def reading(text: str = text, built: Document = built, sections: list = sections) -> None:  # type: ignore[type-arg]
            denoise(text)
            read_report(built, sections)

        rms = _median_ms(reading, runs)
        total_ms += ms
        reading_ms += rms
        chars += len(text)
        slowest = max(slowest, (ms, f.name, len(text)))
    before = total_ms - reading_ms
    print(f"whole reports: {len(files)} reports, {chars} characters; warm extract "
          f"{total_ms / chars * 10000:.1f} ms per 10,000 characters")
    print(f"slowest: {slowest[1]} ({slowest[2]} characters) {slowest[0]:.1f} ms")
    print(f"reading stage: {reading_ms:.1f} ms of {total_ms:.1f} ms; without it {before:.1f} ms, "
          f"so it adds {reading_ms / before * 100:.1f} %")


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
    whole_reports()


if __name__ == "__main__":
    main()
