"""The reference report as a scan: rendered by us to an image-only PDF at 200 dpi, read by OCR, scored
with `luoshi eval` against its gold. Prints figures; asserts nothing. Goal (issue 15): strict F1 ≥ 0.95.

    python benchmarks/bench_ocr_reference.py [--engine rapidocr|tesseract] [--keep DIR]

Scoring fairly: the gold spans are offsets into the .txt, and the OCR text differs from it (no blank
lines between paragraphs, spaces next to Chinese gone, and whatever OCR misread). The OCR text is
aligned to the .txt character by character (difflib), each gold span is carried over to the OCR text
through that alignment, and `luoshi eval` scores the PDF against the carried-over gold. A span only
locates a record: its value, unit, kind, stance, bound and subject are compared as read from the OCR
text, so a misread number or subject counts as a miss, never as a match.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "document"))
SHARED = Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared")
REPORT = SHARED / "corpus" / "qiannan-2024.txt"
GOLD = SHARED / "gold" / "qiannan-2024.jsonl"


def offset_map(source: str, target: str) -> tuple[list[int], list[int]]:
    """For each offset into `source`, the matching offset into `target` (inside a changed stretch,
    proportionally), as two sorted lists of block starts for bisecting."""
    sm = SequenceMatcher(None, source, target, autojunk=False)
    src_starts, dst_starts = [], []
    for _, a1, _, b1, _ in sm.get_opcodes():
        src_starts.append(a1)
        dst_starts.append(b1)
    return src_starts, dst_starts


def carry(pos: int, src_starts: list[int], dst_starts: list[int], source: str, target: str) -> int:
    sm_i = bisect_right(src_starts, pos) - 1
    a1, b1 = src_starts[sm_i], dst_starts[sm_i]
    a2 = src_starts[sm_i + 1] if sm_i + 1 < len(src_starts) else len(source)
    b2 = dst_starts[sm_i + 1] if sm_i + 1 < len(dst_starts) else len(target)
    if a2 == a1:
        return b1
    return b1 + round((pos - a1) * (b2 - b1) / (a2 - a1))


def main() -> None:
    args = sys.argv[1:]
    engine = args[args.index("--engine") + 1] if "--engine" in args else "rapidocr"
    keep = Path(args[args.index("--keep") + 1]) if "--keep" in args else None
    if not REPORT.exists():
        print(f"reference report not found at {REPORT} (set LUOSHI_SHARED)")
        return
    os.environ["LUOSHI_OCR_ENGINE"] = engine
    os.environ["LUOSHI_OCR_THREADS"] = "1"
    os.environ["OMP_THREAD_LIMIT"] = "1"
    import resource

    from scanmaker import image_pdf, render_pages, typeset

    import luoshi

    source = REPORT.read_text(encoding="utf-8")
    ts = typeset([p.strip() for p in source.splitlines() if p.strip()], dpi=200)
    pdf = image_pdf(render_pages(ts, dpi=200), dpi=200)
    n_pages = len(ts.pages)

    def cpu() -> float:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    doc = luoshi.read_bytes(pdf, "qiannan-2024", "qiannan-2024.pdf")
    cpu_s, wall_s = cpu() - c0, time.perf_counter() - t0

    src_starts, dst_starts = offset_map(source, doc.text)
    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        (work / "qiannan-2024.pdf").write_bytes(pdf)
        (work / "qiannan-2024.ocr.txt").write_text(doc.text, encoding="utf-8")  # to look at what OCR read
        carried = []
        for line in GOLD.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            s, e = rec["span"]
            ns = carry(s, src_starts, dst_starts, source, doc.text)
            ne = max(carry(e, src_starts, dst_starts, source, doc.text), ns + 1)
            rec["span"] = [ns, ne]
            carried.append(json.dumps(rec, ensure_ascii=False))
        gold = work / "qiannan-2024.ocr-gold.jsonl"
        gold.write_text("\n".join(carried) + "\n", encoding="utf-8")
        env = {**os.environ, "LUOSHI_OCR_THREADS": "2"}
        done = subprocess.run([sys.executable, "-m", "luoshi", "eval", "--gold", str(gold), str(work / "qiannan-2024.pdf")],
                              capture_output=True, text=True, env=env, check=False)
    flagged = sum(1 for i in luoshi.extract(doc) if i.ocr_confidence is not None)
    total = len(luoshi.extract(doc))
    low = sum(1 for o in doc.ocr if o.confidence < 0.9)
    print(f"engine: {engine}; {n_pages} pages rendered at 200 dpi, {len(doc.text)} characters read")
    print(f"OCR time: {cpu_s / n_pages:.2f} CPU s/page on one thread ({wall_s / n_pages:.2f} s/page wall, "
          f"{wall_s:.0f} s in all); peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    print(f"indicators flagged as OCR: {flagged}/{total}; recognised lines under 0.9 confidence: {low}/{len(doc.ocr)}")
    print("luoshi eval on the OCR'd PDF (gold spans carried over to the OCR text):")
    print(done.stdout.rstrip() or done.stderr.rstrip())


if __name__ == "__main__":
    main()
