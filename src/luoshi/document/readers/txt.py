"""Read a plain-text report: the encoding is found from the content (UTF-8, UTF-16, GB18030, Big5)."""

from __future__ import annotations

from pathlib import Path

from luoshi.document.model import Document
from luoshi.errors import ReadError


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file from its content: UTF-8 (with or without BOM), UTF-16 (BOM or not), else
    GB18030 (a superset of GBK/GB2312) or Big5, whichever reads as Chinese, else refuse."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = _utf16_without_bom(data)
    if guess:
        return guess
    # A UTF-8 file with a stray bad byte (a copy cut mid-character) would read as GB18030 mojibake:
    # keep UTF-8 when nearly all of it decodes.
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(1, len(lenient) // 1000) and _looks_chinese(lenient):
        return lenient, "utf-8"
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            candidates.append((_common_ratio(text), enc, text))
    if candidates:
        # Big5 bytes are mostly valid GBK too, read as rare characters: the common-character ratio decides.
        _, enc, text = max(candidates, key=lambda c: (c[0], c[1] == "gb18030"))
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and _looks_chinese(str(best)):
        return str(best), best.encoding
    raise ReadError("无法识别文本编码（不是 UTF-8、GB18030 或 Big5）/ unknown text encoding")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(f"文本编码错误（{encoding}，第 {e.start} 字节）/ invalid {encoding} text") from e


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2 or b"\x00" not in data[:4096]:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_chinese(text):
            return text, enc
    return None


# Frequent characters of Chinese prose, simplified and traditional; mojibake rarely hits them.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    "行学法所民得经十三之进着等部度家力里如水化高自二理起小现实加量都两体制机当使点从业本去把性好应开合还因由其些然前外"
    "天政四日社义事平形相全表间样与关各重新内数正心反明看原又利比或但质气第向道此变条没结解问意建月公无系者最立代已通并"
    "提展五果位入常文总次品式活设及管特件长求基资边流路级少图山接知较将组见计别手期根论运农指区强放决做必先回则任取据处"
    "给光门即保治北造百规热领海口东导志世金增争济思术极交受联认共权收证改清己美再转更单风打教速带安场身车例真务具万每目"
    "至达积示议报完类八离华名确才科张信节话整空元况今集传步群广记需段研界林律且究观越织装影算低持众书复容须际商非验连断"
    "深难近千周委素技备半办青省列响约支般史感劳便团往历市何除消构府称准精值号率族维划选标存候快效院查型按格养易置派层"
    "片始专状育厂识适属包住调满县局照参细引听该铁价严這為個國們來時說會發動過產種後學現實點業開體當還應經進與關數問題"
    "義區長對話氣變條從見計別際務濟農運強總設質結幹縣鄉鎮億萬元"
)


def _common_ratio(text: str) -> float:
    sample = [c for c in text[:5000] if c > "\u2e80"]
    return sum(1 for c in sample if c in _COMMON) / len(sample) if sample else 0.0


def _looks_chinese(text: str) -> bool:
    sample = text[:5000]
    if not sample:
        return False
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t\f") or "\ue000" <= c <= "\uf8ff")
    return cjk / len(sample) > 0.2 and bad / len(sample) < 0.01


def _is_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample


_NAMED = {".docx": " Word 文档", ".pdf": " PDF", ".doc": " Word 文档", ".wps": " WPS 文档", ".ofd": " OFD 文件",
          ".rtf": " RTF 文档", ".odt": " OpenDocument 文档",
          ".html": "网页", ".htm": "网页", ".png": "图片", ".jpg": "图片", ".jpeg": "图片", ".tif": "图片",
          ".tiff": "图片", ".webp": "图片"}
# Names that promise a binary format: readable text under one is a renamed or broken file, not a report
# to read as text (it would give no indicators and no error). HTML and RTF are text themselves.
_BINARY_NAMES = tuple(k for k in _NAMED if k not in (".html", ".htm", ".rtf"))


def _not_what_named(suffix: str, named: str, why: str) -> ReadError:
    return ReadError(f"不是有效的{named}：扩展名是 {suffix}，但内容不是{named}（{why}）/ not a valid {suffix} file")


def read(data: bytes, doc_id: str, path: str | None) -> Document:
    # Content that is no known format: when the name promises one, say that it is not one.
    suffix = Path(path).suffix.lower() if path else ""
    named = _NAMED.get(suffix)
    if _is_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not _utf16_without_bom(data):
        if named:
            raise _not_what_named(suffix, named, "文件损坏？")
        raise ReadError("二进制文件，不是文本 / binary file, not text")
    try:
        text, encoding = decode_text(data)
    except ReadError:
        if named:
            raise _not_what_named(suffix, named, "文件损坏？") from None
        raise
    if named and suffix in _BINARY_NAMES:
        raise _not_what_named(suffix, named, "是纯文本，可能只是改了扩展名")
    return Document(id=doc_id, text=text, path=path, format="txt", encoding=encoding)
