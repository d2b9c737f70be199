"""`luoshi serve --workers 2` against one PostgreSQL database answers as one process would: a session
ended in one worker is ended in all, log-in throttling counts across workers, and two reviewers on
different workers cannot both win. Every request opens its own connection, so the workers share them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from webtools import PASSWORDS, SECRET, build_ledger

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    from ledger_cases import pg_schema_url

    with pg_schema_url() as url:
        _rid, edu_target, _b = build_ledger(url)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        env = {**os.environ, "LUOSHI_SECRET_KEY": SECRET, "LUOSHI_UPLOAD_DIR": str(tmp_path / "up"),
               "LUOSHI_TODAY": "2024-06-30"}
        exe = Path(sys.executable).with_name("luoshi")
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--db", url, "--workers", "2"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "luoshi serve --workers 2 did not start"
                time.sleep(0.2)
            yield base, edu_target
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def fresh(base: str, cookies: httpx.Cookies | None = None) -> httpx.Client:
    """A client on a new connection (so either worker may take it)."""
    return httpx.Client(base_url=base, timeout=30, cookies=cookies, headers={"Connection": "close"})


def log_in(base: str, username: str) -> tuple[httpx.Cookies, str]:
    with fresh(base) as c:
        token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
        r = c.post("/login", data={"username": username, "password": PASSWORDS[username], "csrf_token": token})
        assert r.status_code == 303
        return c.cookies, str(c.get("/api/me").json()["csrf_token"])


def test_sessions_and_throttling_hold_across_workers(served: tuple[str, int]) -> None:
    base, _ = served
    cookies, token = log_in(base, "viewer")
    for _ in range(8):
        with fresh(base, cookies) as c:
            assert c.get("/api/me").status_code == 200
    with fresh(base, cookies) as c:
        assert c.post("/logout", data={"csrf_token": token}).status_code == 303
    for _ in range(8):
        with fresh(base, cookies) as c:
            assert c.get("/api/me").status_code == 401
    codes = []
    for _ in range(7):
        with fresh(base) as c:
            t = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
            codes.append(c.post("/login", data={"username": "edu", "password": "guess-1234", "csrf_token": t}).status_code)
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_two_reviewers_on_two_workers(served: tuple[str, int]) -> None:
    base, target = served
    dept_cookies, dept_token = log_in(base, "edu")
    with fresh(base, dept_cookies) as c:
        r = c.post(f"/api/targets/{target}/progress", headers={"X-CSRF-Token": dept_token},
                   json={"period": "2024-Q2", "value": 5})
        assert r.status_code == 201
        pid, version = r.json()["id"], r.json()["version"]
    a_cookies, a_token = log_in(base, "admin")
    b_cookies, b_token = log_in(base, "admin")
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def decide(cookies: httpx.Cookies, token: str, accept: bool) -> None:
        with fresh(base, cookies) as c:
            barrier.wait()
            r = c.post(f"/api/progress/{pid}/review", headers={"X-CSRF-Token": token},
                       json={"accept": accept, "comment": "" if accept else "请补充", "version": version})
            codes.append(r.status_code)

    threads = [threading.Thread(target=decide, args=(a_cookies, a_token, True)),
               threading.Thread(target=decide, args=(b_cookies, b_token, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 409]
