"""The readers: one module per format (txt, docx, pdf, html) and `dispatch`, which picks one by content."""

from luoshi.document.readers.dispatch import REPORT_EXTENSIONS, read, read_bytes, sniff

__all__ = ["REPORT_EXTENSIONS", "read", "read_bytes", "sniff"]
