"""Finding 8 (backups): a backup carries a SHA-256 of its data, and an HMAC with a configured key; a
restore refuses a damaged or altered file, and with a key an unsigned one, writing nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from ledger_cases import DB, _make_db
from sqlalchemy import func, select

from luoshi.errors import ReadError
from luoshi.ledger.operations.backup import backup, check_file, restore
from luoshi.ledger.storage.models import Target

KEY = "backup-signing-key-for-tests-0123456789"


def _alter(path: Path) -> None:
    """Change one value inside the data, keeping the header as it was."""
    raw = gzip.decompress(path.read_bytes())
    header, body = raw.split(b"\n", 1)
    data = json.loads(body)
    rows = data["tables"]["targets"]["rows"]
    col = data["tables"]["targets"]["columns"].index("text")
    rows[0][col] = "=HYPERLINK(\"http://evil\")"
    path.write_bytes(gzip.compress(header + b"\n" + json.dumps(data, ensure_ascii=False).encode(), mtime=0))


def _empty_after(target: DB) -> bool:
    with target.session() as s:
        return bool(s.scalar(select(func.count()).select_from(Target)) == 0)


def test_checksum_and_signature(loaded: tuple[DB, Any, Any], tmp_path: Path) -> None:
    db, _s, _admin = loaded
    plain, signed = tmp_path / "plain.json.gz", tmp_path / "signed.json.gz"
    backup(db.engine, plain, key="")
    backup(db.engine, signed, key=KEY)
    assert check_file(plain, key="").checksum and not check_file(plain, key="").signed
    assert check_file(signed, key=KEY).signed
    with pytest.raises(ReadError, match="没有签名"):
        check_file(plain, key=KEY)  # with a key configured, an unsigned file is refused
    with pytest.raises(ReadError, match="签名不符"):
        check_file(signed, key="another-key-entirely-0123456789")
    _alter(signed)
    with pytest.raises(ReadError, match="校验和不符"):
        check_file(signed, key=KEY)
    for i, (f, key, ok) in enumerate([(plain, "", True), (signed, KEY, False), (plain, KEY, False)]):
        (tmp_path / str(i)).mkdir()
        for target in _make_db("sqlite", tmp_path / str(i)):
            if ok:
                restore(target.engine, f, key=key)
                assert not _empty_after(target)
            else:
                with pytest.raises(ReadError):
                    restore(target.engine, f, key=key)
                assert _empty_after(target)  # nothing half-written


def test_sessions_are_not_backed_up(loaded: tuple[DB, Any, Any], tmp_path: Path) -> None:
    from luoshi.ledger import service
    from luoshi.ledger.operations import sessions

    db, s, admin = loaded
    user = service.create_user(s, username="clerk", password="Desk-bench-2024", role="viewer", actor=admin)
    sessions.start_session(s, user=user, hours=1)
    s.commit()
    f = tmp_path / "b.json"
    backup(db.engine, f, key="")
    data = json.loads(f.read_bytes().split(b"\n", 1)[1])
    assert "user_sessions" not in data["tables"] and "login_throttle" not in data["tables"]
