"""Read a .pdf with a text layer: pages in order, lines broken inside a paragraph joined again.

A PDF has no paragraphs, only positioned lines. A line ends its paragraph when it stops short of the
right margin, when the next line is indented (Chinese paragraphs open with a two-character indent),
when a wider gap follows, or when the next line opens with a heading marker (`一、`, `（二）` …). In a
document without indents a line that ends a sentence (`。！？：；”`) also ends its paragraph. Page
numbers (`- 3 -`, `3`, `第 3 页`) and running headers/footers repeated on most pages are dropped.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

from luoshi.document.model import Document, SourcePart
from luoshi.errors import ReadError

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014-\u2027"
# pdfplumber writes a space where glyphs are spread apart; between Chinese characters it means nothing.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+|[ \t\u3000]+(?=[{_CJK}])")
_SENTENCE_END = tuple("。！？：；”’」』…!?;:")
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~～·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?[\s\-—–－~～·•]*$"
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|第[一二三四五六七八九十]{1,3}[，、：]|\d{1,2}[.、．](?!\d))"
)
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int

    @property
    def height(self) -> float:
        return self.bottom - self.top


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


def _page_lines(pdf, page_no: int) -> list[_Line]:  # type: ignore[no-untyped-def]
    page = pdf.pages[page_no]
    try:
        view = page
        # Some producers fake bold by printing each glyph twice at the same place.
        chars = page.chars
        if len({(c["text"], round(c["x0"]), round(c["top"])) for c in chars}) < len(chars):
            view = page.dedupe_chars()
        raw = view.extract_text_lines(return_chars=False)
    finally:
        page.close()
    out = []
    for r in raw:
        text = _SPACE_NEAR_CJK.sub("", r["text"]).strip()
        if text:
            out.append(_Line(text, r["x0"], r["x1"], r["top"], r["bottom"], page_no))
    return out


def _drop_furniture(pages: list[list[_Line]]) -> None:
    """Remove page numbers and running headers/footers in place."""
    n_pages = sum(1 for p in pages if p)
    counts: Counter[tuple[str, str]] = Counter()
    if n_pages >= 3:
        for lines in pages:
            if lines:
                counts["head", _DIGITS.sub("#", lines[0].text)] += 1
                counts["foot", _DIGITS.sub("#", lines[-1].text)] += 1
    # Books alternate headers on odd and even pages: each still shows on 40 % of them.
    threshold = max(3, math.ceil(0.4 * n_pages))

    def furniture(line: _Line, where: str) -> bool:
        if _PAGE_NUMBER.match(line.text):
            return True
        return counts[where, _DIGITS.sub("#", line.text)] >= threshold and len(line.text) <= 60

    for lines in pages:
        # A header may sit above a page number, or the reverse: peel up to two of each end.
        for _ in range(2):
            if lines and furniture(lines[-1], "foot"):
                lines.pop()
            if lines and furniture(lines[0], "head"):
                lines.pop(0)


def _median(values: list[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if s else 0.0


def _margins(lines: list[_Line]) -> tuple[float, float]:
    """The left margin (the most common line start) and the right margin (where full lines end)."""
    left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
    x1s = sorted(ln.x1 for ln in lines)
    right = x1s[int(len(x1s) * 0.9)] if len(x1s) >= 5 else x1s[-1]
    return left, right


def _paragraph_breaks(lines: list[_Line]) -> list[bool]:
    """For each line but the last: does its paragraph end there?"""
    size = _median([ln.height for ln in lines]) or 12.0
    # Margins per page when a page has enough lines: printed reports mirror odd and even pages.
    left_all, right_all = _margins(lines)
    margins: dict[int, tuple[float, float]] = {}
    for page in {ln.page for ln in lines}:
        on_page = [ln for ln in lines if ln.page == page]
        margins[page] = _margins(on_page) if len(on_page) >= 6 else (left_all, right_all)
    indented = [margins[ln.page][0] + 1.2 * size <= ln.x0 <= margins[ln.page][0] + 4.5 * size for ln in lines]
    indent_style = sum(indented) >= max(2, 0.05 * len(lines))
    gaps = [b.top - a.bottom for a, b in pairwise(lines) if a.page == b.page and b.top > a.bottom]
    gap = _median(gaps)
    breaks = []
    for i, (a, b) in enumerate(pairwise(lines)):
        short = a.x1 < margins[a.page][1] - 2 * size
        wide_gap = a.page == b.page and b.top - a.bottom > gap + 0.6 * size
        ends = a.text.endswith(_SENTENCE_END)
        # In an indented document a heading is indented too; an unindented `（1）` after a full line
        # is more likely a list running on (`…十件实事：（1）…`) than a heading.
        heading = bool(_HEADING.match(b.text)) and (not indent_style or a.text.endswith(("。", "！", "？")))
        brk = (
            heading
            or short
            or (indent_style and indented[i + 1])
            or (wide_gap and len(gaps) >= 3)
            or (ends and not indent_style)
        )
        breaks.append(brk)
    return breaks


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
            pages = [_page_lines(pdf, i) for i in range(n)]
        except ReadError:
            raise
        except Exception as e:
            raise ReadError(f"PDF 文件损坏，无法解析 / corrupt PDF: {type(_unwrap(e)).__name__}") from e
    all_text = "".join(ln.text for p in pages for ln in p)
    han = sum(1 for c in all_text if "\u4e00" <= c <= "\u9fff")
    # A scan may still carry a little text (a scanner app's watermark, a typed cover line): a report
    # page holds hundreds of characters, so a few per page means the body is pictures.
    if len(all_text.strip()) < 10 or (n >= 3 and han < 20 * n and len(all_text) < 40 * n):
        raise ReadError("PDF 没有文字层（可能是扫描件），不支持 OCR / no text layer (scanned PDF?); OCR is not supported")
    if all_text.count("(cid:") * 6 > len(all_text) * 0.3:
        raise ReadError("PDF 字体缺少 Unicode 映射，无法提取文字 / PDF fonts have no Unicode mapping")
    _drop_furniture(pages)
    lines = [ln for p in pages for ln in p]
    if not lines:
        raise ReadError("PDF 没有文字层（可能是扫描件），不支持 OCR / no text layer (scanned PDF?); OCR is not supported")
    breaks = _paragraph_breaks(lines)

    parts: list[str] = []
    sources: list[SourcePart] = []
    pos = 0
    page_start: int | None = None
    for i, ln in enumerate(lines):
        if i > 0:
            prev = lines[i - 1]
            if breaks[i - 1]:
                sep = "\n"
            elif prev.text[-1].isascii() and prev.text[-1].isalpha() and ln.text[0].isascii() and ln.text[0].isalpha():
                sep = " "  # an English word wrapped at a space
            else:
                sep = ""
            if prev.page != ln.page:
                if page_start is not None:
                    sources.append(SourcePart(page_start, pos, f"第 {prev.page + 1} 页"))
                page_start = None
            parts.append(sep)
            pos += len(sep)
        if page_start is None:
            page_start = pos
        parts.append(ln.text)
        pos += len(ln.text)
    if page_start is not None:
        sources.append(SourcePart(page_start, pos, f"第 {lines[-1].page + 1} 页"))
    text = "".join(parts)
    return Document(id=doc_id, text=text, path=path, format="pdf", encoding=None, sources=sources)
