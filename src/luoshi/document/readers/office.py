"""Read what LibreOffice alone converts: .rtf (Word saves it, and many sites publish it under a .doc
name) and .odt (OpenDocument, saved by LibreOffice and WPS). Converted to .docx on a copy, then read
by the .docx reader, so the outline comes from the styles."""

from __future__ import annotations

from luoshi.document.model import Document
from luoshi.document.readers import convert
from luoshi.document.readers import docx as docx_reader
from luoshi.errors import ReadError

NAMES = {"rtf": "RTF", "odt": "OpenDocument（.odt）"}


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    fmt = "rtf" if data.startswith(b"{\\rtf") else "odt"
    if convert.soffice() is None:
        raise ReadError(f"无法读取 {NAMES[fmt]} 文件：未安装文档转换工具，请 apt-get install libreoffice-writer-nogui"
                        f" / LibreOffice is needed for .{fmt}")
    try:
        converted = convert.with_libreoffice(data, f".{fmt}")
    except ReadError as e:
        raise ReadError(f"{NAMES[fmt]} 文件无法读取：{e.message}") from e
    doc = docx_reader.read(converted, doc_id, path)
    doc.format = fmt
    return doc
