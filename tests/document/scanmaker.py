"""Render paragraphs of our own text to page images and image-only PDFs, as a scanner would give them.

Pillow draws the text with a CJK font from the machine (Debian's fonts-wqy-microhei, which `make test`
installs); the PDF holds one picture per page and no text layer at all.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
A4_MM = (210, 297)


def cjk_font() -> Path | None:
    return next((Path(p) for p in FONTS if Path(p).exists()), None)


Placed = tuple[int, int, str]  # (x, y) of the line's top-left corner in pixels, and its text


@dataclass
class Typeset:
    """Pages of placed lines, with the font and page size they were set for."""

    pages: list[list[Placed]]
    font: ImageFont.FreeTypeFont
    size: tuple[int, int]
    margin: int

    def page_text(self, i: int) -> str:
        return "".join(t for _, _, t in self.pages[i])


def typeset(
    paragraphs: Sequence[str], dpi: int = 200, pt: float = 16.0, margin_mm: float = 25.0, spacing: float = 1.75
) -> Typeset:
    """Set `paragraphs` on A4 pages like an official document: 16 pt type, a two-character first-line
    indent, lines filled to the margin."""
    path = cjk_font()
    if path is None:
        raise FileNotFoundError("no CJK font: apt-get install fonts-wqy-microhei")
    px = round(pt * dpi / 72)
    font = ImageFont.truetype(str(path), px)
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    margin = round(margin_mm / 25.4 * dpi)
    measure = width - 2 * margin
    step = round(px * spacing)
    pages: list[list[Placed]] = [[]]
    y = margin
    for para in paragraphs:
        rest = para
        first = True
        while rest:
            indent = 2 * px if first else 0
            n = _fit(font, rest, measure - indent)
            if y + step > height - margin:
                pages.append([])
                y = margin
            pages[-1].append((margin + indent, y, rest[:n]))
            y += step
            rest = rest[n:]
            first = False
    return Typeset(pages, font, (width, height), margin)


def render_pages(
    paragraphs: Sequence[str] | Typeset,
    dpi: int = 200,
    page_numbers: bool = True,
    scan: bool = False,
    seed: int = 0,
) -> list[Image.Image]:
    """One grey-scale image per page, with `- n -` page numbers at the foot. `scan` tilts each page a
    little, blurs it and adds speckle, as a desk scanner does."""
    ts = paragraphs if isinstance(paragraphs, Typeset) else typeset(paragraphs, dpi=dpi)
    width, height = ts.size
    images = []
    for i, lines in enumerate(ts.pages, start=1):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for x, y, text in lines:
            draw.text((x, y), text, font=ts.font, fill=0)
        if page_numbers:
            label = f"- {i} -"
            draw.text(((width - ts.font.getlength(label)) / 2, height - ts.margin + ts.font.size), label,
                      font=ts.font, fill=0)
        images.append(page)
    if scan:
        rng = random.Random(seed)
        images = [_degrade(pg, rng) for pg in images]
    return images


def _fit(font: ImageFont.FreeTypeFont, text: str, room: float) -> int:
    """How many characters of `text` fit in `room` pixels (at least one)."""
    n = 1
    while n < len(text) and font.getlength(text[: n + 1]) <= room:
        n += 1
    return n


def _degrade(page: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.uniform(-0.6, 0.6)
    out = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(0.6))
    px = out.load()
    w, h = out.size
    for _ in range(w * h // 400):
        x, y = rng.randrange(w), rng.randrange(h)
        px[x, y] = rng.choice((0, 160, 255))
    return out


def image_pdf(pages: Sequence[Image.Image], dpi: int = 200) -> bytes:
    """An image-only PDF: one picture per page, no text layer."""
    buf = io.BytesIO()
    first, *rest = [pg.convert("L") for pg in pages]
    first.save(buf, format="PDF", save_all=True, append_images=rest, resolution=float(dpi))
    return buf.getvalue()


def png(page: Image.Image) -> bytes:
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    return buf.getvalue()
