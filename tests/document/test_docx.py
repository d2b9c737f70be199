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
from luoshi.document.readers import docx as docx_reader
from luoshi.document.readers import zipsafe
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
    assert "内容不是 Word 文档" in refused(tmp_path, junk)
    # Without a NUL byte the content still is no text in any Chinese encoding.
    assert "内容不是 Word 文档" in refused(tmp_path, bytes(range(0x80, 0x100)) * 8)


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
    monkeypatch.setattr(zipsafe, "MAX_RATIO", 10**9)
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


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

NUMBERING = f"""<w:abstractNum {W} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>"""


def _numbered(d: docx.document.Document, text: str, level: int, num_id: int = 90) -> None:
    from docx.oxml import parse_xml

    p = d.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_word_automatic_numbering() -> None:
    # Headings numbered by Word itself: the markers live in numbering.xml, not in the text runs.
    from docx.oxml import parse_xml

    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    d.add_paragraph("各位代表：")
    _numbered(d, "2023年工作回顾", 0)
    _numbered(d, "聚焦产业发展。全年新增规上企业50家。", 1)
    _numbered(d, "工业经济。规上工业增加值增长7%。", 2)
    _numbered(d, "农业农村。粮食产量30万吨。", 2)
    _numbered(d, "要点", 3)
    _numbered(d, "民生持续改善。城镇新增就业2万人。", 1)
    _numbered(d, "2024年工作安排", 0)
    _numbered(d, "全力稳增长。", 1)
    for i in range(9):
        _numbered(d, f"第{i + 2}项任务。", 1)
    buf = io.BytesIO()
    d.save(buf)
    doc = luoshi.read_bytes(buf.getvalue(), "t")
    lines = doc.text.split("\n")
    assert lines[:9] == [
        "各位代表：",
        "一、2023年工作回顾",
        "（一）聚焦产业发展。全年新增规上企业50家。",
        "1.工业经济。规上工业增加值增长7%。",
        "2.农业农村。粮食产量30万吨。",
        "要点",  # a bullet has no marker to show
        "（二）民生持续改善。城镇新增就业2万人。",
        "二、2024年工作安排",
        "（一）全力稳增长。",
    ]
    assert lines[-1] == "（十）第10项任务。"
    assert [s.label for s in doc.sections][:4] == ["一、2023年工作回顾", "（一）聚焦产业发展", "1.工业经济", "2.农业农村"]
    assert doc.sections[-1].part == "plan"


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCountingThousand", "十二"),
        (20, "chineseCounting", "二十"),
        (35, "chineseCounting", "三十五"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalFullWidth", "７"),
        (105, "ideographDigital", "一〇五"),
        (2, "ideographTraditional", "乙"),
        (9, "decimal", "9"),
    ],
)
def test_format_number(n: int, fmt: str, shown: str) -> None:
    assert docx_reader.format_number(n, fmt) == shown


def test_tracked_changes_text_boxes_and_breaks() -> None:
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("全年新增就业")
    # A tracked insertion is part of the text as Word shows it; a tracked deletion is not.
    p._p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="a"><w:r><w:t>2.3万人</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="2" w:author="a"><w:r><w:delText>1.8万人</w:delText></w:r></w:del>'))
    p.add_run("。")
    # A manual line break inside a sentence is layout; after a full stop it starts a new line.
    q = d.add_paragraph("城乡居民收入分别增长")
    q.add_run().add_break()
    q.add_run("5%和7%。")
    q.add_run().add_break()
    q.add_run("二是做强农业。")
    # Text in a text box is not body text (and Word stores it twice, in a fallback too).
    r = d.add_paragraph("粮食产量30万吨。")
    r._p.append(parse_xml(f'<w:r {W}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
                          "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
                          "</v:textbox></v:shape></w:pict></w:r>"))
    buf = io.BytesIO()
    d.save(buf)
    doc = luoshi.read_bytes(buf.getvalue(), "t")
    assert doc.text.split("\n") == ["全年新增就业2.3万人。", "城乡居民收入分别增长5%和7%。", "二是做强农业。", "粮食产量30万吨。"]
    assert doc.source_at(doc.text.index("二是")) == "段落 2"


def test_vertically_merged_and_nested_cells() -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "工业"
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).text = "增长7%"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "其中新材料"
    inner.cell(0, 1).text = "增长20%"
    buf = io.BytesIO()
    d.save(buf)
    doc = luoshi.read_bytes(buf.getvalue(), "t")
    assert doc.text == "工业\t增长7%\n\t其中新材料 增长20%"
    assert doc.source_at(doc.text.index("其中")) == "表格 1 第 2 行 第 2 列"


@pytest.mark.parametrize(
    ("member", "word"),
    [("xl/workbook.xml", "Excel"), ("ppt/presentation.xml", "PowerPoint"), ("content.xml", "OpenDocument")],
)
def test_other_office_zips(tmp_path: Path, member: str, word: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr(member, "<x/>")
    assert word in refused(tmp_path, buf.getvalue())


def test_macro_enabled_docx(tmp_path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(make_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            zf.writestr(info, data)
    assert ".docm" in refused(tmp_path, buf.getvalue())
