"""Read an .ofd (GB/T 33190-2016): a zip of XML files, read directly, no converter.

`OFD.xml` names each document's `Document.xml`, which lists the pages; each page's content holds text
objects (`TextObject`) with a boundary, a size and one or more `TextCode`s: a start point and the
advance of every glyph (`DeltaX`, where `g N v` repeats the advance v N times). Each glyph becomes a
positioned piece for `layout`, which orders them into lines and paragraphs as it does for a PDF.
Page templates (running headers, the same on every page) are not read. A page with no text but a
picture (a scan kept as OFD) is read by OCR. Units are millimetres throughout.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from luoshi.document.model import Document
from luoshi.document.readers.layout import Piece, lay_out
from luoshi.document.readers.zipsafe import open_zip, read_member
from luoshi.errors import ReadError

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _broken(zh: str, en: str) -> ReadError:
    return ReadError(f"OFD 文件损坏（{zh}）/ corrupt OFD: {en}")


def _parser() -> Any:
    from lxml import etree

    # No entities, no network, no huge trees: the XML comes from an unknown sender.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _xml(zf: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    data = read_member(zf, name)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise _broken(f"{name} 不是有效的 XML", f"{name} is not valid XML") from e


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, name: str) -> Iterator[Any]:
    return (c for c in el if _local(c) == name)


def _child(el: Any, name: str) -> Any:
    return next(_children(el, name), None)


def _descendants(el: Any, name: str) -> Iterator[Any]:
    return (c for c in el.iter() if _local(c) == name)


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text or "")]


def _resolve(names: set[str], base_dir: str, loc: str) -> str:
    """A `ST_Loc` path: absolute from the package root when it starts with `/`, else relative to the
    file that names it (some producers write root-relative paths there too: tried second)."""
    loc = loc.strip().replace("\\", "/")
    tries = [loc.lstrip("/")] if loc.startswith("/") else [posixpath.join(base_dir, loc), loc]
    for t in tries:
        norm = posixpath.normpath(t).lstrip("/")
        if norm in names:
            return norm
        folded = {n.lower(): n for n in names}.get(norm.lower())  # names written on Windows
        if folded:
            return folded
    raise _broken(f"找不到 {loc}", f"missing {loc}")


def deltas(spec: str | None) -> list[float]:
    """`DeltaX`/`DeltaY` expanded: `3 g 3 2.5 4` → [3, 2.5, 2.5, 2.5, 4]."""
    out: list[float] = []
    tokens = (spec or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = int(float(tokens[i + 1]))
            if not 0 <= count <= 100_000:
                raise _broken("DeltaX 重复次数异常", "bad DeltaX repeat")
            out.extend([float(tokens[i + 2])] * count)
            i += 3
        else:
            out.extend(_numbers(tokens[i]))
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class _Box:
    x: float
    y: float
    w: float
    h: float


def _box(text: str | None) -> _Box | None:
    v = _numbers(text)
    return _Box(*v[:4]) if len(v) >= 4 else None


def _text_pieces(obj: Any, page: int) -> list[Piece]:
    """The glyphs of one TextObject, each placed on the page."""
    box = _box(obj.get("Boundary"))
    if box is None:
        return []
    size = float(obj.get("Size") or 3.5)
    ctm = _numbers(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scale = (a * a + b * b) ** 0.5 or 1.0
    glyph = size * scale
    pieces = []
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        if not text.strip():
            continue
        x = float(code.get("X") or 0)
        y = float(code.get("Y") or 0)
        dx, dy = deltas(code.get("DeltaX")), deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            # On the boundary's axes, then into the page by the object's matrix; Y is the baseline.
            px, py = a * x + c * y + e + box.x, b * x + d * y + f + box.y
            width = glyph * (0.5 if ch.isascii() else 1.0)
            if not ch.isspace():
                pieces.append(Piece(ch, px, py - 0.86 * glyph, px + width, py + 0.14 * glyph, page))
            x += dx[i] if i < len(dx) else (0.5 if ch.isascii() else 1.0) * size
            y += dy[i] if i < len(dy) else 0.0
    return pieces


class _Package:
    """An opened OFD: its members and the resources (pictures) of the document being read."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())
        self.media: dict[str, str] = {}

    def load_media(self, doc_xml: Any, doc_dir: str) -> None:
        common = _child(doc_xml, "CommonData")
        if common is None:
            return
        for tag in ("PublicRes", "DocumentRes"):
            for res in _children(common, tag):
                try:
                    name = _resolve(self.names, doc_dir, res.text or "")
                except ReadError:
                    continue  # a missing resource file costs only the pictures it held
                root = _xml(self.zf, name)
                res_dir = posixpath.join(posixpath.dirname(name), root.get("BaseLoc") or "")
                for mm in _descendants(root, "MultiMedia"):
                    media = _child(mm, "MediaFile")
                    if media is not None and media.text:
                        try:
                            self.media[mm.get("ID", "")] = _resolve(self.names, res_dir, media.text)
                        except ReadError:
                            continue


def _scan_pieces(pkg: _Package, content: Any, page: int) -> list[Piece]:
    """OCR the largest picture of a page that has no text: a scan kept as OFD."""
    images = [(box, obj) for obj in _descendants(content, "ImageObject")
              if (box := _box(obj.get("Boundary"))) is not None and obj.get("ResourceID") in pkg.media]
    if not images:
        return []
    box, obj = max(images, key=lambda bo: bo[0].w * bo[0].h)
    import io

    from PIL import Image, UnidentifiedImageError

    from luoshi.document.readers.ocr import engine

    data = read_member(pkg.zf, pkg.media[obj.get("ResourceID")])
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as e:
        raise _broken("页面图片无法打开", "page image unreadable") from e
    sx, sy = box.w / max(image.width, 1), box.h / max(image.height, 1)
    return [Piece(ln.text, box.x + ln.x0 * sx, box.y + ln.top * sy, box.x + ln.x1 * sx, box.y + ln.bottom * sy,
                  page, ln.confidence) for ln in engine().lines(image)]


def _documents(pkg: _Package) -> Iterator[tuple[Any, str]]:
    if "OFD.xml" not in pkg.names:
        raise ReadError("不是 OFD 文件（zip 压缩包中没有 OFD.xml）/ not an OFD file (no OFD.xml)")
    root = _xml(pkg.zf, "OFD.xml")
    bodies = list(_descendants(root, "DocBody"))
    if not bodies:
        raise _broken("OFD.xml 中没有文档", "no DocBody")
    for body in bodies:
        loc = _child(body, "DocRoot")
        if loc is None or not (loc.text or "").strip():
            raise _broken("缺少 DocRoot", "no DocRoot")
        name = _resolve(pkg.names, "", loc.text or "")
        yield _xml(pkg.zf, name), posixpath.dirname(name)


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    zf = open_zip(data, "OFD")
    with zf:
        pkg = _Package(zf)
        pages: list[list[Piece]] = []
        for doc_xml, doc_dir in _documents(pkg):
            pkg.load_media(doc_xml, doc_dir)
            listed = _child(doc_xml, "Pages")
            for page_el in (_children(listed, "Page") if listed is not None else ()):
                n = len(pages)
                content = _xml(zf, _resolve(pkg.names, doc_dir, page_el.get("BaseLoc") or ""))
                pieces = [p for obj in _descendants(content, "TextObject") for p in _text_pieces(obj, n)]
                pages.append(pieces or _scan_pieces(pkg, content, n))
    if not pages:
        raise ReadError("OFD 文件没有页面 / OFD has no pages")
    laid = lay_out(pages)
    return Document(id=doc_id, text=laid.text, path=path, format="ofd", encoding=None,
                    sources=laid.sources, ocr=laid.ocr)
