"""Reading .ofd: files built here by hand (ofdmaker), read like their .txt; broken ones refused in one line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from ofdmaker import build_ofd, set_lines
from readback import paragraphs, refused_by_cli, same_indicators, sample_text

import luoshi
from luoshi.document.readers.ofd import deltas
from luoshi.errors import ReadError


def pages_of(lines: list[tuple[float, float, str]], per_page: int = 40) -> list[list[tuple[float, float, str]]]:
    """Lines cut into pages, each page's lines moved up to start at the top margin again."""
    out = []
    for i in range(0, len(lines), per_page):
        chunk = lines[i : i + per_page]
        shift = chunk[0][1] - 40
        out.append([(x, y - shift, t) for x, y, t in chunk])
    return out


def test_reads_like_its_txt(tmp_path: Path) -> None:
    text = sample_text()
    path = tmp_path / "qinglan-2024.ofd"
    path.write_bytes(build_ofd(pages_of(set_lines(paragraphs(text)), per_page=25)))
    doc = luoshi.read(path)
    assert doc.format == "ofd"
    assert doc.id == "qinglan-2024"
    assert doc.text.split("\n") == paragraphs(text)
    assert [s.where for s in doc.sources] == ["第 1 页", "第 2 页"]
    assert doc.ocr == []
    same_indicators(doc, text)
    for ind in luoshi.extract(doc):
        assert doc.text[ind.span[0] : ind.span[1]] == ind.mention


def test_one_object_per_glyph_and_a_template_header() -> None:
    # Some producers write each glyph as its own TextObject; the running header sits on a page
    # template, which is page furniture and not read.
    paras = ["一、2023年工作回顾", "全年地区生产总值增长5.5%，城镇新增就业2300人。", "二、2024年工作安排", "地区生产总值增长6%左右。"]
    data = build_ofd([set_lines(paras)], glyph_objects=True, header="某县人民政府办公室")
    doc = luoshi.read_bytes(data, "x")
    assert doc.text.split("\n") == paras
    assert "办公室" not in doc.text


def test_sentence_and_number_across_pages() -> None:
    # Page 1 ends with two full lines, the second cut in the middle of a number (…12 | 34.5亿元…);
    # each page carries a page number. The paragraph and the number read whole.
    para = ("过去一年全县上下团结奋进，经济发展稳中有进，项目建设提速，全年固定资产投资"
            "1234.5亿元，同比增长12.5%，其中工业投资增长15%，民间投资增长8%。")
    lines = set_lines([para], per_line=20)
    assert lines[1][2].endswith("投资12") and lines[2][2].startswith("34.5亿元")
    first = [*lines[:2], (100, 280, "- 1 -")]
    second = [*set_lines(["".join(t for _, _, t in lines[2:])], per_line=20, indent=False), (100, 280, "- 2 -")]
    doc = luoshi.read_bytes(build_ofd([first, second]), "x")
    assert doc.text == para
    assert doc.source_at(doc.text.index("34.5亿元")) == "第 2 页"
    assert any(i.value == 1234.5 and i.unit == "亿元" for i in luoshi.extract(doc))


def test_two_columns() -> None:
    left = ["一、2023年工作回顾", "全年地区生产总值增长5.5%，规模工业增加值增长6.2%，城镇新增就业2300人，农村居民人均可支配收入增长7.1%。"]
    right = ["二、2024年工作安排", "地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，粮食产量稳定在30万吨以上。"]
    page = [(70.0, 20.0, "某县政府工作报告（摘要）")]
    page += set_lines(left, per_line=18, left=20, top=35) + set_lines(right, per_line=18, left=115, top=35)
    doc = luoshi.read_bytes(build_ofd([page]), "x")
    assert doc.text.split("\n") == ["某县政府工作报告（摘要）", *left, *right]


def test_deltas() -> None:
    assert deltas("3 g 3 2.5 4") == [3, 2.5, 2.5, 2.5, 4]
    assert deltas(None) == []


def _zip(files: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


def _members(data: bytes) -> dict[str, bytes | str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _good() -> bytes:
    return build_ofd([set_lines(["地区生产总值增长6%左右。"])])


def _truncated() -> bytes:
    data = _good()
    return data[: len(data) // 2]


def _wrong_magic() -> bytes:
    return bytes((i * 37 + 11) % 256 for i in range(3000))


def _bomb() -> bytes:
    # 20 MB of zeros squeezed into a few kilobytes, beside a real OFD.xml.
    return _zip({**_members(_good()), "Doc_0/Res/padding.bin": bytes(20 * 1024 * 1024)})


def _no_ofd_xml() -> bytes:
    members = _members(_good())
    del members["OFD.xml"]
    return _zip(members)


def _bad_xml() -> bytes:
    members = _members(_good())
    members["Doc_0/Pages/Page_0/Content.xml"] = b"<ofd:Page xmlns:ofd='x'><ofd:Content>"
    return _zip(members)


def _missing_page() -> bytes:
    members = _members(_good())
    del members["Doc_0/Pages/Page_0/Content.xml"]
    return _zip(members)


def _entity_bomb() -> bytes:
    members = _members(_good())
    members["OFD.xml"] = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016">'
        "<ofd:DocBody><ofd:DocRoot>&c;</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    return _zip(members)


BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "truncated": (_truncated, "损坏"),
    "wrong magic": (_wrong_magic, "OFD"),
    "zip bomb": (_bomb, "zip 炸弹"),
    "no OFD.xml": (_no_ofd_xml, "OFD.xml"),
    "bad XML": (_bad_xml, "XML"),
    "missing page": (_missing_page, "找不到"),
    "entity expansion": (_entity_bomb, "DocRoot"),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_ofd_refused_in_one_line(tmp_path: Path, kind: str) -> None:
    make, word = BAD[kind]
    path = tmp_path / "report.ofd"
    path.write_bytes(make())
    with pytest.raises(ReadError) as info:
        luoshi.read(path)
    assert word in info.value.message
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize("kind", ["truncated", "wrong magic", "zip bomb"])
def test_bad_ofd_on_the_command_line(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "report.ofd"
    path.write_bytes(BAD[kind][0]())
    assert BAD[kind][1] in refused_by_cli(path, tmp_path)
