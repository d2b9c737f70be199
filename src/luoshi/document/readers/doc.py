"""Read a .doc (Word 97–2003) or a .wps (WPS Writer, which keeps the same binary format).

The file is checked first (an OLE compound file with a `WordDocument` stream, not encrypted), then
converted on a copy: LibreOffice to .docx, read by the .docx reader (outline from its styles and
numbering); else antiword or catdoc to plain text. With no converter installed the message names
what to install. `make run` needs none of them.
"""

from __future__ import annotations

import re
from pathlib import Path

from luoshi.document.model import Document
from luoshi.document.readers import convert
from luoshi.errors import ReadError, UnsupportedFormat

INSTALL = "apt-get install libreoffice-writer-nogui（或较轻的 antiword）"
_FIB_MAGIC = b"\xec\xa5"  # wIdent of a Word 97+ File Information Block
_F_ENCRYPTED = 0x0100
_F_OBFUSCATED = 0x8000
_LOCKED = "文档已加密（有密码保护），请先去掉密码再导入 / password-protected document"


def check(data: bytes, what: str = ".doc") -> None:
    """Refuse, with a one-line reason, an OLE file that is damaged, encrypted or not a Word document."""
    import olefile

    # Word keeps a password-protected .docx in an OLE container (EncryptionInfo + EncryptedPackage);
    # the names in the directory (UTF-16LE) tell it even when the container is damaged.
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise ReadError(_LOCKED)
    if not olefile.isOleFile(data=data):
        raise ReadError(f"不是有效的 {what} 文件（文件损坏？）/ not a valid {what} file")
    try:
        ole = olefile.OleFileIO(data)
    except Exception as e:  # olefile raises OSError or its own errors on a damaged directory
        raise ReadError(f"{what} 文件损坏，无法解析 / corrupt {what}: {type(e).__name__}") from e
    with ole:
        if not ole.exists("WordDocument"):
            raise UnsupportedFormat(_other_ole(ole))
        try:
            fib = ole.openstream("WordDocument").read(32)
        except Exception as e:
            raise ReadError(f"{what} 文件损坏，无法解析 / corrupt {what}: {type(e).__name__}") from e
    if len(fib) < 12 or fib[:2] != _FIB_MAGIC:
        raise ReadError(f"{what} 文件损坏（不是 Word 97 以后的格式）/ corrupt or pre-97 Word file")
    flags = int.from_bytes(fib[10:12], "little")
    if flags & (_F_ENCRYPTED | _F_OBFUSCATED):
        raise ReadError(_LOCKED)


def _other_ole(ole: object) -> str:
    exists = ole.exists  # type: ignore[attr-defined]
    if exists("Workbook") or exists("Book"):
        return "这是 Excel 表格（.xls），不是 Word 文档 / an Excel workbook, not a Word document"
    if exists("PowerPoint Document"):
        return "这是 PowerPoint 演示文稿（.ppt），不是 Word 文档 / a PowerPoint file, not a Word document"
    return "旧版 Office 二进制文件，不是 Word 文档 / a legacy Office file, not a Word document"


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    fmt = "wps" if path and Path(path).suffix.lower() == ".wps" else "doc"
    check(data, f".{fmt}")
    failed: ReadError | None = None
    if convert.soffice():
        from luoshi.document.readers import docx as docx_reader

        try:
            doc = docx_reader.read(convert.with_libreoffice(data, ".doc"), doc_id, path)
        except ReadError as e:
            failed = e  # a lighter tool may still read it
        else:
            doc.format = fmt
            return doc
    try:
        text = convert.with_text_tool(data, ".doc")
    except ReadError as e:
        if failed is not None:
            raise failed from e
        if "未安装" in e.message:
            raise ReadError(f"无法读取 .{fmt} 文件：未安装文档转换工具，请 {INSTALL} / no converter installed") from e
        raise
    return Document(id=doc_id, text=tidy(text), path=path, format=fmt, encoding=None)


def tidy(text: str) -> str:
    """antiword/catdoc text: no trailing blanks, at most one empty line between paragraphs."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
