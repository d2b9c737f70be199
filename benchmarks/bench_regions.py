"""Province roll-up under load on PostgreSQL: 50 regions × 300 targets, 50 concurrent clients.

    .venv/bin/python benchmarks/bench_regions.py [--regions 50] [--targets 300] [--clients 50]

Creates a throw-away database on the PostgreSQL server (LUOSHI_BENCH_POSTGRES_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres; dropped afterwards), builds a region tree (a
province, 7 prefectures, the rest counties under them), one report of 300 targets per region with
progress for half of them, serves it with `luoshi serve` in a subprocess and prints p50/p95 latency
for the province's roll-up, a drill-down, a prefecture office's roll-up and a county ledger seen by
its prefecture. Goal: p95 under 300 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
from bench_web import pct, run, serving

PASSWORD = "bench-region-password"
SERVER = os.environ.get("LUOSHI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def build(url: str, n_regions: int, n_targets: int) -> dict[str, int]:
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.ledger.storage.models import Assignment, ProgressReport, Report, Section, Target

    engine, factory = open_db(url, init=True)
    with transaction(factory) as session:
        system = s.system_user(session)
        depts = [s.get_or_create_department(session, name=f"测试部门{i:02d}", actor=system) for i in range(12)]
        province = s.get_or_create_region(session, name="基准省", level="省", actor=system)
        prefectures = [s.get_or_create_region(session, name=f"基准{i}市", level="市", parent=province, actor=system)
                       for i in range(min(7, n_regions - 1))]
        regions = [province, *prefectures]
        for i in range(n_regions - len(regions)):
            regions.append(s.get_or_create_region(session, name=f"基准{i}县", level="县",
                                                  parent=prefectures[i % len(prefectures)], actor=system))
        reports = {}
        for region in regions:
            text = f"{region.name}2026年政府工作报告\n" + "地区生产总值增长5%左右。\n" * 5
            rep = Report(region_id=region.id, year=2026, title=f"{region.name}2026年政府工作报告", source_name="bench",
                         sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
            sec = Section(report_id=0, parent_id=None, ordinal=0, level=1, marker="二、", title="2026年工作安排",
                          path="二、2026年工作安排", part="plan", start=0, end=len(text))
            session.add(rep)
            session.flush()
            sec.report_id = rep.id
            session.add(sec)
            session.flush()
            reports[region.name] = rep.id
            for i in range(n_targets):
                q = i % 3 != 0
                t = Target(report_id=rep.id, section_id=sec.id, type="quantified" if q else "task", seq=i,
                           text=f"第{i}项目标" if q else f"第{i}项工作任务", evidence="力争实现预期目标。",
                           subject=f"指标{i}" if q else None, value=float(100 + i) if q else None,
                           unit="万元" if q else None, kind="amount" if q else None, bound="min" if q else None,
                           measure="cumulative" if q else None, year=2026, start_date=date(2026, 1, 1),
                           deadline=date(2026, 12, 31), frequency="quarter")
                session.add(t)
                session.add(Assignment(target=t, department_id=depts[i % 12].id, role="lead", confirmed=True))
                if i % 2 == 0:
                    session.add(ProgressReport(target=t, period="2026-Q1", period_end=date(2026, 3, 31),
                                               value=(100 + i) * (0.1 + (i % 5) * 0.1) if q else None,
                                               stage=None if q else "推进中", review_state="accepted", source="office"))
            session.flush()
        s.create_user(session, username="province", password=PASSWORD, role="admin", region=province, actor=system)
        s.create_user(session, username="prefecture", password=PASSWORD, role="admin", region=prefectures[0],
                      actor=system)
        s.record(session, actor=system, action="bench", entity="report", entity_id=reports[province.name])
        county = next(r for r in regions if r.parent_id == prefectures[0].id)
        ids = {"prefecture": prefectures[0].id, "county_report": reports[county.name]}
    engine.dispose()
    return ids


def login(base: str, username: str) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=60)
    token = c.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    if r.status_code != 303:
        raise RuntimeError(f"log-in failed: HTTP {r.status_code}")
    return c


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", type=int, default=50)
    ap.add_argument("--targets", type=int, default=300)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=500, help="requests per page")
    ap.add_argument("--think", type=float, default=1.0, help="seconds a client reads a page (second pass)")
    args = ap.parse_args()
    from sqlalchemy import create_engine, text

    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    name = f"luoshi_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as e:  # no server: say so and stop, this is a benchmark
        print(f"skipped: PostgreSQL not reachable at {SERVER}: {str(e).splitlines()[0]}")
        return
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            ids = build(url, args.regions, args.targets)
            print(f"PostgreSQL ledger: {args.regions} regions × {args.targets} targets built in "
                  f"{time.perf_counter() - t0:.1f} s")
            with serving(url, "2026-06-30", Path(tmp)) as base:
                province = [login(base, "province") for _ in range(args.clients)]
                prefecture = [login(base, "prefecture") for _ in range(args.clients)]
                pages = (("province roll-up", "/regions", province),
                         ("drill-down to a prefecture", f"/regions?region={ids['prefecture']}", province),
                         ("prefecture office roll-up", "/regions", prefecture),
                         ("county ledger, by its prefecture", f"/ledger?report={ids['county_report']}", prefecture))
                print(f"{args.clients} clients, no pause between requests (saturation), {args.requests} requests "
                      "per page, loopback, one uvicorn process")
                print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>9}")
                for label, path, clients in pages:
                    t1 = time.perf_counter()
                    r = clients[0].get(path)
                    cold = (time.perf_counter() - t1) * 1000
                    if r.status_code != 200:
                        raise RuntimeError(f"{path}: HTTP {r.status_code}")
                    lat, wall = run(base, path, clients, args.requests)
                    print(f"{label:<34}{pct(lat, .5):>9.1f}{pct(lat, .95):>9.1f}{max(lat) * 1000:>9.1f}"
                          f"{len(lat) / wall:>9.1f}   (first request {cold:.0f} ms)")
                per = max(1, args.requests // args.clients)
                print(f"{args.clients} clients, each reading a page {args.think:g} s (±50%) before the next, "
                      f"{per} requests each")
                print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>9}")
                for label, path, clients in pages:
                    lat, wall = run(base, path, clients, per * len(clients), think=args.think)
                    print(f"{label:<34}{pct(lat, .5):>9.1f}{pct(lat, .95):>9.1f}{max(lat) * 1000:>9.1f}"
                          f"{len(lat) / wall:>9.1f}")
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
