"""Read a .docx: body paragraphs and tables in document order, one paragraph or table row per line.

The zip is checked before python-docx sees it: a file that is not a zip, a zip that is not a Word
document, or a zip bomb (declared sizes too large, or compressed far too well) is refused with a
one-line reason. python-docx reads members through `zipfile`, which never inflates a member past its
declared size, so checking the declared sizes bounds the memory spent.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from luoshi.document.model import Document, SourcePart
from luoshi.document.readers.zipsafe import open_zip
from luoshi.errors import ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open `data` as a zip and refuse anything that is not a safe Word document."""
    zf = open_zip(data, ".docx")
    names = set(zf.namelist())
    if "word/document.xml" not in names:
        raise ReadError(_other_zip(names))
    return zf


def _other_zip(names: set[str]) -> str:
    """Say what a zip without word/document.xml is, so the user knows what to do with it."""
    if "xl/workbook.xml" in names:
        return "这是 Excel 表格（.xlsx），不是 Word 文档 / an Excel workbook, not a Word document"
    if "ppt/presentation.xml" in names:
        return "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档 / a PowerPoint file, not a Word document"
    if "content.xml" in names and "mimetype" in names:
        return "OpenDocument（.odt/WPS）格式不受支持，请另存为 .docx / OpenDocument is not supported, save as .docx"
    return "zip 压缩包不是 Word 文档（缺少 word/document.xml）/ zip file is not a Word document"


def _iter_blocks(parent: Any) -> Iterator[Any]:
    """Body-level paragraphs and tables in order, looking through content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}p" or child.tag == f"{_W}tbl":
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if content is not None:
                yield from _iter_blocks(content)


_SENTENCE_END = tuple("。！？：；”’」』…!?;:")


def _xpath(expr: str) -> Any:
    from lxml import etree

    return etree.XPath(expr, namespaces={"w": _W[1:-1]})


_XP: dict[str, Any] = {}


def _xp(expr: str) -> Any:
    if expr not in _XP:
        _XP[expr] = _xpath(expr)
    return _XP[expr]


def _para_text(p: Any, label: str = "") -> str:
    """The text of a w:p as Word shows it: runs in order, including tracked insertions and field
    results, without deleted text or text boxes (whose content Word also repeats in a fallback)."""
    parts: list[str] = [label]
    runs = _xp(".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent)]")(p)
    for r in runs:
        for child in r.iterchildren():
            tag = child.tag
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
    pieces = [piece.strip(" \t\u3000\xa0") for piece in "".join(parts).split("\n")]
    # A manual line break after a full sentence starts a new line; inside a sentence it is layout.
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out:
            out += "\n" if out.endswith(_SENTENCE_END) else ""
        out += piece
    return out


def _cell_text(tc: Any) -> str:
    # Every paragraph of the cell, nested tables included, on one line; tabs separate cells only.
    paras = _xp(".//w:p[not(ancestor::w:txbxContent)]")(tc)
    return " ".join(t for t in (_para_text(p).replace("\n", " ").replace("\t", " ") for p in paras) if t)


_CN_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render list number `n` in a Word numFmt (decimal, chineseCounting, ideographDigital …)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "chineseLegalSimplified"):  # fmt: skip
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _val(el: Any, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else found.get(f"{_W}val")


class _Numbering:
    """Word's automatic list numbers (`一、` `（一）` `1.` typed by Word, not in the text runs)."""

    def __init__(self, wdoc: Any) -> None:
        # abstractNumId -> ilvl -> (start, numFmt, lvlText)
        self.abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.styles: dict[str, tuple[str | None, int | None]] = {}
        self.based: dict[str, str] = {}  # styleId -> the style it is based on
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            numbering = wdoc.part.numbering_part.element
        except (AttributeError, KeyError, NotImplementedError):
            return
        for an in numbering.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in an.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                start = int(_val(lvl, f"{_W}start") or "1")
                levels[ilvl] = (start, _val(lvl, f"{_W}numFmt") or "decimal", _val(lvl, f"{_W}lvlText") or "")
            self.abstract[an.get(f"{_W}abstractNumId", "")] = levels
        for num in numbering.findall(f"{_W}num"):
            overrides = {}
            for ov in num.findall(f"{_W}lvlOverride"):
                restart = _val(ov, f"{_W}startOverride")
                if restart is not None:
                    overrides[int(ov.get(f"{_W}ilvl", "0"))] = int(restart)
            self.nums[num.get(f"{_W}numId", "")] = (_val(num, f"{_W}abstractNumId") or "", overrides)
        for style in wdoc.styles.element.findall(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                style_ilvl = _val(num_pr, f"{_W}ilvl")
                self.styles[style_id] = (_val(num_pr, f"{_W}numId"), int(style_ilvl) if style_ilvl else None)
            based = _val(style, f"{_W}basedOn")
            if based:
                self.based[style_id] = based

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _ in range(10):  # basedOn chains are short; a loop in a broken file must not hang
            if not style_id:
                break
            num_id, ilvl = self.styles.get(style_id, (None, None))
            if num_id is not None:
                return num_id, ilvl
            style_id = self.based.get(style_id)
        return None, None

    def label(self, p: Any) -> str:
        if not self.abstract:
            return ""
        ppr = p.find(f"{_W}pPr")
        num_id: str | None = None
        ilvl_s: str | None = None
        style_id: str | None = None
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr, f"{_W}numId")
                ilvl_s = _val(num_pr, f"{_W}ilvl")
            style_id = _val(ppr, f"{_W}pStyle")
        s_num, s_ilvl = self._style_num(style_id)
        num_id = num_id if num_id is not None else s_num
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = int(ilvl_s) if ilvl_s is not None else (s_ilvl or 0)
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            # A list instance that restarts numbering says so with a start override.
            self.started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        start, fmt, text = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [lv for lv in counters if lv > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""

        def number(m: Any) -> str:
            lv = int(m.group(1)) - 1
            lv_start, lv_fmt, _ = levels.get(lv, (1, "decimal", ""))
            return format_number(counters.get(lv, lv_start), lv_fmt)

        label = re.sub(r"%([1-9])", number, text)
        return label if label.endswith(("、", "）", ")", ".", "．", "，", "：")) else label + " "


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    zf = check_zip(data)
    zf.close()
    import docx

    try:
        wdoc = docx.Document(io.BytesIO(data))
    except ValueError as e:  # python-docx: "file is not a Word file, content type is …"
        if "macroEnabled" in str(e):
            raise ReadError("启用宏的 Word 文档（.docm）不受支持，请另存为 .docx / .docm is not supported") from e
        if "template" in str(e):
            raise ReadError("Word 模板（.dotx）不受支持，请另存为 .docx / .dotx is not supported") from e
        raise ReadError("不是 Word 文档 / not a Word document") from e
    except Exception as e:  # a damaged member: zlib.error, XMLSyntaxError, KeyError, BadZipFile …
        raise ReadError(f"Word 文档损坏 / corrupt .docx: {type(e).__name__}") from e

    try:
        numbering = _Numbering(wdoc)
    except ValueError:  # a malformed number in numbering.xml: read the text without list numbers
        numbering = _Numbering(None)
    lines: list[str] = []
    sources: list[SourcePart] = []
    pos = 0

    def add_line(text: str) -> None:
        nonlocal pos
        lines.append(text)
        pos += len(text) + 1

    n_para = 0
    n_table = 0
    for block in _iter_blocks(wdoc.element.body):
        if block.tag == f"{_W}p":
            n_para += 1
            text = _para_text(block, numbering.label(block))
            if text.strip():
                sources.append(SourcePart(pos, pos + len(text), f"段落 {n_para}"))
                add_line(text)
            continue
        n_table += 1
        for r, tr in enumerate(block.findall(f"{_W}tr"), start=1):
            cells: list[str] = []
            row_sources: list[SourcePart] = []
            col_pos = pos
            col = 1
            for tc in tr.findall(f"{_W}tc"):
                span = int(_val(tc, f"{_W}tcPr/{_W}gridSpan") or "1")
                # A vertically merged cell continues the one above: its text was given there.
                merge = tc.find(f"{_W}tcPr/{_W}vMerge")
                text = "" if merge is not None and merge.get(f"{_W}val") in (None, "continue") else _cell_text(tc)
                if cells:
                    col_pos += 1  # the tab
                if text:
                    row_sources.append(SourcePart(col_pos, col_pos + len(text), f"表格 {n_table} 第 {r} 行 第 {col} 列"))
                cells.append(text)
                col_pos += len(text)
                col += span
            if any(cells):
                sources.extend(row_sources)
                add_line("\t".join(cells))
    text = "\n".join(lines)
    return Document(id=doc_id, text=text, path=path, format="docx", encoding=None, sources=sources)
