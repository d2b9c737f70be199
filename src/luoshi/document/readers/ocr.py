"""OCR engines: a page image in, recognised lines (text, box, confidence) out. Both run offline.

- `rapidocr` (default): RapidOCR on ONNX Runtime; its PP-OCR Chinese models ship inside the
  `rapidocr-onnxruntime` wheel and are never fetched at run time.
- `tesseract`: the `tesseract` command with Debian's `tesseract-ocr-chi-sim` model.

Each engine runs on one thread by default (`LUOSHI_OCR_THREADS`), so that two imports at once do not
fight for the cores. An engine that is not installed raises ReadError naming what to install.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from luoshi.errors import ReadError

ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"
TESSERACT_TIMEOUT = 120  # seconds for one page; a 200 dpi A4 page takes a few


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised line: its text, its box in pixels (left, top, right, bottom), confidence 0–1."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


class Engine(Protocol):
    name: str

    def lines(self, image: Any) -> list[OcrLine]:
        """Recognise the lines of one page image (a grey-scale or RGB PIL image)."""
        ...


def engine(name: str | None = None, threads: int | None = None) -> Engine:
    """The OCR engine `name` (default: `LUOSHI_OCR_ENGINE`, else rapidocr)."""
    name = (name or os.environ.get("LUOSHI_OCR_ENGINE") or DEFAULT_ENGINE).strip().lower()
    threads = threads or int(os.environ.get("LUOSHI_OCR_THREADS") or 1)
    if name == "rapidocr":
        return _rapid(threads)
    if name == "tesseract":
        return Tesseract(threads)
    raise ReadError(f"未知的 OCR 引擎“{name}”（可选 {'、'.join(ENGINES)}）/ unknown OCR engine")


class RapidOcr:
    name = "rapidocr"

    def __init__(self, threads: int) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:
            raise ReadError(
                "未安装 OCR 引擎，无法识别扫描件：请安装 pip install rapidocr-onnxruntime"
                "（或 apt-get install tesseract-ocr tesseract-ocr-chi-sim 并设 LUOSHI_OCR_ENGINE=tesseract）"
                " / no OCR engine installed"
            ) from e
        # Pages are scaled to at most 1400 pixels on their long side before detection (16 pt type at
        # 200 dpi stays 26 pixels high): as accurate on our pages as full size, a third faster and a
        # third less memory; lines are recognised one at a time (batches pad each line to the longest).
        # Lines the recogniser is unsure of are kept, marked by their low confidence, not dropped.
        # No angle classifier: pages come upright (photos are turned by their EXIF tag), and it turned
        # whole lines of our test pages upside down, which then read as nothing.
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, max_side_len=1400,
                             text_score=0.3, use_cls=False, rec_batch_num=1)

    def lines(self, image: Any) -> list[OcrLine]:
        import numpy as np

        result, _ = self._ocr(np.asarray(image.convert("RGB")))
        out = []
        for box, text, score in result or []:
            xs = [p[0] for p in box]
            ys = [p[1] for p in box]
            if text.strip():
                out.append(OcrLine(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score)))
        return out


@cache
def _rapid(threads: int) -> RapidOcr:
    # Loading the three models takes about a second: once per process and thread count.
    return RapidOcr(threads)


class Tesseract:
    name = "tesseract"

    def __init__(self, threads: int) -> None:
        self.exe = shutil.which("tesseract")
        if self.exe is None:
            raise ReadError(
                "未安装 Tesseract，无法识别扫描件：请 apt-get install tesseract-ocr tesseract-ocr-chi-sim"
                " / tesseract is not installed"
            )
        self.threads = threads

    def lines(self, image: Any) -> list[OcrLine]:
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        env = {**os.environ, "OMP_THREAD_LIMIT": str(self.threads)}
        try:
            done = subprocess.run(
                [str(self.exe), "stdin", "stdout", "-l", "chi_sim", "--psm", "3", "tsv"],
                input=buf.getvalue(), capture_output=True, timeout=TESSERACT_TIMEOUT, env=env, check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise ReadError(f"OCR 超时（单页超过 {TESSERACT_TIMEOUT} 秒）/ OCR timed out") from e
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace")
            if "chi_sim" in err:
                raise ReadError("缺少 Tesseract 中文模型：请 apt-get install tesseract-ocr-chi-sim / no chi_sim model")
            raise ReadError(f"Tesseract 识别失败 / tesseract failed: {err.strip().splitlines()[-1:]}")
        return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Tesseract's TSV words grouped into lines; Chinese words join without the spaces it puts between them."""
    groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            groups.setdefault(key, []).append(row)
    out = []
    for words in groups.values():
        text = ""
        for w in words:
            t = w["text"].strip()
            if text and text[-1].isascii() and text[-1].isalnum() and t[0].isascii() and t[0].isalnum():
                text += " "
            text += t
        weight = sum(len(w["text"].strip()) for w in words)
        conf = sum(max(float(w["conf"]), 0.0) * len(w["text"].strip()) for w in words) / weight / 100
        x0 = min(int(w["left"]) for w in words)
        top = min(int(w["top"]) for w in words)
        x1 = max(int(w["left"]) + int(w["width"]) for w in words)
        bottom = max(int(w["top"]) + int(w["height"]) for w in words)
        out.append(OcrLine(text, x0, top, x1, bottom, conf))
    return out
