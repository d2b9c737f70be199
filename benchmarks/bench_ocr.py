"""Compare the OCR engines on pages we render ourselves. Prints figures; asserts nothing.

    python benchmarks/bench_ocr.py [PAGES]

Pages: the made-up sample report shipped with Luoshi and the first PAGES (default 3) pages of the
reference report, set at 200 dpi, once clean and once as a scan (tilted, blurred, speckled). For each
engine, in its own process on one thread:

- characters: 1 − edit distance / length, text without spaces, page numbers left out of the truth;
- numbers: the share of the page's numbers (digits, decimals, %) read exactly, in order;
- CPU seconds per page on one thread (after the models are loaded; wall seconds too, which grow when
  the machine is busy) and the peak memory: the Python process, and for Tesseract its own process.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "document"))
SHARED = Path(os.environ.get("LUOSHI_SHARED") or REPO.parent / "shared")
NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def pages(n_ref: int) -> tuple[list[str], list[object], list[object]]:
    """The truth of each page and its clean and scanned images."""
    from importlib import resources

    from scanmaker import render_pages, typeset

    sample = resources.files("luoshi.sample").joinpath("sample-report.txt").read_text(encoding="utf-8")
    texts = [sample]
    ref = SHARED / "corpus" / "qiannan-2024.txt"
    if ref.exists():
        texts.append(ref.read_text(encoding="utf-8"))
    truths: list[str] = []
    clean: list[object] = []
    scans: list[object] = []
    for k, text in enumerate(texts):
        ts = typeset([p.strip() for p in text.splitlines() if p.strip()])
        keep = range(len(ts.pages)) if k == 0 else range(min(n_ref, len(ts.pages)))
        imgs = render_pages(ts)
        noisy = render_pages(ts, scan=True, seed=k)
        for i in keep:
            truths.append(ts.page_text(i))
            clean.append(imgs[i])
            scans.append(noisy[i])
    return truths, clean, scans


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def numbers_read(truth: str, got: str) -> tuple[int, int]:
    from difflib import SequenceMatcher

    t, g = NUMBER.findall(truth), NUMBER.findall(got)
    same = sum(b.size for b in SequenceMatcher(None, t, g, autojunk=False).get_matching_blocks())
    return same, len(t)


def cpu() -> float:
    """CPU seconds of this process and of the processes it waited for (tesseract runs as one)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def tesseract_mb(image: object) -> int:
    """Peak memory of one tesseract process on a page, as /usr/bin/time sees it (a child's own maxrss
    would include the Python process it was forked from)."""
    import shutil
    import tempfile

    if not Path("/usr/bin/time").exists() or not shutil.which("tesseract"):
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.png"
        image.save(page)  # type: ignore[attr-defined]
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "tesseract", str(page), "stdout", "-l", "chi_sim", "tsv"],
                              capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=False)
    return round(int(done.stderr.strip().splitlines()[-1]) / 1024)


def child(engine_name: str, n_ref: int) -> None:
    """Run one engine over every page in this process and print one JSON line of figures."""
    from luoshi.document.readers.ocr import engine

    truths, clean, scans = pages(n_ref)
    eng = engine(engine_name, threads=1)
    eng.lines(clean[0])  # load the models
    out: dict[str, object] = {}
    for label, imgs in (("clean", clean), ("scan", scans)):
        t0, c0 = time.perf_counter(), cpu()
        read = [eng.lines(img) for img in imgs]
        secs = (time.perf_counter() - t0) / len(imgs)
        cpu_secs = (cpu() - c0) / len(imgs)
        chars = errs = nums = num_total = 0
        confs = []
        for truth, lines in zip(truths, read, strict=True):
            body = [ln for ln in lines if not re.fullmatch(r"[\s\-—–－~]*\d+[\s\-—–－~]*", ln.text)]
            got = re.sub(r"\s+", "", "".join(ln.text for ln in body))
            want = re.sub(r"\s+", "", truth)
            errs += edit_distance(want, got)
            chars += len(want)
            a, b = numbers_read(want, got)
            nums += a
            num_total += b
            confs.extend(ln.confidence for ln in body)
        out[label] = {"pages": len(imgs), "char_accuracy": round(1 - errs / chars, 4),
                      "numbers": f"{nums}/{num_total}", "s_per_page": round(secs, 2),
                      "cpu_s_per_page": round(cpu_secs, 2),
                      "mean_confidence": round(sum(confs) / max(len(confs), 1), 3)}
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["engine_process_mb"] = tesseract_mb(clean[0]) if engine_name == "tesseract" else 0
    print(json.dumps(out))


def main() -> None:
    n_ref = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 3
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return
    for name in ("rapidocr", "tesseract"):
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1"}
        done = subprocess.run([sys.executable, __file__, "--child", name, str(n_ref)], capture_output=True,
                              text=True, env=env, check=False)
        if done.returncode != 0:
            print(f"{name}: failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        for label in ("clean", "scan"):
            f = figures[label]
            print(f"{name:9} {label:5}: {f['pages']} pages, characters {f['char_accuracy']:.2%}, "
                  f"numbers {f['numbers']}, {f['cpu_s_per_page']} CPU s/page on one thread "
                  f"({f['s_per_page']} s wall), "
                  f"mean confidence {f['mean_confidence']}")
        # Tesseract runs as its own process per page: its memory is that process's, not Python's.
        extra = f", tesseract process {figures['engine_process_mb']} MB" if figures["engine_process_mb"] else ""
        print(f"{name:9} peak memory: Python process {figures['peak_mb']} MB{extra}")


if __name__ == "__main__":
    main()
