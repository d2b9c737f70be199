"""Reading scans and photos by OCR: pages of our own text rendered here (scanmaker), read back with
nearly every indicator of the .txt, each number flagged as read by OCR."""

from __future__ import annotations

import io
import os
import shutil
from importlib.util import find_spec
from pathlib import Path

import pypdf
import pytest
from ofdmaker import build_ofd
from pdfmaker import build_pdf, layout
from readback import cli, paragraphs, refused_by_cli, sample_text, share_found
from scanmaker import image_pdf, png, render_pages

import luoshi
from luoshi.document import Document
from luoshi.document.readers import ocr as ocr_engines
from luoshi.errors import ReadError

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_spec("rapidocr_onnxruntime") is None, reason="RapidOCR is not installed (make test installs it)"),
]


@pytest.fixture(scope="module")
def scanned_sample() -> bytes:
    return image_pdf(render_pages(paragraphs(sample_text())))


@pytest.fixture(scope="module")
def read_scan(scanned_sample: bytes) -> Document:
    return luoshi.read_bytes(scanned_sample, "qinglan-2024", "qinglan-2024.pdf")


def test_scanned_pdf_reads_like_its_txt(read_scan: Document) -> None:
    doc = read_scan
    assert doc.format == "pdf"
    share, got, missed = share_found(doc, sample_text())
    assert share >= 0.98, missed
    # Every number read by OCR is flagged for a person to confirm.
    assert got and all(i.ocr_confidence is not None and 0 < i.ocr_confidence <= 1 for i in got)
    for i in got:
        assert doc.text[i.span[0] : i.span[1]] == i.mention
    assert "- 1 -" not in doc.text  # page numbers are furniture here too


def test_ocr_pages_and_lines_carry_confidence(read_scan: Document) -> None:
    doc = read_scan
    assert [s.where for s in doc.sources] == ["第 1 页（OCR）", "第 2 页（OCR）"]
    assert all(s.confidence is not None and 0.8 < s.confidence <= 1 for s in doc.sources)
    assert doc.ocr, "each recognised line is an OCR span"
    covered = sum(o.end - o.start for o in doc.ocr)
    assert covered > 0.9 * len(doc.text.replace("\n", ""))
    for a, b in zip(doc.ocr, doc.ocr[1:], strict=False):
        assert a.end <= b.start


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (make test installs it)")
def test_tesseract_is_selectable(scanned_sample: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUOSHI_OCR_ENGINE", "tesseract")
    doc = luoshi.read_bytes(scanned_sample, "qinglan-2024")
    share, got, _ = share_found(doc, sample_text())
    # Tesseract reads less well than RapidOCR (benchmarks/bench_ocr.py), but it reads.
    assert share >= 0.8
    assert all(i.ocr_confidence is not None for i in got)


def test_photo_of_a_page(tmp_path: Path) -> None:
    # A desk-scanner-like picture (tilted, blurred, speckled) saved as PNG.
    page = render_pages(paragraphs(sample_text()), scan=True, seed=3)[0]
    path = tmp_path / "page.png"
    path.write_bytes(png(page))
    doc = luoshi.read(path)
    assert doc.format == "image"
    inds = luoshi.extract(doc)
    assert any(i.value == 286.4 and i.unit == "亿元" for i in inds)
    assert all(i.ocr_confidence is not None for i in inds)


def test_only_the_scanned_page_is_ocr(scanned_sample: bytes) -> None:
    # A typed first page and a scanned second page in one PDF: only page 2 goes to OCR.
    typed = build_pdf([layout(["一、2023年工作回顾", "全年地区生产总值增长5.5%，城镇新增就业2300人。"])])
    writer = pypdf.PdfWriter()
    writer.append(io.BytesIO(typed))
    writer.append(io.BytesIO(scanned_sample), pages=(1, 2))
    out = io.BytesIO()
    writer.write(out)
    doc = luoshi.read_bytes(out.getvalue(), "mixed")
    assert [s.where for s in doc.sources] == ["第 1 页", "第 2 页（OCR）"]
    typed_inds = [i for i in luoshi.extract(doc) if i.span[0] < doc.sources[0].end]
    assert typed_inds and all(i.ocr_confidence is None for i in typed_inds)
    assert all(o.start >= doc.sources[1].start for o in doc.ocr)


def test_scanned_ofd() -> None:
    page = render_pages(paragraphs(sample_text()))[0]
    doc = luoshi.read_bytes(build_ofd([[]], images={0: png(page)}), "scan")
    assert doc.format == "ofd"
    assert doc.sources[0].where == "第 1 页（OCR）"
    assert any(i.value == 286.4 for i in luoshi.extract(doc))


def test_blank_page_has_no_text(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "blank.png"
    Image.new("L", (800, 1100), 255).save(path)
    with pytest.raises(ReadError, match="没有识别出文字"):
        luoshi.read(path)


def test_damaged_image(tmp_path: Path) -> None:
    data = png(render_pages(["增长5%。"], page_numbers=False)[0])
    path = tmp_path / "scan.png"
    path.write_bytes(data[: len(data) // 2])
    assert "图片" in refused_by_cli(path, tmp_path)


def test_random_bytes_named_png(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(os.urandom(4000).replace(b"\x00", b"\x01"))
    assert ".png" in refused_by_cli(path, tmp_path)


def test_missing_engine_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError, match="apt-get install tesseract-ocr"):
        ocr_engines.engine("tesseract")
    with pytest.raises(ReadError, match="OCR 引擎"):
        ocr_engines.engine("paddle")
    import builtins

    real_import = builtins.__import__

    def no_rapidocr(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("rapidocr_onnxruntime"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    with pytest.raises(ReadError, match="pip install rapidocr-onnxruntime"):
        ocr_engines.RapidOcr(1)


def test_ledger_takes_ocr_numbers_only_once_checked(tmp_path: Path) -> None:
    # `luoshi import` of a scan refuses until told the numbers were checked against the paper.
    lines = ["二、2024年主要目标任务", "地区生产总值增长6%左右，城镇新增就业6500人以上，森林覆盖率保持在63.5%以上。"]
    path = tmp_path / "scan-2024.pdf"
    path.write_bytes(image_pdf(render_pages(lines)))
    db = tmp_path / "ledger.db"
    r = cli("import", str(path), "--region", "青岚县", "--year", "2024", "--db", str(db))
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "--ocr-checked" in r.stderr and "Traceback" not in r.stderr
    r = cli("import", str(path), "--region", "青岚县", "--year", "2024", "--db", str(db), "--ocr-checked")
    assert r.returncode == 0, r.stderr
    assert "已导入报告" in r.stdout
