"""佐证材料: evidence files attached to progress reports, checked by content and stored by the app."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from luoshi.errors import InvalidInput, NotFound

# extension → (content type, how the bytes must start); zip-based Office files are opened to check.
ALLOWED = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8",
}
MAX_FILES = 5
_STORED = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,4}$")


def sniff_evidence(data: bytes) -> str | None:
    """The extension the content proves, or None when it is none of the allowed types."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return ".docx"
            if any(n.startswith("xl/") for n in names):
                return ".xlsx"
        return None
    if b"\x00" not in data[:8192]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return ".txt"
    return None


@dataclass
class StoredFile:
    filename: str
    size: int
    content_type: str
    stored_path: str
    sha256: str


def clean_filename(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f<>:\"/\\|?*]+", "_", base).strip(" .")
    return base[:200] or "file"


class EvidenceStore:
    def __init__(self, data_dir: Path, max_bytes: int) -> None:
        self.root = data_dir / "evidence"
        self.max_bytes = max_bytes

    def check(self, filename: str, data: bytes) -> str:
        """The stored extension for an upload; InvalidInput when it is empty, too big or of the wrong type."""
        name = clean_filename(filename)
        ext = Path(name).suffix.lower()
        if ext not in ALLOWED:
            raise InvalidInput(f"“{name}”：只接受 PDF、PNG、JPG、DOCX、XLSX、TXT 文件 / file type not allowed")
        if not data:
            raise InvalidInput(f"“{name}”：文件为空 / empty file")
        if len(data) > self.max_bytes:
            raise InvalidInput(f"“{name}”：文件过大（上限 {self.max_bytes // (1024 * 1024)} MB）/ file too large")
        found = sniff_evidence(data)
        if found is None or (found != ext and {found, ext} != {".jpg", ".jpeg"}):
            raise InvalidInput(f"“{name}”：文件内容与扩展名不符 / content does not match the extension")
        return found

    def save(self, filename: str, data: bytes) -> StoredFile:
        ext = self.check(filename, data)
        self.root.mkdir(parents=True, exist_ok=True)
        stored = f"{secrets.token_hex(16)}{ext}"
        (self.root / stored).write_bytes(data)
        return StoredFile(clean_filename(filename), len(data), ALLOWED[ext], stored,
                          hashlib.sha256(data).hexdigest())

    def path(self, stored_path: str) -> Path:
        if not _STORED.match(stored_path):
            raise NotFound("文件不存在 / no such file")
        p = self.root / stored_path
        if not p.is_file():
            raise NotFound("文件不存在 / no such file")
        return p

    def discard(self, stored_paths: list[str]) -> None:
        """Remove files stored for a report that then failed: nothing half-written stays behind."""
        for sp in stored_paths:
            if _STORED.match(sp):
                (self.root / sp).unlink(missing_ok=True)
