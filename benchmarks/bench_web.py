"""Web latency: the ledger page and the dashboard with 2,000 targets, 20 concurrent clients on loopback.

    .venv/bin/python benchmarks/bench_web.py [--targets 2000] [--clients 20] [--requests 400]

Builds a temporary SQLite ledger (2,000 targets over 10 sections, 12 departments, progress for half of
them), serves it with `luoshi serve` in a subprocess, logs 20 clients in, and prints p50/p95 latency
and requests per second for each page. Goal: p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx

PASSWORD = "Bench-desk-2024"


def build(url: str, n_targets: int) -> int:
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.ledger.storage.models import Assignment, ProgressReport, Report, Section, Target

    engine, factory = open_db(url, init=True)
    with transaction(factory) as session:
        system = s.system_user(session)
        depts = [s.get_or_create_department(session, name=f"测试部门{i:02d}", actor=system) for i in range(12)]
        region = s.get_or_create_region(session, name="基准县", actor=system)
        text = "基准测试报告\n" + "目标任务。\n" * 10
        rep = Report(region_id=region.id, year=2024, title="基准测试报告", source_name="bench",
                     sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
        session.add(rep)
        session.flush()
        top = Section(report_id=rep.id, parent_id=None, ordinal=0, level=1, marker="二、", title="2024年工作安排",
                      path="二、2024年工作安排", part="plan", start=0, end=len(text))
        session.add(top)
        session.flush()
        secs = []
        for i in range(10):
            sec = Section(report_id=rep.id, parent_id=top.id, ordinal=i + 1, level=2, marker=f"（{i + 1}）",
                          title=f"第{i + 1}方面工作", path=f"二、2024年工作安排 / （{i + 1}）第{i + 1}方面工作",
                          part="plan", start=0, end=len(text))
            session.add(sec)
            secs.append(sec)
        session.flush()
        for i in range(n_targets):
            quantified = i % 3 != 0
            t = Target(report_id=rep.id, section_id=secs[i % 10].id, type="quantified" if quantified else "task",
                       seq=i, text=f"第{i}项目标：某项指标达到{100 + i}万元" if quantified else f"第{i}项工作任务",
                       evidence="力争实现预期目标。", subject=f"指标{i}" if quantified else None,
                       value=float(100 + i) if quantified else None, unit="万元" if quantified else None,
                       kind="amount" if quantified else None, bound="min" if quantified else None,
                       measure="cumulative" if quantified else None, year=2024,
                       start_date=date(2024, 1, 1), deadline=date(2024, 12, 31), frequency="quarter")
            session.add(t)
            session.flush()
            session.add(Assignment(target_id=t.id, department_id=depts[i % 12].id, role="lead", confirmed=True))
            if i % 2 == 0:
                session.add(ProgressReport(target_id=t.id, period="2024-Q1", period_end=date(2024, 3, 31),
                                           value=(100 + i) * (0.1 + (i % 5) * 0.1) if quantified else None,
                                           stage=None if quantified else "推进中", review_state="accepted",
                                           source="office"))
        s.create_user(session, username="admin", password=PASSWORD, role="admin", actor=system)
        s.record(session, actor=system, action="bench", entity="report", entity_id=rep.id)
        rid = rep.id
    engine.dispose()
    return rid


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(url: str, today: str, tmp: Path, workers: int = 1, **settings: str) -> Iterator[str]:
    """`luoshi serve --workers N` on `url` in a subprocess on a free loopback port, with a fresh secret key
    and any other LUOSHI_ settings given; yields the base URL."""
    port = free_port()
    env = {**os.environ, "LUOSHI_TODAY": today, "LUOSHI_UPLOAD_DIR": str(tmp / "up"),
           "LUOSHI_SECRET_KEY": secrets.token_urlsafe(32), **{f"LUOSHI_{k.upper()}": v for k, v in settings.items()}}
    exe = Path(sys.executable).with_name("luoshi")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--db", url, "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def login(base: str) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=30)
    page = c.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    if r.status_code != 303:
        raise RuntimeError(f"log-in failed: HTTP {r.status_code}")
    return c


def run(base: str, path: str, clients: list[httpx.Client], total: int, think: float = 0.0) -> tuple[list[float], float]:
    """`total` requests for `path` shared by the clients, all at once. `think` > 0: each client reads
    a page that many seconds (±50%, seeded) before the next, as people in an office do."""
    import random

    lat: list[float] = []
    lock = threading.Lock()
    per = max(1, total // len(clients))

    def worker(c: httpx.Client, seed: int) -> None:
        rng = random.Random(seed)
        if think:
            time.sleep(rng.uniform(0, think))  # clients do not all start at once
        mine = []
        for _ in range(per):
            t0 = time.perf_counter()
            r = c.get(path)
            mine.append(time.perf_counter() - t0)
            if r.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {r.status_code}")
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=worker, args=(c, i)) for i, c in enumerate(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, time.perf_counter() - t0


def pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="requests per page")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        rid = build(url, args.targets)
        print(f"ledger with {args.targets} targets built in {time.perf_counter() - t0:.1f} s")
        with serving(url, "2024-06-30", Path(tmp)) as base:
            clients = [login(base) for _ in range(args.clients)]
            print(f"{args.clients} clients, {args.requests} requests per page, loopback, one uvicorn process")
            print(f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>9}")
            for name, path in (("ledger (page 1, 50 rows)", f"/ledger?report={rid}"),
                               ("ledger (all 2,000 rows)", f"/ledger?report={rid}&per=all"),
                               ("ledger (filtered, search)", f"/ledger?report={rid}&q=第1"),
                               ("dashboard", f"/dashboard?report={rid}")):
                # Cold: the first request computes statuses; then the warm figures under load.
                t1 = time.perf_counter()
                clients[0].get(path)
                cold = (time.perf_counter() - t1) * 1000
                lat, wall = run(base, path, clients, args.requests)
                print(f"{name:<28}{pct(lat, .5):>9.1f}{pct(lat, .95):>9.1f}{max(lat) * 1000:>9.1f}"
                      f"{len(lat) / wall:>9.1f}   (first request {cold:.0f} ms)")


if __name__ == "__main__":
    main()
