"""The official layout (GB/T 9704-2012) of the 督办单 / 催办通知 .docx, read back with python-docx: A4,
the standard's margins, 仿宋_GB2312 16 pt body and 小标宋 22 pt title named for East Asian text, the
文号, the red head, 抄送, the date, page numbers, and the fonts' fallbacks in the font table."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from luoshi.export.official import OfficialDoc, Para, cc_text, cn_date, cn_date_upper, official_docx


def _doc(**kw: object) -> OfficialDoc:
    values: dict[str, object] = {
        "title": "关于青岚县2026年政府工作报告目标任务的督办单", "number": "督办〔2026〕3号", "recipient": "教育局",
        "body": [Para("根据青岚县2026年政府工作报告目标任务分解安排，现予督办。"), Para("一、督办事项", "h"),
                 Para("1．新建改扩建幼儿园10所（完成时限：2026年12月31日；当前状态：严重欠进度，红色预警）。")],
        "issuer": "青岚县人民政府督查室", "date": date(2026, 12, 5), "cc": "县政府办公室、县财政局", **kw}
    return OfficialDoc(**values)  # type: ignore[arg-type]


def _east_asia(run: object) -> str | None:
    fonts = run.element.rPr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_page_and_margins() -> None:
    d = Document(io.BytesIO(official_docx(_doc())))
    sec = d.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(0.1) and abs(sec.page_height - Mm(297)) < Mm(0.1)
    for got, want in ((sec.top_margin, 37), (sec.bottom_margin, 35), (sec.left_margin, 28), (sec.right_margin, 26)):
        assert abs(got - Mm(want)) < Mm(0.1), (got, want)


def test_fonts_sizes_number_and_date() -> None:
    d = Document(io.BytesIO(official_docx(_doc())))
    paras = [p for p in d.paragraphs if p.text.strip()]
    number = next(p for p in paras if p.text == "督办〔2026〕3号")
    assert number.runs[0].font.size == Pt(16)
    title = next(p for p in paras if p.text.startswith("关于青岚县"))
    assert title.alignment == 1  # centred
    assert title.runs[0].font.size == Pt(22) and _east_asia(title.runs[0]) == "方正小标宋简体"
    body = next(p for p in paras if p.text.startswith("根据"))
    assert body.runs[0].font.size == Pt(16) and _east_asia(body.runs[0]) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert _east_asia(next(p for p in paras if p.text == "一、督办事项").runs[0]) == "黑体"
    assert paras[paras.index(title) + 1].text == "教育局："
    assert any(p.text == "2026年12月5日" for p in paras)
    last = next(p for p in paras if p.text.startswith("1．"))
    assert last.paragraph_format.keep_with_next  # the 署名 never stands alone on a page
    cc = next(p for p in paras if p.text.startswith("抄送"))
    assert cc.text == "抄送：县政府办公室，县财政局。" and cc.runs[0].font.size == Pt(14)
    assert any(p.text.endswith("2026年12月5日印发") for p in paras)
    normal = d.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    for p in paras:  # every run names its East Asian font
        for r in p.runs:
            if r.text.strip():
                assert _east_asia(r), p.text


def test_red_head_and_page_numbers() -> None:
    data = official_docx(_doc(red_head=True))
    d = Document(io.BytesIO(data))
    head = d.paragraphs[0]
    assert head.text == "青岚县人民政府督查室"
    assert str(head.runs[0].font.color.rgb) == "FF0000" and _east_asia(head.runs[0]) == "方正小标宋简体"
    number = d.paragraphs[1]
    assert number.text == "督办〔2026〕3号" and number.alignment == 1
    line = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert line.get(qn("w:color")) == "FF0000"
    assert d.settings.odd_and_even_pages_header_footer
    odd = d.sections[0].footer.paragraphs[0]
    even = d.sections[0].even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # odd pages right, even pages left
    assert "PAGE" in odd._p.xml and odd.text.startswith("— ")
    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts
    assert 'w:name="方正小标宋简体"' in fonts


def test_without_red_head_number_on_the_right() -> None:
    d = Document(io.BytesIO(official_docx(_doc())))
    assert d.paragraphs[0].text == "督办〔2026〕3号" and d.paragraphs[0].alignment == 2


def test_dates_and_cc() -> None:
    assert cn_date(date(2026, 12, 5)) == "2026年12月5日"
    assert cn_date_upper(date(2026, 12, 5)) == "二〇二六年十二月五日"
    assert cn_date_upper(date(2024, 10, 21)) == "二〇二四年十月二十一日"
    assert cn_date_upper(date(2024, 1, 30)) == "二〇二四年一月三十日"
    assert cc_text("县政府办公室、县财政局") == "县政府办公室，县财政局。"
    assert cc_text("  ") == ""
    d = Document(io.BytesIO(official_docx(_doc(upper_date=True, cc=""))))
    texts = [p.text for p in d.paragraphs]
    assert "二〇二六年十二月五日" in texts and not any(t.startswith("抄送") for t in texts)
