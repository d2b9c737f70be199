"""Read a photo or scan of pages (.png, .jpg, .tif — a multi-page TIFF is several pages) by OCR."""

from __future__ import annotations

import io

from luoshi.document.model import Document
from luoshi.document.readers.layout import Piece, lay_out
from luoshi.errors import ReadError

MAX_PIXELS = 80_000_000  # a 600 dpi A3 scan is 70 M pixels; more is a decompression bomb


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    from PIL import Image, ImageOps, UnidentifiedImageError

    from luoshi.document.readers.ocr import engine

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        pages: list[list[Piece]] = []
        eng = engine()
        for n in range(frames):
            image.seek(n)
            # A phone keeps the picture as the sensor saw it and says in EXIF how to turn it.
            page = ImageOps.exif_transpose(image).convert("L")
            pages.append([Piece(ln.text, ln.x0, ln.top, ln.x1, ln.bottom, n, ln.confidence)
                          for ln in eng.lines(page)])
    except (UnidentifiedImageError, Image.DecompressionBombError) as e:
        raise ReadError(f"图片无法识别或过大 / unreadable or oversized image: {type(e).__name__}") from e
    except (OSError, SyntaxError, ValueError, EOFError) as e:  # Pillow's errors on a truncated or damaged file
        raise ReadError(f"图片文件损坏 / corrupt image: {type(e).__name__}") from e
    laid = lay_out(pages)
    if not laid.text.strip():
        raise ReadError("图片中没有识别出文字 / no text recognised in the image")
    return Document(id=doc_id, text=laid.text, path=path, format="image", encoding=None,
                    sources=laid.sources, ocr=laid.ocr)
