"""Documents in the official layout of GB/T 9704-2012 (党政机关公文格式): the 督办单 and the 催办通知.

A pure function from plain data to the bytes of a .docx: nothing here reads the ledger.

    official_docx(OfficialDoc(title=, number=, recipient=, body=[Para(...)], issuer=, date=, cc=,
                              red_head=)) -> bytes

The layout the standard sets, as Word understands it:
- A4 paper (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm);
- body in 3号 (16 pt) 仿宋_GB2312, 22 lines a page (28.95 pt apart), first lines indented two characters;
  headings of the first level in 3号 黑体;
- title in 2号 (22 pt) 小标宋 (方正小标宋简体), centred, one blank line below;
- optional red head: the 发文机关标志 in red 小标宋 above the 文号 and a red line the width of the text;
  without it, the 文号 stands on the right above the title;
- 主送机关 flush left ending with a colon; 发文机关署名 and 成文日期 on the right, four characters in;
  the date with Arabic numerals (2026年12月5日), or in Chinese numerals (二〇二六年十二月五日) if asked;
- 版记: 抄送 and 印发 lines in 4号 仿宋 between rules; page numbers "— 1 —" in 4号 宋体, odd pages on
  the right and even pages on the left, one character in.

The page, the styles, the page numbers and the fonts' fallbacks in the font table (w:altName:
仿宋_GB2312 → 仿宋, 方正小标宋简体 → 宋体) are those of every document the office sends out
(`luoshi.export.page`); here each run names its font for East Asian text too (w:eastAsia).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from luoshi.export.page import BODY_FONT, FALLBACKS, PAGE_FONT, TITLE_FONT

HEADING_FONT = "黑体"
# For the HTML print view: the same fonts with their fallbacks, as CSS font-family lists.
CSS_BODY = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif'
CSS_TITLE = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "宋体", "SimSun", "Noto Serif CJK SC", serif'
CSS_HEADING = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
NOTE_PT = 14  # 四号: 版记 and page numbers
LINE_PT = 28.95  # 22 lines in the 225 mm of the 版心
RED = "FF0000"
__all__ = ["FALLBACKS", "PAGE_FONT", "OfficialDoc", "Para", "cc_text", "cn_date", "cn_date_upper", "official_docx"]
CN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Para:
    """One paragraph of the body: `kind` is "p" (text, first line indented two characters), "h" (a
    first-level heading such as 一、…, in 黑体) or "plain" (no indent)."""

    text: str
    kind: str = "p"


@dataclass(frozen=True)
class OfficialDoc:
    title: str  # 标题, with the region in it
    number: str  # 文号, e.g. 督办〔2026〕3号
    recipient: str  # 主送机关
    body: Sequence[Para]
    issuer: str  # 发文机关署名
    date: date  # 成文日期
    cc: str = ""  # 抄送机关, separated by 、 or ，
    red_head: bool = False
    head: str = ""  # 发文机关标志 of the red head (default: the issuer)
    printed_by: str = ""  # 印发机关 in the 版记 (default: the issuer)
    upper_date: bool = False  # 成文日期 in Chinese numerals
    extra: dict[str, Any] = field(default_factory=dict)


def cn_date(d: date) -> str:
    """2026年12月5日: as GB/T 9704-2012 writes the 成文日期 (no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def _cn_number(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def cn_date_upper(d: date) -> str:
    """二〇二六年十二月五日."""
    year = "".join(CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{_cn_number(d.month)}月{_cn_number(d.day)}日"


def date_text(doc: OfficialDoc) -> str:
    return cn_date_upper(doc.date) if doc.upper_date else cn_date(doc.date)


def cc_text(cc: str) -> str:
    """抄送：甲，乙。 (names separated by the full-width comma, a full stop at the end)."""
    import re

    names = [n for n in re.split(r"[，,、;；\s]+", cc.strip().rstrip("。.")) if n]
    return "，".join(names) + "。" if names else ""


# ---- the docx --------------------------------------------------------------------------------------


def _set_fonts(run: Any, name: str) -> None:
    """Name `name` on a run for Chinese text (w:eastAsia), Latin text in the office's Latin font."""
    from luoshi.export.page import _fonts

    _fonts(run._r.get_or_add_rPr(), name)


def _run(par: Any, text: str, font: str, size: float, *, bold: bool = False, color: str | None = None) -> Any:
    from docx.shared import Pt, RGBColor

    run = par.add_run(text)
    _set_fonts(run, font)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def _format(par: Any, *, align: str = "justify", first_indent: float = 0, exact: float | None = LINE_PT,
            left: float = 0, right: float = 0, before: float = 0, after: float = 0) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    pf = par.paragraph_format
    pf.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    pf.first_line_indent = Pt(first_indent)
    # in characters as well: the style's two-character indent (w:firstLineChars) would win otherwise
    par._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(round(first_indent / BODY_PT * 100)))
    pf.left_indent = Pt(left) if left else None
    pf.right_indent = Pt(right) if right else None
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if exact is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact)
    else:
        pf.line_spacing = 1.0


def _border(par: Any, side: str, *, color: str = "000000", size: int = 8) -> None:
    """A rule above or below a paragraph (w:pBdr), `size` in eighths of a point."""
    from docx.oxml.ns import qn

    ppr = par._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = ppr.makeelement(qn("w:pBdr"), {})
        # w:pBdr comes before w:spacing, w:ind and w:jc in a paragraph's properties
        anchor = next((c for c in ppr if c.tag in (qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"),
                                                   qn("w:jc"))), None)
        if anchor is not None:
            anchor.addprevious(bdr)
        else:
            ppr.append(bdr)
    el = bdr.makeelement(qn(f"w:{side}"), {qn("w:val"): "single", qn("w:sz"): str(size), qn("w:space"): "1",
                                            qn("w:color"): color})
    bdr.append(el)


def official_docx(doc: OfficialDoc) -> bytes:
    """The .docx of `doc` in the layout of GB/T 9704-2012 (see the module's note)."""
    from docx.shared import Pt

    from luoshi.export.page import official_document

    document = official_document(doc.title, author=doc.issuer or "落实")
    when = datetime(doc.date.year, doc.date.month, doc.date.day)
    props = document.core_properties
    props.created = props.modified = when
    props.subject = doc.number

    body_width_pt = (210 - 28 - 26) / 25.4 * 72  # 156 mm
    issuer = doc.issuer.strip()
    if doc.red_head:
        head = (doc.head or issuer).strip()
        size = max(TITLE_PT, min(42, int(body_width_pt / max(1, len(head)))))
        p = document.add_paragraph()
        _format(p, align="center", exact=None, before=0, after=12)
        _run(p, head, TITLE_FONT, size, color=RED)
        p = document.add_paragraph()
        _format(p, align="center", after=4)
        _run(p, doc.number, BODY_FONT, BODY_PT)
        _border(p, "bottom", color=RED, size=12)  # the red line, as wide as the text
        document.add_paragraph()  # the title starts two lines below the red line
    elif doc.number:
        p = document.add_paragraph()
        _format(p, align="right")
        _run(p, doc.number, BODY_FONT, BODY_PT)
    p = document.add_paragraph()
    _format(p, align="center", exact=None, before=12, after=0)
    p.paragraph_format.line_spacing = Pt(35)
    _run(p, doc.title, TITLE_FONT, TITLE_PT)
    document.add_paragraph()  # one blank line below the title
    if doc.recipient:
        p = document.add_paragraph()
        _format(p, align="left")
        _run(p, doc.recipient.rstrip("：:") + "：", BODY_FONT, BODY_PT)
    last = len(doc.body) - 1
    for n, para in enumerate(doc.body):
        p = document.add_paragraph()
        if n == last:  # the 署名 never stands alone on a page: the last paragraph goes with it
            p.paragraph_format.keep_with_next = True
        if para.kind == "h":
            _format(p, first_indent=2 * BODY_PT)
            _run(p, para.text, HEADING_FONT, BODY_PT)
        elif para.kind == "plain":
            _format(p, align="left")
            _run(p, para.text, BODY_FONT, BODY_PT)
        else:
            _format(p, first_indent=2 * BODY_PT)
            _run(p, para.text, BODY_FONT, BODY_PT)
    for _ in range(2):
        document.add_paragraph().paragraph_format.keep_with_next = True
    p = document.add_paragraph()
    _format(p, align="right", right=4 * BODY_PT)
    p.paragraph_format.keep_with_next = True
    _run(p, issuer, BODY_FONT, BODY_PT)
    p = document.add_paragraph()
    _format(p, align="right", right=4 * BODY_PT)
    _run(p, date_text(doc), BODY_FONT, BODY_PT)
    # 版记: 抄送 and 印发 between rules (the first and the last thicker)
    document.add_paragraph()
    cc = cc_text(doc.cc)
    printed_by = (doc.printed_by or issuer).strip()
    if cc:
        p = document.add_paragraph()
        _format(p, align="left", left=NOTE_PT, right=NOTE_PT, exact=None, before=2, after=2)
        _run(p, f"抄送：{cc}", BODY_FONT, NOTE_PT)
        _border(p, "top", size=8)
        _border(p, "bottom", size=4)
    p = document.add_paragraph()
    _format(p, align="left", left=NOTE_PT, right=NOTE_PT, exact=None, before=2, after=2)
    tab_at = Pt(body_width_pt - 2 * NOTE_PT)
    from docx.enum.text import WD_TAB_ALIGNMENT

    p.paragraph_format.tab_stops.add_tab_stop(tab_at, WD_TAB_ALIGNMENT.RIGHT)
    _run(p, f"{printed_by}\t{cn_date(doc.date)}印发", BODY_FONT, NOTE_PT)
    if not cc:
        _border(p, "top", size=8)
    _border(p, "bottom", size=8)

    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
