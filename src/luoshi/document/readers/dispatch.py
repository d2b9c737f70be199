"""Read a report file into a Document: the format is detected from the content, not the extension, and
the reader of that format (txt, docx, doc/wps, rtf/odt, pdf, ofd, html, image) gives the text; `document.build`
derives the rest."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from luoshi.document.build import build
from luoshi.document.model import Document
from luoshi.document.readers.txt import read as read_txt
from luoshi.errors import ReadError, UnsupportedFormat

# The file extensions of the formats Luoshi reads, and the format each should hold.
REPORT_EXTENSIONS = {
    ".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".ofd": "ofd",
    ".doc": "doc", ".wps": "doc",  # WPS Writer keeps the Word 97 binary format
    ".rtf": "rtf", ".odt": "odt",  # converted by LibreOffice
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image", ".webp": "image",
}
MAX_BYTES = 50 * 1024 * 1024  # a work report is well under 1 MB; 50 MB leaves room for PDFs with images


# Formats that are recognisably not a report Luoshi can read, by their first bytes.
_FOREIGN = (
    (b"GIF8", "GIF 图片 / image"),
    (b"\x1f\x8b", "gzip 压缩包 / archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包 / archive"),
    (b"Rar!", "RAR 压缩包 / archive"),
    (b"\x7fELF", "可执行文件 / executable"),
    (b"MZ", "可执行文件 / executable"),
)


# Pictures of pages, read by OCR.
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(data: bytes) -> str:
    """Guess the format from the content: docx or ofd (zip), pdf, html, txt, doc (OLE), image or foreign."""
    head = data[:2048]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in head[:1024]:  # the PDF spec lets the header start anywhere in the first 1 KB
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if any(head.startswith(magic) for magic, _ in _FOREIGN):
        return "foreign"
    lowered = head.lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text or page (Windows "Unicode")
        lowered = head.decode("utf-16", errors="replace").lower().encode("utf-8")
    if (
        b"<html" in lowered
        or b"<!doctype html" in lowered
        or (b"<body" in lowered and (b"</" in lowered or b"</" in data))
        or (lowered.lstrip().startswith((b"<head", b"<meta")) and b"</" in lowered)
    ):
        return "html"
    return "txt"


def _zip_kind(data: bytes) -> str:
    """A zip package is an OFD when it has OFD.xml at its root, an OpenDocument text when its mimetype
    says so; anything else goes to the .docx reader, which says what it is. A zip too damaged to list
    is left to the extension (see read_bytes)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "OFD.xml" in names:
                return "ofd"
            if {"mimetype", "content.xml"} <= names and zf.getinfo("mimetype").file_size < 100:
                odt = zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text")
                return "odt" if odt else "docx"
            return "docx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return "docx"
    except Exception:  # zlib.error on a damaged mimetype member: the .docx reader says it is broken
        return "docx"


def _foreign_reason(data: bytes) -> str:
    name = next(name for magic, name in _FOREIGN if data.startswith(magic))
    return f"不是报告文件（{name}）/ not a report file"


Reader = Callable[[bytes, str, "str | None"], Document]

READERS: dict[str, Reader] = {"txt": read_txt}


def _register_optional_readers() -> None:
    # The other readers live in their own modules so that reading .txt imports nothing heavy.
    import importlib

    for fmt, module in (("docx", "docx"), ("pdf", "pdf"), ("html", "html"), ("ofd", "ofd"), ("doc", "doc"),
                        ("image", "image"), ("rtf", "office"), ("odt", "office")):
        if fmt in READERS:
            continue
        try:
            mod = importlib.import_module(f"luoshi.document.readers.{module}")
        except ModuleNotFoundError:
            continue
        READERS[fmt] = mod.read


def read_bytes(data: bytes, doc_id: str, path: str | None = None) -> Document:
    """Read a report from bytes; raise ReadError with a one-line reason when it cannot be read."""
    if len(data) == 0:
        raise ReadError("文件为空 / empty file", path=path)
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）/ file too large", path=path)
    fmt = sniff(data)
    if fmt == "docx" and path and Path(path).suffix.lower() == ".ofd":
        fmt = "ofd"  # a zip too damaged to list its members: the OFD reader says so in OFD terms
    if fmt == "foreign":
        raise UnsupportedFormat(_foreign_reason(data), path=path)
    if fmt not in READERS:
        _register_optional_readers()
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormat(f"不支持的格式 / unsupported format: {fmt}", path=path)
    try:
        doc = reader(data, doc_id, path)
    except ReadError as e:
        e.path = e.path or path
        raise
    except Exception as e:  # a parser library failing on corrupt input must not become a traceback
        raise ReadError(f"文件损坏或无法解析 / corrupt or unreadable {fmt}: {type(e).__name__}", path=path) from e
    if not doc.text.strip():
        raise ReadError("文件中没有文字 / no text in file", path=path)
    return build(doc)


def read(path: str | os.PathLike[str]) -> Document:
    """Read a report file: .txt (UTF-8/GB18030), .docx, .doc/.wps/.rtf/.odt (converted), .pdf (scans
    by OCR), .ofd, .html, or a photo or scan of its pages."""
    p = Path(path)
    shown = str(path)
    if not p.exists():
        raise ReadError("文件不存在 / no such file", path=shown)
    if p.is_dir():
        raise ReadError("是目录，不是文件 / is a directory", path=shown)
    if not p.is_file():
        # A FIFO or a device (/dev/zero) would block or never end.
        raise ReadError("不是普通文件 / not a regular file", path=shown)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）/ file too large", path=shown)
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取 / cannot read: {e.strerror}", path=shown) from e
    return read_bytes(data, p.stem, shown)
