"""Reading: files → Document (text, outline, sentences, offsets)."""

from luoshi.document.model import Document, PartRun, ReportFacts, Section, Sentence, SourcePart, Span, TargetScope
from luoshi.document.reading import report_year
from luoshi.document.readers import read, read_bytes

__all__ = ["Document", "PartRun", "ReportFacts", "Section", "Sentence", "SourcePart", "Span", "TargetScope", "read",
           "read_bytes", "report_year"]
