"""Open a zip package (.docx, .ofd) safely: refuse what is not a zip, is damaged, or is a zip bomb.

`zipfile` never inflates a member past its declared size, so checking the declared sizes bounds the
memory spent reading members; a member that claims a small size and inflates past it fails its read.
"""

from __future__ import annotations

import io
import zipfile

from luoshi.errors import ReadError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 100  # uncompressed / compressed, for a member big enough to matter
RATIO_MIN_SIZE = 1024 * 1024  # small members (styles, settings) may compress very well and harmlessly


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """`data` as an open zip; `what` names the expected kind of file in the message (`.docx`, `OFD`)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(f"不是有效的 {what} 文件（不是完整的 zip 压缩包，可能已损坏）/ not a {what} (not a zip file)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise ReadError(f"zip 压缩包损坏 / corrupt zip: {e}") from e
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ReadError(
                f"疑似 zip 炸弹（{info.filename} 压缩比超过 {MAX_RATIO}）/ zip bomb suspected: compression ratio"
            )
    if total > MAX_UNCOMPRESSED:
        raise ReadError(
            f"疑似 zip 炸弹（解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB）/ zip bomb suspected: "
            "uncompressed size too large"
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise ReadError("文档已加密 / encrypted zip members")
    return zf


def read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes; a damaged member is a ReadError, not a zlib or CRC traceback."""
    try:
        return zf.read(name)
    except KeyError as e:
        raise ReadError(f"zip 压缩包缺少 {name} / missing member {name}") from e
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise ReadError(f"zip 压缩包中的 {name} 已损坏 / corrupt member {name}") from e
    except Exception as e:  # zlib.error and friends
        raise ReadError(f"zip 压缩包中的 {name} 已损坏 / corrupt member {name}: {type(e).__name__}") from e
