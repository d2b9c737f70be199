"""Reading .txt by content, and every bad input `luoshi.read` must refuse with a clear ReadError."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import luoshi
from luoshi.document.readers import dispatch as readers
from luoshi.errors import ReadError, UnsupportedFormat

SHARED = Path(os.environ.get("LUOSHI_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))

REPORT = (
    "一、2023年工作回顾\n"
    "　　过去一年，全县地区生产总值增长5.8%，城镇新增就业1.2万人，粮食产量稳定在30万吨以上。\n"
    "二、2024年工作安排\n"
    "　　今年主要预期目标是：地区生产总值增长6%左右，居民人均可支配收入增长7%。\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- .txt: the encoding comes from the content, never from the extension ---------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("gb2312", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
    ],
)
def test_txt_encodings(tmp_path: Path, encoding: str, expected: str) -> None:
    doc = luoshi.read(write(tmp_path, "baogao.txt", REPORT.encode(encoding)))
    assert doc.text == REPORT  # no BOM left at offset 0: offsets index the text as decoded
    assert doc.encoding == expected
    assert doc.id == "baogao"
    assert doc.format == "txt"
    assert doc.sources == []


def test_gb18030_named_anything(tmp_path: Path) -> None:
    # Detection from content: a GBK file named .html or without extension is still text.
    for name in ("report.html", "report", "report.dat"):
        doc = luoshi.read(write(tmp_path, name, REPORT.encode("gbk")))
        assert doc.text == REPORT


def test_big5_traditional(tmp_path: Path) -> None:
    text = "過去一年，全市地區生產總值增長5.5%，規模以上工業增加值增長6.2%，城鎮新增就業2.3萬人。\n"
    doc = luoshi.read(write(tmp_path, "t.txt", text.encode("big5")))
    assert doc.text == text
    assert doc.encoding == "big5"


def test_utf8_with_stray_byte_is_not_mojibake(tmp_path: Path) -> None:
    data = REPORT.encode("utf-8")[:-2]  # cut inside the last character's bytes
    doc = luoshi.read(write(tmp_path, "cut.txt", data))
    assert doc.text.startswith("一、2023年工作回顾")


def test_crlf_kept_as_decoded(tmp_path: Path) -> None:
    text = REPORT.replace("\n", "\r\n")
    doc = luoshi.read(write(tmp_path, "crlf.txt", text.encode("utf-8")))
    assert doc.text == text
    i = doc.text.index("5.8%")
    assert doc.text[i : i + 4] == "5.8%"
    assert [s.title for s in doc.sections if s.level == 1] == ["2023年工作回顾", "2024年工作安排"]


def test_reference_report_text_is_exact() -> None:
    path = SHARED / "corpus" / "qiannan-2024.txt"
    if not path.exists():
        pytest.skip(f"reference corpus not found at {path}")
    doc = luoshi.read(path)
    assert doc.text == path.read_bytes().decode("utf-8")
    assert doc.id == "qiannan-2024"


def test_read_bytes_matches_read(tmp_path: Path) -> None:
    data = REPORT.encode("gb18030")
    assert luoshi.read_bytes(data, "x").text == luoshi.read(write(tmp_path, "x.txt", data)).text


# --- bad inputs --------------------------------------------------------------------------------------


def refused(path: Path | str) -> ReadError:
    with pytest.raises(ReadError) as info:
        luoshi.read(path)
    err = info.value
    assert str(path) in str(err)  # the CLI prints `luoshi: error: <file>: <reason>`
    assert "\n" not in str(err)
    assert "Traceback" not in str(err)
    return err


def test_missing_file(tmp_path: Path) -> None:
    assert "不存在" in refused(tmp_path / "nope.txt").message


def test_directory(tmp_path: Path) -> None:
    assert "目录" in refused(tmp_path).message


def test_empty_file(tmp_path: Path) -> None:
    assert "为空" in refused(write(tmp_path, "empty.txt", b"")).message


def test_blank_file(tmp_path: Path) -> None:
    assert "没有文字" in refused(write(tmp_path, "blank.txt", "  \n\u3000\r\n".encode())).message


def test_binary_junk(tmp_path: Path) -> None:
    junk = bytes((i * 197 + 13) % 256 for i in range(4096))
    assert "二进制" in refused(write(tmp_path, "junk.txt", junk)).message


def test_undecodable_text(tmp_path: Path) -> None:
    # No NUL bytes, not UTF-8, and not Chinese in any encoding we try.
    junk = bytes(range(0x80, 0x100)) * 8
    assert "编码" in refused(write(tmp_path, "latin.txt", junk)).message


@pytest.mark.parametrize(
    ("head", "word"),
    [(b"GIF89a", "图片"), (b"\x1f\x8b\x08\x00", "压缩包"), (b"7z\xbc\xaf\x27\x1c", "压缩包")],
)
def test_foreign_formats(tmp_path: Path, head: bytes, word: str) -> None:
    err = refused(write(tmp_path, "report.txt", head + bytes(200)))
    assert isinstance(err, UnsupportedFormat)
    assert word in err.message


def _ole(*streams: str) -> bytes:
    # Just enough of an OLE compound file for sniffing: the magic and directory entry names.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"".join(s.encode("utf-16-le") + bytes(64) for s in streams)


def test_damaged_doc(tmp_path: Path) -> None:
    # The OLE magic and stream names, but no compound file behind them (real .doc files: test_doc.py).
    err = refused(write(tmp_path, "report.doc", _ole("Root Entry", "WordDocument", "1Table")))
    assert ".doc" in err.message
    assert "损坏" in err.message


def test_password_protected_docx(tmp_path: Path) -> None:
    # Word saves a password-protected .docx as an OLE container holding EncryptionInfo + EncryptedPackage.
    err = refused(write(tmp_path, "report.docx", _ole("Root Entry", "EncryptionInfo", "EncryptedPackage")))
    assert "加密" in err.message


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_BYTES", 1024 * 1024)
    p = write(tmp_path, "big.txt", ("增长" * 300_000).encode("utf-8"))
    assert "过大" in refused(p).message
    with pytest.raises(ReadError, match="过大"):
        luoshi.read_bytes(p.read_bytes(), "big")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable(tmp_path: Path) -> None:
    p = write(tmp_path, "secret.txt", REPORT.encode())
    p.chmod(0)
    try:
        assert "无法读取" in refused(p).message
    finally:
        p.chmod(0o600)


def test_sniff() -> None:
    assert readers.sniff(b"PK\x03\x04rest") == "docx"
    assert readers.sniff(b"\n\n%PDF-1.7\n") == "pdf"
    assert readers.sniff(b"garbage before %PDF-1.4\n") == "pdf"
    assert readers.sniff(b"<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert readers.sniff(b'<meta charset="gbk"><p>x</p>') == "html"
    assert readers.sniff(REPORT.encode()) == "txt"
    assert readers.sniff(b"\xd0\xcf\x11\xe0" + bytes(10)) == "doc"
    assert readers.sniff(b"\x89PNG\r\n\x1a\n" + bytes(10)) == "image"
    assert readers.sniff(b"\xff\xd8\xff\xe0" + bytes(10)) == "image"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "普通文件" in refused(fifo).message


def test_device() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    assert "普通文件" in refused("/dev/zero").message
