"""`luoshi.files.replacing`: an output file is replaced whole or left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.errors import LuoshiError
from luoshi.files import replacing


def test_replaces_on_success(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    with replacing(out) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert out.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(out) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("writer failed")
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_os_error_becomes_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(LuoshiError, match="cannot write"), replacing(tmp_path / "missing" / "out.txt") as tmp:
        tmp.write_text("x", encoding="utf-8")
