"""Read a .docx: body paragraphs and tables in document order, one paragraph or table row per line.

The zip is checked before python-docx sees it: a file that is not a zip, a zip that is not a Word
document, or a zip bomb (declared sizes too large, or compressed far too well) is refused with a
one-line reason. python-docx reads members through `zipfile`, which never inflates a member past its
declared size, so checking the declared sizes bounds the memory spent.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from luoshi.document.model import Document, SourcePart
from luoshi.errors import ReadError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 100  # uncompressed / compressed, for a member big enough to matter
RATIO_MIN_SIZE = 1024 * 1024  # small members (styles, settings) may compress very well and harmlessly

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open `data` as a zip and refuse anything that is not a safe Word document."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError("不是有效的 .docx 文件（不是 zip 压缩包）/ not a .docx (not a zip file)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise ReadError(f"zip 压缩包损坏 / corrupt zip: {e}") from e
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                f"疑似 zip 炸弹（{info.filename} 压缩比超过 {MAX_RATIO}）/ zip bomb suspected: compression ratio"
            )
    if total > MAX_UNCOMPRESSED:
        raise ReadError(
            f"疑似 zip 炸弹（解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB）/ zip bomb suspected: "
            "uncompressed size too large"
        )
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        raise ReadError("zip 压缩包不是 Word 文档（缺少 word/document.xml）/ zip file is not a Word document")
    if any(info.flag_bits & 0x1 for info in infos):
        raise ReadError("文档已加密 / encrypted zip members")
    return zf


def _iter_blocks(parent: Any) -> Iterator[Any]:
    """Body-level paragraphs and tables in order, looking through content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}p" or child.tag == f"{_W}tbl":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _iter_blocks(content)


def _para_text(p: Any) -> str:
    # python-docx renders <w:br/> as "\n"; a soft break inside a paragraph is layout, not structure.
    text = p.text.replace("\r", "\n")
    return "".join(part.strip(" \t\u3000\xa0") for part in text.split("\n")).strip()


def _cell_text(cell: Any) -> str:
    parts = [_para_text(p) for p in cell.paragraphs]
    return " ".join(part for part in parts if part)


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    zf = check_zip(data)
    zf.close()
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        wdoc = docx.Document(io.BytesIO(data))
    except ValueError as e:  # python-docx: "file is not a Word file, content type is …"
        raise ReadError(f"不是 Word 文档 / not a Word document: {e}") from e
    except (KeyError, zipfile.BadZipFile) as e:
        raise ReadError(f"Word 文档损坏 / corrupt .docx: {type(e).__name__}") from e

    lines: list[str] = []
    sources: list[SourcePart] = []
    pos = 0

    def add_line(text: str) -> None:
        nonlocal pos
        lines.append(text)
        pos += len(text) + 1

    body = wdoc.element.body
    n_para = 0
    n_table = 0
    for block in _iter_blocks(body):
        if block.tag == f"{_W}p":
            n_para += 1
            text = _para_text(Paragraph(block, wdoc))
            if text:
                sources.append(SourcePart(pos, pos + len(text), f"段落 {n_para}"))
                add_line(text)
            continue
        n_table += 1
        table = Table(block, wdoc)
        for r, row in enumerate(table.rows, start=1):
            cells: list[str] = []
            seen: set[int] = set()
            row_sources: list[SourcePart] = []
            col_pos = pos
            for c, cell in enumerate(row.cells, start=1):
                # A merged cell appears once per grid column it spans: keep its first appearance.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                text = _cell_text(cell)
                if cells:
                    col_pos += 1  # the tab
                row_sources.append(SourcePart(col_pos, col_pos + len(text), f"表格 {n_table} 第 {r} 行 第 {c} 列"))
                cells.append(text)
                col_pos += len(text)
            if any(cells):
                sources.extend(s for s in row_sources if s.end > s.start)
                add_line("\t".join(cells))
    text = "\n".join(lines)
    return Document(id=doc_id, text=text, path=path, format="docx", encoding=None, sources=sources)
