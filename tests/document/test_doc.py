"""Reading .doc and .wps: a .docx of our own text written here, turned into a Word 97 .doc by
LibreOffice in the test, then read back through each converter. WPS Writer saves .wps in the same
binary format as Word 97, and LibreOffice writes no .wps, so the .wps is that .doc under its name."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from readback import paragraphs, refused_by_cli, same_indicators, sample_text

import luoshi
from luoshi.document.readers import convert
from luoshi.errors import ReadError

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice is not installed (make test installs it)"),
]
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def sample_docx() -> bytes:
    """The sample report as Word writes it: headings in heading styles, the rest body paragraphs."""
    import docx

    d = docx.Document()
    for para in paragraphs(sample_text()):
        if HEADING.match(para):
            d.add_paragraph(para, style="Heading 1")
        elif SUBHEADING.match(para) and len(para) < 20:
            d.add_paragraph(para, style="Heading 2")
        else:
            d.add_paragraph(para)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def word97() -> bytes:
    return convert.with_libreoffice(sample_docx(), ".docx", target="doc")


@pytest.fixture()
def doc_file(tmp_path: Path, word97: bytes) -> Path:
    path = tmp_path / "qinglan-2024.doc"
    path.write_bytes(word97)
    return path


def test_doc_reads_like_its_txt(doc_file: Path) -> None:
    doc = luoshi.read(doc_file)
    assert doc.format == "doc"
    assert doc.id == "qinglan-2024"
    assert doc.text.split("\n") == paragraphs(sample_text())
    same_indicators(doc, sample_text())
    txt = luoshi.read_bytes(sample_text().encode(), "txt")
    assert [s.label for s in doc.sections] == [s.label for s in txt.sections]
    assert doc.sources and doc.sources[0].where == "段落 1"


def test_wps_reads_like_its_txt(tmp_path: Path, word97: bytes) -> None:
    path = tmp_path / "qinglan-2024.wps"
    path.write_bytes(word97)
    doc = luoshi.read(path)
    assert doc.format == "wps"
    same_indicators(doc, sample_text())


def test_original_untouched_and_nothing_left_behind(doc_file: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = (doc_file.read_bytes(), doc_file.stat().st_mtime_ns, sorted(os.listdir(doc_file.parent)))
    luoshi.read(doc_file)
    assert (doc_file.read_bytes(), doc_file.stat().st_mtime_ns, sorted(os.listdir(doc_file.parent))) == before
    assert os.listdir(scratch) == []  # the conversion folder, copy and profile are gone


@pytest.mark.parametrize("tool", ["antiword", "catdoc"])
def test_text_tools_without_libreoffice(doc_file: Path, monkeypatch: pytest.MonkeyPatch, tool: str) -> None:
    # The lighter converters read the text (no styles): the same indicators all the same.
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (make test installs it)")
    real = shutil.which
    monkeypatch.setattr(convert.shutil, "which", lambda name: real(name) if name == tool else None)
    doc = luoshi.read(doc_file)
    assert doc.format == "doc"
    same_indicators(doc, sample_text())


def test_no_converter_names_what_to_install(doc_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ReadError, match="apt-get install libreoffice-writer-nogui"):
        luoshi.read(doc_file)


def test_conversion_time_limit(doc_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A converter that hangs is killed at the limit, with its children, and says so.
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\n/bin/sleep 60 &\nexec /bin/sleep 60\n")
    hang.chmod(0o755)
    monkeypatch.setattr(convert, "soffice", lambda: str(hang))
    monkeypatch.setenv("LUOSHI_CONVERT_TIMEOUT", "1")
    monkeypatch.setenv("PATH", "/nonexistent")  # no antiword to fall back on
    started = time.monotonic()
    with pytest.raises(ReadError, match="超时"):
        luoshi.read(doc_file)
    assert time.monotonic() - started < 15


def _encrypted(word97: bytes) -> bytes:
    """The .doc with the File Information Block's fEncrypted flag set, as Word marks a password."""
    import olefile

    ole = olefile.OleFileIO(io.BytesIO(word97), write_mode=True)
    stream = bytearray(ole.openstream("WordDocument").read())
    stream[11] |= 0x01  # flags at offset 10, little-endian: fEncrypted is 0x0100
    ole.write_stream("WordDocument", bytes(stream))
    out = ole.fp.getvalue()  # type: ignore[attr-defined]
    ole.close()
    return bytes(out)


def test_password_protected_doc(tmp_path: Path, word97: bytes) -> None:
    path = tmp_path / "mima.doc"
    path.write_bytes(_encrypted(word97))
    assert "密码" in refused_by_cli(path, tmp_path)


def test_truncated_doc(tmp_path: Path, word97: bytes) -> None:
    path = tmp_path / "cut.doc"
    path.write_bytes(word97[: len(word97) // 3])
    assert "损坏" in refused_by_cli(path, tmp_path)


def test_wrong_magic(tmp_path: Path) -> None:
    path = tmp_path / "notword.wps"
    path.write_bytes(bytes((i * 53 + 7) % 256 for i in range(4000)))
    assert "不是 WPS 文档" in refused_by_cli(path, tmp_path)


@pytest.mark.parametrize(("target", "name", "fmt"), [("rtf", "qinglan-2024.doc", "rtf"), ("odt", "qinglan-2024.odt", "odt")])
def test_rtf_named_doc_and_odt(tmp_path: Path, target: str, name: str, fmt: str) -> None:
    # Sites publish RTF under a .doc name; LibreOffice and WPS save OpenDocument: both go through LibreOffice.
    path = tmp_path / name
    path.write_bytes(convert.with_libreoffice(sample_docx(), ".docx", target=target))
    doc = luoshi.read(path)
    assert doc.format == fmt
    same_indicators(doc, sample_text())


def test_rtf_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "report.rtf"
    path.write_bytes(b"{\\rtf1\\ansi \\uc1 \\u22686? 5%.}")
    monkeypatch.setattr(convert, "soffice", lambda: None)
    with pytest.raises(ReadError, match="apt-get install libreoffice-writer-nogui"):
        luoshi.read(path)
