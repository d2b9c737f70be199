"""Reading .pdf: pages in order, broken lines joined, page furniture dropped, bad PDFs refused."""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

import luoshi
from luoshi.errors import ReadError

MakePdf = Callable[..., bytes]
SetLines = Callable[..., list[tuple[float, float, str]]]
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u2014-\u2027"
# Spaces next to Chinese characters are layout in a PDF: they do not survive reading one.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+|[ \t\u3000]+(?=[{_CJK}])")
SHARED = Path(os.environ.get("LUOSHI_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))

REVIEW = "过去一年，全市地区生产总值增长5.5%，规模以上工业增加值增长6.2%，城镇新增就业2.3万人，城乡居民人均可支配收入分别增长4.1%和7.3%。"
PLAN = "今年主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%，城镇调查失业率控制在5.5%以内。"


def test_one_page(tmp_path: Path, make_pdf: MakePdf, set_lines: SetLines) -> None:
    path = tmp_path / "baogao.pdf"
    path.write_bytes(make_pdf([set_lines(["一、2023年工作回顾", REVIEW, "二、2024年工作安排", PLAN])]))
    doc = luoshi.read(path)
    assert doc.format == "pdf"
    assert doc.id == "baogao"
    # Each paragraph on one line again, whatever the number of printed lines it took.
    assert doc.text.split("\n") == ["一、2023年工作回顾", REVIEW, "二、2024年工作安排", PLAN]
    assert [(s.where, s.start, s.end) for s in doc.sources] == [("第 1 页", 0, len(doc.text))]
    assert [s.part for s in doc.sections] == ["review", "plan"]


def test_pages_joined_and_furniture_dropped(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # The review paragraph breaks across pages 1 and 2 in mid-sentence; each page carries a running
    # header and a page number in one of the usual forms.
    flow = set_lines(["一、2023年工作回顾", REVIEW])
    assert len(flow) >= 4
    first = flow[:3]  # the heading and the first two (full) lines of the paragraph
    cut = sum(len(t) for _, _, t in first[1:])
    assert not REVIEW[:cut].endswith("。")
    pages = [
        first,
        set_lines([REVIEW[cut:]], indent=False) + set_lines(["二、2024年工作安排", PLAN], top=700),
        set_lines(["（一）坚持项目为王。全年实施重点项目300个以上，完成投资500亿元。"]),
    ]
    numbers = ["- 1 -", "2", "第 3 页"]
    for i, page in enumerate(pages):
        page.insert(0, (200, 810, "某市人民政府工作报告"))
        page.append((290, 40, numbers[i]))
    doc = luoshi.read_bytes(make_pdf(pages), "multi")
    assert doc.text.split("\n") == [
        "一、2023年工作回顾",
        REVIEW,
        "二、2024年工作安排",
        PLAN,
        "（一）坚持项目为王。全年实施重点项目300个以上，完成投资500亿元。",
    ]
    assert "某市人民政府工作报告" not in doc.text
    assert [s.where for s in doc.sources] == ["第 1 页", "第 2 页", "第 3 页"]
    p2 = doc.sources[1]
    assert doc.text[p2.start : p2.end].startswith(REVIEW[cut:])
    assert doc.source_at(doc.text.index("500亿元")) == "第 3 页"
    assert doc.source_at(doc.text.index("2023年")) == "第 1 页"


def test_sentence_end_breaks_without_indents(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # Block paragraphs (no first-line indent, no extra spacing): a full line that ends a sentence
    # ends its paragraph, a full line that does not is joined to the next.
    a = "全年完成固定资产投资100亿元，同比增长12%，其中工业投资增长15%，民间投资增长8%。"
    b = "新增市场主体1.5万户，其中企业3000户，个体工商户1.2万户，市场活力持续增强。"
    lines = set_lines([a, b], per_line=20, indent=False)
    assert any(t.endswith("。") and t != b[-len(t) :] for _, _, t in lines)  # a ends on a full line
    doc = luoshi.read_bytes(make_pdf([lines]), "x")
    assert doc.text.split("\n") == [a, b]


def test_spaces_between_chinese_removed(make_pdf: MakePdf) -> None:
    # Letter-spaced glyphs (a justified line) come out with spaces between them; they mean nothing.
    line = [(72 + i * 20, 770, c) for i, c in enumerate("增长百分之十。")]
    doc = luoshi.read_bytes(make_pdf([[*line, (72, 740, "GDP grew 5 percent")]]), "x")
    assert doc.text.split("\n")[0] == "增长百分之十。"
    assert "GDP grew 5 percent" in doc.text


def refused(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        luoshi.read(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    return info.value.message


def encrypt(data: bytes, user: str, owner: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf(tmp_path: Path, make_pdf: MakePdf, set_lines: SetLines) -> None:
    data = encrypt(make_pdf([set_lines([PLAN])]), user="mima", owner="guanli")
    assert "PDF 已加密" in refused(tmp_path, data)


def test_owner_password_only_still_reads(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # Many sites publish PDFs locked against copying but openable without a password.
    data = encrypt(make_pdf([set_lines([PLAN])]), user="", owner="guanli")
    assert luoshi.read_bytes(data, "x").text == PLAN


def test_no_text_and_no_picture(tmp_path: Path, make_pdf: MakePdf) -> None:
    # Pages with only a drawing: nothing to read and nothing to OCR (scans are in test_ocr.py).
    assert "没有文字层" in refused(tmp_path, make_pdf([[], []]))


def test_truncated_pdf(tmp_path: Path, make_pdf: MakePdf, set_lines: SetLines) -> None:
    data = make_pdf([set_lines([PLAN])])
    assert "损坏" in refused(tmp_path, data[: len(data) // 3])


def test_pdf_header_then_junk(tmp_path: Path) -> None:
    junk = b"%PDF-1.7\n" + bytes((i * 89 + 5) % 256 for i in range(5000))
    assert "损坏" in refused(tmp_path, junk)


def test_fake_bold_glyphs_printed_twice(make_pdf: MakePdf, set_lines: SetLines) -> None:
    lines = set_lines(["一、2023年工作回顾", REVIEW])
    heading = lines[0]
    doc = luoshi.read_bytes(make_pdf([[heading, *lines]]), "x")
    assert doc.text.split("\n")[0] == "一、2023年工作回顾"


def test_reference_report_round_trip(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # The reference report set as a 14-page PDF (28 characters a line, page numbers at the foot)
    # reads back paragraph for paragraph: every printed line break inside a paragraph is undone.
    path = SHARED / "corpus" / "qiannan-2024.txt"
    if not path.exists():
        pytest.skip(f"reference corpus not found at {path}")
    source = path.read_text(encoding="utf-8")
    # Spaces next to Chinese characters do not survive a PDF (they are layout there).
    paras = [_SPACE_NEAR_CJK.sub("", p.strip()) for p in source.split("\n") if p.strip()]
    flow = set_lines(paras, per_line=28)
    pages = []
    for n, i in enumerate(range(0, len(flow), 40), start=1):
        chunk = flow[i : i + 40]
        pages.append([(x, 780 - 18 * j, t) for j, (x, _, t) in enumerate(chunk)] + [(290, 40, f"- {n} -")])
    doc = luoshi.read_bytes(make_pdf(pages), "qiannan-2024")
    assert doc.text.split("\n") == paras
    assert [s.where for s in doc.sources] == [f"第 {n} 页" for n in range(1, len(pages) + 1)]
    assert [s.label for s in doc.sections] == [s.label for s in luoshi.read(path).sections]


def test_alternating_running_headers(make_pdf: MakePdf, set_lines: SetLines) -> None:
    paras = [f"第{i}项工作。全年完成投资{i}0亿元，同比增长{i}%。" for i in range(1, 7)]
    pages = []
    for n, para in enumerate(paras, start=1):
        header = "某市人民政府工作报告" if n % 2 else "二〇二四年一月"
        pages.append([(220, 810, header), *set_lines([para]), (290, 40, f"·{n}·")])
    doc = luoshi.read_bytes(make_pdf(pages), "x")
    assert doc.text.split("\n") == paras


def test_fonts_without_unicode_map(tmp_path: Path, make_pdf: MakePdf, set_lines: SetLines) -> None:
    # Without a ToUnicode map the glyph codes cannot be turned into characters.
    assert "Unicode" in refused(tmp_path, make_pdf([set_lines([PLAN])], tounicode=False))


def test_damaged_pdf_logs_nothing(make_pdf: MakePdf, set_lines: SetLines, caplog: pytest.LogCaptureFixture) -> None:
    # pdfminer warns about every oddity; the user must see one line from us, not its log.
    data = make_pdf([set_lines([PLAN])]).replace(b"/FontBBox [0 -140 1000 860] ", b"")  # pdfminer warns
    with caplog.at_level(logging.DEBUG):
        assert luoshi.read_bytes(data, "x").text == PLAN
    assert not [r for r in caplog.records if r.name.startswith(("pdfminer", "pdfplumber"))]


def test_scan_with_a_watermark_text_layer(tmp_path: Path, make_pdf: MakePdf) -> None:
    # Scanner apps stamp a line of text on every page of what is otherwise a picture.
    # (Each page's stamp differs, so it is not dropped as a running footer.)
    # Without the picture there is nothing to OCR: refused, not read as six stamps.
    pages = [[(400, 30, f"扫描全能王{'甲乙丙丁戊己'[i]}")] for i in range(6)]
    assert "没有文字层" in refused(tmp_path, make_pdf(pages))


def test_mirrored_margins(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # Odd and even pages of a printed report sit 36 pt apart; paragraphs still come out whole.
    paras = [REVIEW, PLAN, REVIEW.replace("过去一年", "五年来"), PLAN.replace("今年", "明年")]
    pages = [set_lines([p, p, p], left=72 if n % 2 == 0 else 108) for n, p in enumerate(paras)]
    doc = luoshi.read_bytes(make_pdf(pages), "x")
    assert doc.text.split("\n") == [p for p in paras for _ in range(3)]
