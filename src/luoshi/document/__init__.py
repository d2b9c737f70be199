"""Reading: files → Document (text, outline, sentences, offsets)."""

from luoshi.document.build import build
from luoshi.document.model import Document, Section, Sentence, SourcePart, Span
from luoshi.document.outline import report_year
from luoshi.document.readers import read, read_bytes

__all__ = ["Document", "Section", "Sentence", "SourcePart", "Span", "build", "read", "read_bytes", "report_year"]
