"""Build PDFs with a Chinese text layer inside the tests: no font files, no PDF library."""

from __future__ import annotations

from collections.abc import Sequence

# A page is a list of lines; a line is (x, y, text) in points from the bottom-left, 12 pt type.
PdfLine = tuple[float, float, str]


def _hex(text: str) -> str:
    # Identity-H with CID = the character's code point: two bytes per character (BMP only).
    return "".join(f"{ord(c):04X}" for c in text)


def build_pdf(pages: Sequence[Sequence[PdfLine]], size: float = 12.0, tounicode: bool = True) -> bytes:
    """A minimal PDF whose text layer is `pages`, with a Type0 font (Identity-H) and a ToUnicode CMap.

    No font program is embedded: extraction needs only the CMap and the widths, which keeps the
    file a few kilobytes and needs no font package on the machine."""
    chars = sorted({c for page in pages for _, _, t in page for c in t})
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    cmap_lines = [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars]
    bfchar = []
    for i in range(0, len(cmap_lines), 100):
        chunk = cmap_lines[i : i + 100]
        bfchar.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(bfchar)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    # Widths: ASCII half an em, everything else a full em.
    widths = " ".join(f"{ord(c)} [500]" for c in chars if ord(c) < 128)
    cmap_id = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860] "
        b"/ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>"
    )
    cidfont = add(
        (
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>"
        ).encode()
    )
    font = add(
        (
            "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
            f"/DescendantFonts [{cidfont} 0 R]" + (f" /ToUnicode {cmap_id} 0 R" if tounicode else "") + " >>"
        ).encode()
    )
    pages_id = len(objects) + 1 + 2 * len(pages) + 1  # after the page/content pairs and the catalog
    page_ids = []
    for page in pages:
        ops = []
        for x, y, text in page:
            ops.append(f"BT /F1 {size:g} Tf {x:g} {y:g} Td <{_hex(text)}> Tj ET")
        if not page:
            ops.append("0.5 w 72 72 m 300 300 l S")  # a drawing, no text: what a scan looks like to us
        content = "\n".join(ops).encode()
        cid = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {cid} 0 R >>"
                ).encode()
            )
        )
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def layout(
    paragraphs: Sequence[str],
    per_line: int = 30,
    top: float = 770,
    left: float = 72,
    size: float = 12.0,
    indent: bool = True,
) -> list[PdfLine]:
    """Set paragraphs as a word processor would: a two-character first-line indent, lines filled to a
    measure of `per_line` ems (ASCII half an em), so full lines end at the right margin."""
    lines: list[PdfLine] = []
    y = top
    for para in paragraphs:
        first = True
        rest = para
        while rest:
            room = per_line - (2 if first and indent else 0)
            used = 0.0
            n = 0
            while n < len(rest) and used + (0.5 if ord(rest[n]) < 128 else 1.0) <= room:
                used += 0.5 if ord(rest[n]) < 128 else 1.0
                n += 1
            x = left + (2 * size if first and indent else 0)
            lines.append((x, y, rest[:n]))
            rest = rest[n:]
            y -= size * 1.5
            first = False
    return lines
