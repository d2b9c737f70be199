"""PDF layout: two columns read in order, page furniture dropped wherever it sits, a sentence or a
number cut by a page joined, and offsets into the text shown."""

from __future__ import annotations

from collections.abc import Callable

from readback import paragraphs, same_indicators, sample_text

import luoshi
from luoshi.document.readers.layout import Piece, find_gutter, make_lines, reading_order

MakePdf = Callable[..., bytes]
SetLines = Callable[..., list[tuple[float, float, str]]]

LEFT = ["一、2023年工作回顾", "全年地区生产总值增长5.5%，规模工业增加值增长6.2%，城镇新增就业2300人，农村居民人均可支配收入增长7.1%，森林覆盖率达到62%。"]
RIGHT = ["二、2024年工作安排", "地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，粮食产量稳定在30万吨以上，新建改扩建学校5所。"]


def test_two_columns_in_order(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # A title across the page, then two columns of 16 characters; the same rows carry both columns.
    page = [(200, 800, "某县二〇二四年政府工作报告（摘要）")]
    page += set_lines(LEFT, per_line=16, left=60, top=760) + set_lines(RIGHT, per_line=16, left=320, top=760)
    doc = luoshi.read_bytes(make_pdf([page]), "x")
    assert doc.text.split("\n") == ["某县二〇二四年政府工作报告（摘要）", *LEFT, *RIGHT]
    plan = [i for i in luoshi.extract(doc) if i.stance == "target"]
    assert {i.value for i in plan} >= {6.0, 5.5, 30.0}


def test_two_column_report_over_pages(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # The sample report set in two columns over several pages, with a running header and page
    # numbers: read back with the same indicators as its .txt.
    paras = paragraphs(sample_text())
    flow = set_lines(paras, per_line=18, left=0, top=0)
    rows = 12
    pages = []
    for start in range(0, len(flow), 2 * rows):
        page = [(220, 810, "青岚县人民政府工作报告"), (290, 30, f"- {len(pages) + 1} -")]
        for k, (x, _, text) in enumerate(flow[start : start + 2 * rows]):
            column, row = divmod(k, rows)
            page.append((60 + x + column * 260, 770 - 18 * row, text))
        pages.append(page)
    assert len(pages) >= 3  # a running header is known by repeating on most of three pages or more
    doc = luoshi.read_bytes(make_pdf(pages), "x")
    assert doc.text.split("\n") == paras
    same_indicators(doc, sample_text())


def test_page_number_in_a_corner(make_pdf: MakePdf, set_lines: SetLines) -> None:
    # Page numbers at the outer foot corner, which is the left column's foot on even pages.
    paras = [f"第{'一二三四五六七八'[k]}项，全年完成投资{k + 12}.5亿元，同比增长{k + 3}.5%，其中工业投资增长15%，民间投资增长8%。"
             for k in range(8)]
    pages = []
    for n in range(4):
        lines = set_lines([paras[2 * n]], per_line=16, left=60) + set_lines([paras[2 * n + 1]], per_line=16, left=320)
        pages.append([*lines, (60 if n % 2 else 520, 30, str(n + 1))])
    doc = luoshi.read_bytes(make_pdf(pages), "x")
    assert doc.text.split("\n") == paras


def test_number_cut_by_a_page(make_pdf: MakePdf, set_lines: SetLines) -> None:
    para = ("过去一年全县上下团结奋进，经济发展稳中有进，项目建设提速，全年固定资产投资"
            "1234.5亿元，同比增长12.5%，其中工业投资增长15%，民间投资增长8%。")
    lines = set_lines([para], per_line=20)
    assert lines[1][2].endswith("投资12")
    rest = "".join(t for _, _, t in lines[2:])
    pages = [[*lines[:2], (290, 40, "- 1 -")], [*set_lines([rest], per_line=20, indent=False), (290, 40, "- 2 -")]]
    doc = luoshi.read_bytes(make_pdf(pages), "x")
    assert doc.text == para
    ind = next(i for i in luoshi.extract(doc) if i.unit == "亿元")
    assert (ind.value, doc.text[ind.span[0] : ind.span[1]]) == (1234.5, "1234.5亿元")
    assert doc.source_at(ind.span[1] - 1) == "第 2 页"


def test_table_row_is_not_two_columns() -> None:
    # Short cells side by side (a table of names and figures) are one row, not two columns.
    pieces = []
    for k, (name, value) in enumerate([("地区生产总值", "286.4亿元"), ("规模工业增加值", "增长6.1%"),
                                       ("固定资产投资", "增长4.8%"), ("城镇新增就业", "6200人"),
                                       ("森林覆盖率", "63.5%"), ("粮食播种面积", "45万亩"), ("旅游综合收入", "58.2亿元")]):
        y = 100 + 20 * k
        pieces += [Piece(name, 60, y, 60 + 12 * len(name), y + 12, 0), Piece(value, 300, y, 300 + 7 * len(value), y + 12, 0)]
    lines = make_lines(pieces)
    assert find_gutter(lines) is None
    ordered = reading_order(lines)
    assert [ln.text for ln in ordered[:2]] == ["地区生产总值", "286.4亿元"]
