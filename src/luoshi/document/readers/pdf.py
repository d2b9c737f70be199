"""Read a .pdf: the text layer of each page, or OCR of the page's picture where it has none (a scan).

Glyphs (or recognised lines) go to `layout`, which orders columns, drops page numbers and running
headers/footers, and joins the lines of a paragraph again, across pages too.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from luoshi.document.model import Document
from luoshi.document.readers.layout import Piece, lay_out
from luoshi.errors import ReadError

OCR_DPI = 200  # pages without text are rendered at this resolution for OCR
# A page with fewer characters than this in its text layer but a picture on it is a scan (a scanner
# app's stamp or a typed cover line can put a few characters on a scanned page).
SCAN_CHARS = 20
_NO_TEXT = "PDF 没有文字层，页面上也没有可识别的图片 / no text layer and no page images"


def _unwrap(e: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's exceptions in PdfminerException(inner).
    if type(e).__name__ == "PdfminerException" and e.args and isinstance(e.args[0], BaseException):
        return e.args[0]
    return e


def _open(data: bytes):  # type: ignore[no-untyped-def]
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree to be read, where most corruption shows
        return pdf
    except Exception as e:
        inner = _unwrap(e)
        if type(inner).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise ReadError("PDF 已加密（需要密码）/ encrypted PDF (password required)") from e
        raise ReadError(f"PDF 文件损坏，无法解析 / corrupt PDF: {type(inner).__name__}") from e


def _page_pieces(pdf: Any, page_no: int) -> tuple[list[Piece], bool]:
    """The glyphs of one page as pieces, and whether the page carries a picture (a scan has one)."""
    page = pdf.pages[page_no]
    try:
        chars = page.chars
        # Some producers fake bold by printing each glyph twice at the same place.
        if len({(c["text"], round(c["x0"]), round(c["top"])) for c in chars}) < len(chars):
            chars = page.dedupe_chars().chars
        pieces = [Piece(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], page_no)
                  for c in chars if c["text"].strip()]
        area = float(page.width * page.height) or 1.0
        pictured = any((im["x1"] - im["x0"]) * (im["bottom"] - im["top"]) > 0.25 * area for im in page.images)
    finally:
        page.close()
    return pieces, pictured


def _ocr_pages(data: bytes, numbers: list[int]) -> dict[int, list[Piece]]:
    """OCR the pages `numbers` (counted from 0): each rendered at OCR_DPI, read, in PDF points."""
    if not numbers:
        return {}
    import pypdfium2

    from luoshi.document.readers.ocr import engine

    eng = engine()
    scale = 72 / OCR_DPI
    out: dict[int, list[Piece]] = {}
    pdf = pypdfium2.PdfDocument(data)
    try:
        for n in numbers:
            image = pdf[n].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            out[n] = [Piece(ln.text, ln.x0 * scale, ln.top * scale, ln.x1 * scale, ln.bottom * scale, n,
                            ln.confidence) for ln in eng.lines(image)]
    finally:
        pdf.close()
    return out


@contextmanager
def _quiet() -> Iterator[None]:
    """pdfminer logs every oddity of a damaged file as a warning; with no logging configured Python
    prints those on stderr, around the one-line error the user should see. Silence them while reading."""
    loggers = [logging.getLogger(name) for name in ("pdfminer", "pdfplumber")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    with _quiet():
        return _read(data, doc_id, path)


def _read(data: bytes, doc_id: str, path: str | None) -> Document:
    pdf = _open(data)
    with pdf:
        n = len(pdf.pages)
        if n == 0:
            raise ReadError("PDF 没有页面 / PDF has no pages")
        try:
            read = [_page_pieces(pdf, i) for i in range(n)]
        except ReadError:
            raise
        except Exception as e:
            raise ReadError(f"PDF 文件损坏，无法解析 / corrupt PDF: {type(_unwrap(e)).__name__}") from e
    pages = [pieces for pieces, _ in read]
    all_text = "".join(p.text for page in pages for p in page)
    if all_text.count("(cid:") * 6 > len(all_text) * 0.3:
        raise ReadError("PDF 字体缺少 Unicode 映射，无法提取文字 / PDF fonts have no Unicode mapping")
    scans = [i for i, (pieces, pictured) in enumerate(read) if pictured and len(pieces) < SCAN_CHARS]
    han = sum(1 for c in all_text if "\u4e00" <= c <= "\u9fff")
    # A report page holds hundreds of characters: a few per page and no picture to read is no report.
    if not scans and (len(all_text) < 10 or (n >= 3 and han < 20 * n and len(all_text) < 40 * n)):
        raise ReadError(_NO_TEXT)
    for i, pieces in _ocr_pages(data, scans).items():
        pages[i] = pieces
    laid = lay_out(pages)
    if not laid.text.strip():
        raise ReadError(_NO_TEXT)
    return Document(id=doc_id, text=laid.text, path=path, format="pdf", encoding=None,
                    sources=laid.sources, ocr=laid.ocr)
