"""Reading: files → Document (text, outline, sentences, offsets, facts, parts, target lists)."""

from luoshi.document.build import build
from luoshi.document.model import (
    Document,
    PartRun,
    Reading,
    ReportFacts,
    Section,
    Sentence,
    SourcePart,
    Span,
    TargetScope,
    TextMap,
)
from luoshi.document.readers import read, read_bytes
from luoshi.document.reading import report_year

__all__ = ["Document", "PartRun", "Reading", "ReportFacts", "Section", "Sentence", "SourcePart", "Span", "TargetScope",
           "TextMap", "build", "read", "read_bytes", "report_year"]
