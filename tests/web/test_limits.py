"""Finding 1: bodies were read before anyone was checked. Against a serving uvicorn server, over raw
sockets: a chunked upload without Content-Length is answered before its body is sent when the client
is anonymous, and stopped at the limit when it is logged in; declared sizes are refused at once."""

from __future__ import annotations

import select
import socket
import time
from urllib.parse import urlsplit

import pytest
from webtools import Env, login, serving

CHUNK = b"x" * 65536


def _connect(base: str) -> socket.socket:
    u = urlsplit(base)
    sock = socket.create_connection((u.hostname or "127.0.0.1", u.port or 80), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _recv(sock: socket.socket, deadline: float) -> bytes:
    """What the socket has within the deadline: b"" when it is closed, reset or silent."""
    while time.monotonic() < deadline:
        readable, _, _ = select.select([sock], [], [], 0.2)
        if readable:
            try:
                return sock.recv(65536)
            except ConnectionResetError:
                return b""
    return b""


def _read_response(sock: socket.socket, wait: float = 10) -> tuple[int, dict[str, str], bytes]:
    data = b""
    deadline = time.monotonic() + wait
    while b"\r\n\r\n" not in data and (got := _recv(sock, deadline)):
        data += got
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else 0
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    length = int(headers.get("content-length", "0") or 0)
    while len(body) < length and (got := _recv(sock, deadline)):
        body += got
    return status, headers, body


def _chunked_head(path: str, cookie: str = "", extra: str = "") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary=b\r\n{extra}"
            + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode()


FILE_PART = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
             b"Content-Type: text/plain\r\n\r\n")


def _stream_until_answered(sock: socket.socket, head: bytes, total: int, first: bytes = b"") -> tuple[int, int, bytes]:
    """Send `head` (and a `first` chunk) then chunks of 64 KB, up to `total` bytes, stopping as soon as an
    answer is readable. Returns (status, bytes of body sent, answer body)."""
    sock.sendall(head)
    if first:
        sock.sendall(b"%x\r\n%s\r\n" % (len(first), first))
    sent = 0
    while sent < total:
        readable, _, _ = select.select([sock], [], [], 0.02)
        if readable:
            break
        try:
            sock.sendall(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(CHUNK)
    status, _, body = _read_response(sock)
    return status, sent, body


def _cookie(client: object) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())  # type: ignore[attr-defined]


@pytest.mark.parametrize("path, expected", [("/import", 303), ("/api/targets/1/progress", 401),
                                            ("/targets/1/progress", 303)])
def test_anonymous_chunked_upload_is_refused_before_its_body_is_read(env: Env, path: str, expected: int) -> None:
    with serving(env.app) as base, _connect(base) as sock:
        sock.sendall(_chunked_head(path))
        first = FILE_PART + CHUNK  # the first 64 KB of a "2 GB" upload, no more
        sock.sendall(b"%x\r\n%s\r\n" % (len(first), first))
        status, headers, _ = _read_response(sock, wait=10)
    assert status == expected  # answered while the client still holds the rest of its body
    if expected == 303:
        assert headers["location"].startswith("/login")


def test_logged_in_chunked_upload_is_stopped_at_the_limit(env: Env) -> None:
    c = env.client()
    login(c, "admin")
    limit = 1024 * 1024  # the test app's upload limit: 1 MB
    with serving(env.app) as base, _connect(base) as sock:
        status, sent, body = _stream_until_answered(sock, _chunked_head("/import", _cookie(c)), 40 * limit, FILE_PART)
    assert status == 413
    assert "过大" in body.decode("utf-8")
    assert sent < 40 * limit  # the server answered long before the client was done


def test_declared_length_over_the_limit_is_refused_at_once(env: Env) -> None:
    with serving(env.app) as base, _connect(base) as sock:
        sock.sendall(b"POST /api/targets/1/progress HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 419430400\r\n\r\n{")  # a 400 MB JSON body, announced
        status, _, body = _read_response(sock)
    assert status == 413
    assert "过大" in body.decode("utf-8")


def test_json_body_to_an_api_route_is_limited_while_streaming(env: Env) -> None:
    c = env.client()
    login(c, "admin")
    head = (f"POST /api/targets/{env.edu_target}/progress HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: application/json\r\nCookie: {_cookie(c)}\r\n\r\n").encode()
    with serving(env.app) as base, _connect(base) as sock:
        status, sent, _ = _stream_until_answered(sock, head, 400 * 1024 * 1024)
    assert status == 413
    assert sent < 400 * 1024 * 1024


def test_small_forms_still_work(env: Env) -> None:
    c = env.client()
    token = login(c, "admin")
    r = c.post("/ledger/assign", data={"target_ids": [str(env.edu_target)], "lead": "1", "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303
    r = c.post("/ledger/assign", data={"target_ids": [str(env.edu_target)], "lead": "1", "csrf_token": token,
                                       "note": "x" * 300_000})
    assert r.status_code == 413 and "过大" in r.text
