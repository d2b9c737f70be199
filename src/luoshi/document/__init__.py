"""Reading: files → Document (text, outline, sentences, offsets)."""

from luoshi.document.model import Document, Section, Sentence, SourcePart, Span
from luoshi.document.outline import report_year
from luoshi.document.readers import read, read_bytes

__all__ = ["Document", "Section", "Sentence", "SourcePart", "Span", "read", "read_bytes", "report_year"]
