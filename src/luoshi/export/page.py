"""The page of the Word documents the office sends out, after GB/T 9704-2012 (党政机关公文格式):
A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 二号,
the body in 仿宋_GB2312 三号 at 22 lines a page, headings 一、 in 黑体, （一） in 楷体_GB2312 and 1. in
仿宋_GB2312 bold; the page number as "— 1 —" in 宋体 四号 below the text, odd pages on the right and
even pages on the left; wide tables on landscape pages.

The fonts are named on the styles, the Chinese one in `w:eastAsia` so that Word and WPS use it for
Chinese text, and each has a fallback in the font table (`w:altName`: 宋体 for 方正小标宋简体, 仿宋
for 仿宋_GB2312, 楷体 for 楷体_GB2312) for a computer that lacks it.

    doc = official_document("黔南州2024年……通报（截至2024年6月30日）")
    doc.add_paragraph("……")                       # body text in 仿宋_GB2312
    doc.add_heading("一、总体情况", level=1)       # 黑体
    table_layout(doc.add_table(rows=1, cols=3), widths_mm=[60, 48, 48])
    landscape_section(doc)                          # the next pages are landscape
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

# Chinese font, Latin font, the fallback of the Chinese font
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = ("黑体", "楷体_GB2312", BODY_FONT)  # 一、  （一）  1.
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei", "宋体": "SimSun"}

PAPER_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# Points: 二号 22, 三号 16, 四号 14, 小四 12. 22 lines on the 225 mm of text: a line every 28.95 pt.
TITLE_PT, BODY_PT, PAGE_PT, TABLE_PT = 22, 16, 14, 12
LINE_PT = 28.95

TABLE_TEXT = "表格文字"
TABLE_HEAD = "表格标题"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def official_document(title: str = "", *, author: str = "Luoshi 落实") -> Any:
    """A new document with the official page and styles; `title` goes to its properties."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = author
    _styles(doc)
    _font_table(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _paper(section, landscape=False)
    _page_numbers(section)
    return doc


def add_title(doc: Any, lines: Sequence[str], note: str = "") -> Any:
    """The title paragraph (方正小标宋简体 二号, centred), its lines broken where given, and a note
    below it such as （截至2024年6月30日） in 楷体_GB2312 三号; an empty line follows."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    p = doc.add_paragraph(style="Title")
    for i, line in enumerate(lines):
        run = p.add_run(line)
        if i < len(lines) - 1 or note:
            run.add_break(WD_BREAK.LINE)
    if note:
        run = p.add_run(note)
        run.font.size = Pt(BODY_PT)
        _fonts(run._r.get_or_add_rPr(), HEADING_FONTS[1])
    return p


def landscape_section(doc: Any) -> Any:
    """Start a new page in landscape for a wide table; the page numbers carry on."""
    from docx.enum.section import WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _paper(section, landscape=True)
    return section


def table_layout(table: Any, *, widths_mm: Sequence[float] = (), header: bool = True) -> None:
    """Grid lines, 仿宋 小四 in the cells, the first row in 黑体 repeated on each page, column widths."""
    from docx.shared import Mm

    table.style = "Table Grid"
    table.autofit = not widths_mm
    for c, col in enumerate(table.columns):  # the grid, which LibreOffice and WPS go by
        if c < len(widths_mm):
            col.width = Mm(widths_mm[c])
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if c < len(widths_mm):
                cell.width = Mm(widths_mm[c])
            for p in cell.paragraphs:
                p.style = TABLE_HEAD if header and r == 0 else TABLE_TEXT
    if header and table.rows:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(etree.Element(_q("tblHeader")))


def _paper(section: Any, *, landscape: bool) -> None:
    """A4 and the GB/T 9704 margins; landscape pages have them turned with the paper."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    w, h = PAPER_MM
    m = MARGINS_MM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(h), Mm(w)
        # turned a quarter clockwise: the left margin goes to the top, the top one to the right
        top, right, bottom, left = m["left"], m["top"], m["right"], m["bottom"]
        section.footer_distance = Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(w), Mm(h)
        top, right, bottom, left = m["top"], m["right"], m["bottom"], m["left"]
        section.footer_distance = Mm(24)  # the number 7 mm below the text
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = Mm(15)


def _page_numbers(section: Any) -> None:
    """ "— 1 —" in 宋体 四号: odd pages on the right, even pages on the left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        fmt = p.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing = 1.0
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(PAGE_PT)
        else:
            fmt.left_indent = Pt(PAGE_PT)
        _page_run(p, "— ")
        _field(p, "PAGE")
        _page_run(p, " —")


def _page_run(p: Any, text: str) -> Any:
    from docx.shared import Pt

    run = p.add_run(text)
    run.font.size = Pt(PAGE_PT)
    _fonts(run._r.get_or_add_rPr(), PAGE_FONT, PAGE_FONT)
    return run


def _field(p: Any, code: str) -> None:
    """A field (PAGE) as Word writes it: begin, instruction, separate, the last value, end."""
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("text", "1"),
                       ("end", None)):
        run = _page_run(p, "")
        if kind == "instr":
            el = etree.SubElement(run._r, _q("instrText"))
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = text
        elif kind == "text":
            run.text = text
        else:
            etree.SubElement(run._r, _q("fldChar")).set(_q("fldCharType"), kind)


def _fonts(rpr: Any, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts on a run properties element: Latin in ascii/hAnsi, Chinese in eastAsia; theme
    fonts, which would win over the names, are removed."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(_q(attr), None)
    rfonts.set(_q("ascii"), latin)
    rfonts.set(_q("hAnsi"), latin)
    rfonts.set(_q("eastAsia"), east_asia)
    rfonts.set(_q("cs"), latin)
    rfonts.set(_q("hint"), "eastAsia")


def _black(rpr: Any) -> None:
    """Black text (no theme colour), the element in its schema place."""
    rpr._remove_color()
    rpr.get_or_add_color().set(_q("val"), "000000")


def _style(doc: Any, name: str, *, font: str, size: float, bold: bool = False, indent_chars: int = 0,
           align: Any = None, line: float = LINE_PT, before: float = 0, after: float = 0) -> Any:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    style = doc.styles[name]
    rpr = style.element.get_or_add_rPr()
    _fonts(rpr, font)
    _black(rpr)
    for el in rpr.findall(_q("spacing")):  # no letter spacing (the template's Title has some)
        rpr.remove(el)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = Pt(size * indent_chars)
    if align is not None:
        fmt.alignment = align
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(_q("ind"))
    if ind is not None:  # in characters too, so that Word and WPS indent by two characters whatever the size
        ind.set(_q("firstLineChars"), str(indent_chars * 100))
    for el in ppr.findall(_q("pBdr")):
        ppr.remove(el)
    return style


def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    styles = doc.styles
    defaults = styles.element.find(_q("docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{_q('rPrDefault')}/{_q('rPr')}")
        if rpr is not None:
            _fonts(rpr, BODY_FONT)
            lang = rpr.find(_q("lang"))
            if lang is not None:
                lang.set(_q("eastAsia"), "zh-CN")
    _style(doc, "Normal", font=BODY_FONT, size=BODY_PT, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "Title", font=TITLE_FONT, size=TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=35, after=LINE_PT)
    for level, font in enumerate(HEADING_FONTS, 1):
        _style(doc, f"Heading {level}", font=font, size=BODY_PT, bold=level == 3, indent_chars=2)
    for name in ("Header", "Footer"):
        _style(doc, name, font=PAGE_FONT, size=PAGE_PT, line=PAGE_PT * 1.2)
    for name, font, align in ((TABLE_TEXT, BODY_FONT, None), (TABLE_HEAD, HEADING_FONTS[0], WD_ALIGN_PARAGRAPH.CENTER)):
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]
        _style(doc, name, font=font, size=TABLE_PT, align=align, line=TABLE_PT * 1.5)


def _font_table(doc: Any) -> None:
    """Each font with its fallback (`w:altName`) and the GB2312 character set in word/fontTable.xml."""
    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for el in root.findall(_q("font")):
        if el.get(_q("name")) in FALLBACKS:
            root.remove(el)
    for name in (TITLE_FONT, BODY_FONT, *HEADING_FONTS[:2], PAGE_FONT):
        font = etree.SubElement(root, _q("font"))
        font.set(_q("name"), name)
        etree.SubElement(font, _q("altName")).set(_q("val"), FALLBACKS[name])
        etree.SubElement(font, _q("charset")).set(_q("val"), "86")  # GB2312
        etree.SubElement(font, _q("family")).set(_q("val"), "roman" if name != "黑体" else "modern")
        etree.SubElement(font, _q("pitch")).set(_q("val"), "variable" if name != "黑体" else "fixed")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
