"""Build .ofd files (GB/T 33190-2016) inside the tests: a zip of XML written by hand, no OFD library.

A page is a list of lines (x, y, text) in millimetres from the top-left corner of an A4 page, y the
baseline. Each line becomes a TextObject with one TextCode whose DeltaX gives every glyph's advance
(`g N v` runs, as producers write them), or, with `glyph_objects`, one TextObject per glyph.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

OfdLine = tuple[float, float, str]
NS = "http://www.ofdspec.org/2016"


def _advances(text: str, size: float) -> list[float]:
    return [size * (0.5 if c.isascii() else 1.0) for c in text[:-1]]


def _delta_x(adv: list[float]) -> str:
    """Advances in `g N v` runs where a value repeats."""
    out: list[str] = []
    i = 0
    while i < len(adv):
        j = i
        while j < len(adv) and adv[j] == adv[i]:
            j += 1
        out.append(f"g {j - i} {adv[i]:g}" if j - i > 2 else " ".join(f"{a:g}" for a in adv[i:j]))
        i = j
    return " ".join(out)


def _text_object(oid: int, x: float, y: float, text: str, size: float) -> str:
    width = sum(_advances(text, size)) + size
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:g} {y - size:g} {width:g} {size * 1.3:g}" Font="3" Size="{size:g}">'
        f'<ofd:FillColor Value="0 0 0"/>'
        f'<ofd:TextCode X="0" Y="{size:g}" DeltaX="{_delta_x(_advances(text, size))}">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


def page_xml(lines: Sequence[OfdLine], size: float, glyph_objects: bool = False, template: bool = False) -> str:
    objects: list[str] = []
    oid = 100
    for x, y, text in lines:
        if glyph_objects:
            gx = x
            for ch in text:
                objects.append(_text_object(oid, gx, y, ch, size))
                oid += 1
                gx += size * (0.5 if ch.isascii() else 1.0)
        else:
            objects.append(_text_object(oid, x, y, text, size))
            oid += 1
    tpl = '<ofd:Template TemplateID="2" ZOrder="Background"/>' if template else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">{tpl}'
        '<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:Area>'
        f'<ofd:Content><ofd:Layer ID="10">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def build_ofd(
    pages: Sequence[Sequence[OfdLine]],
    size: float = 4.2,
    glyph_objects: bool = False,
    header: str | None = None,
    images: dict[int, bytes] | None = None,
) -> bytes:
    """An .ofd of `pages`; `header` goes on a page template (a running header every page shows);
    `images` puts a full-page PNG on the pages it names (a scan kept as OFD), with no text there."""
    images = images or {}
    files: dict[str, str | bytes] = {}
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" DocType="OFD" Version="1.0">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0c6f4b1e8a2d4e7f9b3a5c6d7e8f9a0b</ofd:DocID>"
        "<ofd:Title>测试文档</ofd:Title><ofd:Creator>落实测试</ofd:Creator></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    page_refs = "".join(f'<ofd:Page ID="{i + 20}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
    tpl = '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if header else ""
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        "<ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{tpl}</ofd:CommonData>"
        f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
    )
    media = "".join(
        f'<ofd:MultiMedia ID="{500 + i}" Type="Image"><ofd:MediaFile>page_{i}.png</ofd:MediaFile></ofd:MultiMedia>'
        for i in images
    )
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
        '<ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>'
        f"{'<ofd:MultiMedias>' + media + '</ofd:MultiMedias>' if media else ''}</ofd:Res>"
    )
    for i, lines in enumerate(pages):
        if i in images:
            files[f"Doc_0/Res/page_{i}.png"] = images[i]
            files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="10">'
                f'<ofd:ImageObject ID="{900 + i}" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="{500 + i}"/>'
                "</ofd:Layer></ofd:Content></ofd:Page>"
            )
        else:
            files[f"Doc_0/Pages/Page_{i}/Content.xml"] = page_xml(lines, size, glyph_objects, template=bool(header))
    if header:
        files["Doc_0/Tpls/Tpl_0/Content.xml"] = page_xml([(70, 15, header)], size)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


def set_lines(
    paragraphs: Sequence[str], per_line: int = 28, top: float = 40, left: float = 25, size: float = 4.2,
    indent: bool = True,
) -> list[OfdLine]:
    """Paragraphs set as a word processor would: a two-character first-line indent, lines filled to
    `per_line` ems (ASCII half an em), 1.6 lines apart."""
    lines: list[OfdLine] = []
    y = top
    for para in paragraphs:
        first = True
        rest = para
        while rest:
            room = per_line - (2 if first and indent else 0)
            used = 0.0
            n = 0
            while n < len(rest) and used + (0.5 if rest[n].isascii() else 1.0) <= room:
                used += 0.5 if rest[n].isascii() else 1.0
                n += 1
            lines.append((left + (2 * size if first and indent else 0), y, rest[:n]))
            rest = rest[n:]
            y += size * 1.6
            first = False
    return lines
