"""The readers: one module per format (txt, docx, doc/wps, pdf, ofd, html, image) and `dispatch`, which
picks one by content. `layout` turns positioned text (PDF glyphs, OCR lines, OFD text objects) into
paragraphs; `ocr` and `convert` run the outside engines (RapidOCR or Tesseract, LibreOffice or antiword)."""

from luoshi.document.readers.dispatch import REPORT_EXTENSIONS, read, read_bytes, sniff

__all__ = ["REPORT_EXTENSIONS", "read", "read_bytes", "sniff"]
