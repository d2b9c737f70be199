"""Reading .docx: body order, table rows, sources, and the zip checks done before python-docx."""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
from pathlib import Path

import docx
import pytest

import luoshi
from luoshi.document import docx_reader
from luoshi.errors import ReadError


def make_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("2024年某县人民政府工作报告")
    d.add_paragraph("一、2023年工作回顾")
    d.add_paragraph("过去一年，全县地区生产总值增长5.8%，城镇新增就业1.2万人。")
    d.add_paragraph("")  # an empty paragraph: no line, but it keeps its number
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "目标", "完成"), ("地区生产总值增速", "6%", "5.8%"), ("新增就业", "1万人", "1.2万人")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("二、2024年工作安排")
    p = d.add_paragraph("今年主要预期目标是：地区生产总值增长")
    p.add_run("6%").bold = True
    p.add_run("左右。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_order_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "gongzuo-baogao.docx"
    path.write_bytes(make_docx())
    doc = luoshi.read(path)
    assert doc.format == "docx"
    assert doc.id == "gongzuo-baogao"
    assert doc.text.split("\n") == [
        "2024年某县人民政府工作报告",
        "一、2023年工作回顾",
        "过去一年，全县地区生产总值增长5.8%，城镇新增就业1.2万人。",
        "指标\t目标\t完成",
        "地区生产总值增速\t6%\t5.8%",
        "新增就业\t1万人\t1.2万人",
        "二、2024年工作安排",
        "今年主要预期目标是：地区生产总值增长6%左右。",
    ]
    where = {doc.text[s.start : s.end]: s.where for s in doc.sources}
    assert where["一、2023年工作回顾"] == "段落 2"
    assert where["5.8%"] == "表格 1 第 2 行 第 3 列"
    assert where["1万人"] == "表格 1 第 3 行 第 2 列"
    assert where["二、2024年工作安排"] == "段落 5"
    assert doc.source_at(doc.text.index("1.2万人。")) == "段落 3"
    assert doc.source_at(doc.text.index("增长6%左右")) == "段落 6"
    # Sources are ordered, inside the text and never overlap.
    ends = [(s.start, s.end) for s in doc.sources]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert [s.part for s in doc.sections if s.level == 1] == ["review", "plan"]
    assert luoshi.document.report_year(doc) == 2024


def test_docx_merged_cells_once(tmp_path: Path) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "合计"
    table.cell(0, 0).merge(table.cell(0, 2))
    table.cell(1, 0).text = "一季度"
    table.cell(1, 1).text = "增长5%"
    table.cell(1, 2).text = "增长6%"
    buf = io.BytesIO()
    d.save(buf)
    doc = luoshi.read_bytes(buf.getvalue(), "t")
    assert doc.text == "合计\n一季度\t增长5%\t增长6%"


def refused(tmp_path: Path, data: bytes, name: str = "report.docx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        luoshi.read(path)
    assert str(path) in str(info.value)
    return info.value.message


def test_random_bytes_named_docx(tmp_path: Path) -> None:
    junk = bytes((i * 131 + 7) % 256 for i in range(3000))
    assert "二进制" in refused(tmp_path, junk)


def test_broken_zip(tmp_path: Path) -> None:
    data = make_docx()
    msg = refused(tmp_path, data[: len(data) // 2])  # PK header, no central directory
    assert "zip" in msg


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "增长5%")
    assert "不是 Word 文档" in refused(tmp_path, buf.getvalue())


def test_docx_with_garbage_document_xml(tmp_path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(make_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            data = b"<w:document><w:body><w:p>" if info.filename == "word/document.xml" else src.read(info)
            zf.writestr(info, data)
    msg = refused(tmp_path, buf.getvalue())
    assert "损坏" in msg or "不是" in msg


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    # 20 MB of one byte compresses about 1000:1: refused before anything is inflated.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<" * (20 * 1024 * 1024))
    assert len(buf.getvalue()) < 200_000
    assert "zip 炸弹" in refused(tmp_path, buf.getvalue())


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a zip declares for `member`, in its local and central headers."""
    out = bytearray(data)
    name = member.encode()
    i = out.find(b"PK\x01\x02")
    while i != -1:
        n = struct.unpack_from("<H", out, i + 28)[0]
        if bytes(out[i + 46 : i + 46 + n]) == name:
            struct.pack_into("<I", out, i + 24, size)
            local = struct.unpack_from("<I", out, i + 42)[0]
            struct.pack_into("<I", out, local + 22, size)
        i = out.find(b"PK\x01\x02", i + 4)
    return bytes(out)


def test_zip_bomb_by_declared_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A member declaring 500 MB (stored, so the ratio test alone would not catch it).
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    data = _declare_size(buf.getvalue(), "word/document.xml", 500 * 1024 * 1024)
    monkeypatch.setattr(docx_reader, "MAX_RATIO", 10**9)
    msg = refused(tmp_path, data)
    assert "zip 炸弹" in msg
    assert "200 MB" in msg


def test_small_member_compressing_well_is_fine() -> None:
    # Small parts (styles, numbering) may compress very well; only big members count toward the ratio.
    d = docx.Document()
    d.add_paragraph("城镇新增就业1.2万人。")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        zf.writestr("customXml/item9.xml", b" " * 500_000)
    assert luoshi.read_bytes(out.getvalue(), "x").text == "城镇新增就业1.2万人。"
