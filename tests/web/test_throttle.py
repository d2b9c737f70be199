"""Finding 2: log-in throttling holds under concurrent attempts (against a serving uvicorn server), does
not believe X-Forwarded-For from anyone but a configured proxy, bounds concurrent password hashes, and
cannot be used by one address to lock an account out everywhere else."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from webtools import PASSWORDS, SECRET, TODAY, Env, build_ledger, serving


def _form(client: httpx.Client) -> str:
    page = client.get("/login").text
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def _attempt(base: str, username: str, password: str, headers: dict[str, str] | None = None) -> int:
    with httpx.Client(base_url=base, timeout=60) as c:
        token = _form(c)
        r = c.post("/login", data={"username": username, "password": password, "csrf_token": token},
                   headers=headers or {})
        return r.status_code


def test_concurrent_wrong_passwords_cannot_pass_the_limit(any_env: Env) -> None:
    """40 attempts at once on one account: no more than the limit (5) reach the password check."""
    results: list[int] = []
    lock = threading.Lock()
    with serving(any_env.app) as base:
        barrier = threading.Barrier(40)
        clients = []
        for _ in range(40):
            # A connection per request: an idle keep-alive connection could time out while 39 others get ready.
            c = httpx.Client(base_url=base, timeout=120, headers={"Connection": "close"})
            clients.append((c, _form(c)))

        def go(c: httpx.Client, token: str) -> None:
            barrier.wait()
            r = c.post("/login", data={"username": "edu", "password": "guess-1234", "csrf_token": token})
            with lock:
                results.append(r.status_code)

        threads = [threading.Thread(target=go, args=pair) for pair in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for c, _ in clients:
            c.close()
        counts = Counter(results)
        assert counts[401] <= 5, counts  # only these got as far as hashing a password
        assert counts[401] + counts[429] == 40, counts
        assert _attempt(base, "edu", PASSWORDS["edu"]) == 429  # even the right password waits now


def test_forwarded_for_from_an_ordinary_client_is_ignored(env: Env) -> None:
    with serving(env.app) as base:
        for i in range(5):
            assert _attempt(base, "viewer", "guess-1234", {"X-Forwarded-For": f"10.9.{i}.1"}) == 401
        # A new made-up address per attempt does not make a new client.
        assert _attempt(base, "viewer", "guess-1234", {"X-Forwarded-For": "10.9.99.1"}) == 429


@pytest.fixture
def proxied(tmp_path: Path) -> Any:
    """An app behind a trusted proxy on the loopback address: X-Forwarded-For is the client."""
    from luoshi.web.app import create_app
    from luoshi.web.settings import WebSettings

    url = f"sqlite:///{tmp_path / 'proxied.db'}"
    build_ledger(url)
    app = create_app(WebSettings(database_url=url, upload_dir=tmp_path / "up", secret_key=SECRET, today=TODAY,
                                 trusted_proxies="127.0.0.1"))
    yield app
    app.state.ledger.engine.dispose()


def test_one_address_cannot_lock_the_account_out_from_another(proxied: Any) -> None:
    with serving(proxied) as base:
        attacker = {"X-Forwarded-For": "203.0.113.7"}
        for _ in range(5):
            assert _attempt(base, "edu", "guess-1234", attacker) == 401
        assert _attempt(base, "edu", "guess-1234", attacker) == 429
        # The real user, at the office, still logs in.
        assert _attempt(base, "edu", PASSWORDS["edu"], {"X-Forwarded-For": "10.1.2.3"}) == 303
        # The left part of the header is the client's to forge: only the proxy's last hop counts.
        spoof = {"X-Forwarded-For": "10.1.2.3, 203.0.113.7"}
        assert _attempt(base, "edu", "guess-1234", spoof) == 429


def test_concurrent_password_hashes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many log-ins arrive, at most `max_concurrent_hashes` argon2 hashes run at once."""
    import time

    from luoshi.ledger.operations import users

    active = {"now": 0, "max": 0}
    lock = threading.Lock()

    class SlowHasher:
        def hash(self, password: str) -> str:
            with lock:
                active["now"] += 1
                active["max"] = max(active["max"], active["now"])
            time.sleep(0.05)
            with lock:
                active["now"] -= 1
            return "$argon2id$fake"

    monkeypatch.setattr(users, "_hasher", SlowHasher)
    users.set_hash_slots(2)
    threads = [threading.Thread(target=users._hash, args=("pw",)) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert active["max"] == 2


def test_a_browser_the_user_logged_in_on_is_not_locked_by_others(env: Env) -> None:
    """Failures from others, even from the same address, lock the account there — but not in the browser
    the user logged in on before (a signed device cookie): lockout slows an attacker, it does not shut
    the user out. That browser still has its own limit."""
    with serving(env.app) as base:
        mine = httpx.Client(base_url=base, timeout=60, headers={"Connection": "close"})
        token = _form(mine)
        assert mine.post("/login", data={"username": "edu", "password": PASSWORDS["edu"], "csrf_token": token}).status_code == 303
        assert "luoshi_device" in mine.cookies
        csrf = mine.get("/api/me").json()["csrf_token"]
        mine.post("/logout", data={"csrf_token": csrf})
        for _ in range(5):
            assert _attempt(base, "edu", "guess-1234") == 401
        assert _attempt(base, "edu", PASSWORDS["edu"]) == 429  # a browser without the cookie: locked
        forged = httpx.Client(base_url=base, timeout=60, cookies={"luoshi_device": "eyJ1IjoiZWR1IiwiZCI6IngifQ.x.y"})
        t = _form(forged)
        assert forged.post("/login", data={"username": "edu", "password": PASSWORDS["edu"], "csrf_token": t}).status_code == 429
        t = _form(mine)
        assert mine.post("/login", data={"username": "edu", "password": PASSWORDS["edu"], "csrf_token": t}).status_code == 303
        csrf = mine.get("/api/me").json()["csrf_token"]
        mine.post("/logout", data={"csrf_token": csrf})
        codes = []
        for _ in range(6):
            t = _form(mine)
            codes.append(mine.post("/login", data={"username": "edu", "password": "guess-1234", "csrf_token": t}).status_code)
        assert codes == [401] * 5 + [429]
        mine.close()
        forged.close()
