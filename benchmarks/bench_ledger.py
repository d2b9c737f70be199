"""Ledger benchmark: import of the reference report, status of 10,000 targets with 100,000 progress
reports (goal: under 2 s on SQLite), ledger rows and the xlsx export of that ledger. Prints figures.

    .venv/bin/python benchmarks/bench_ledger.py [--db sqlite:///bench.db] [--targets 10000] [--reports 100000]

Each run uses a fresh database (a temporary SQLite file unless --db is given; a --db must be empty).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None)
    ap.add_argument("--targets", type=int, default=10_000)
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--shared", default=os.environ.get("LUOSHI_SHARED", str(Path(__file__).resolve().parents[1] / ".." / "shared")))
    args = ap.parse_args()

    from sqlalchemy import insert

    from luoshi.export import export_xlsx
    from luoshi.ledger import service
    from luoshi.ledger.storage.db import open_db
    from luoshi.ledger.storage.models import ProgressReport, Report, Target

    tmp = tempfile.mkdtemp(prefix="luoshi-bench-")
    url = args.db or f"sqlite:///{tmp}/bench.db"
    engine, factory = open_db(url, init=True)
    print(f"database: {engine.url!r}")

    ref = Path(args.shared) / "corpus" / "qiannan-2024.txt"
    with factory() as s:
        admin = service.system_user(s)
        if ref.exists():
            t0 = time.perf_counter()
            res = service.import_report(s, source=ref, region="黔南州", year=2024, actor=admin)
            s.commit()
            dt = time.perf_counter() - t0
            print(f"import reference report: {dt:.2f} s ({sum(res.counts.values())} targets: {res.counts}, "
                  "extraction and department suggestions included)")
            t0 = time.perf_counter()
            service.import_report(s, source=ref, region="黔南州", year=2024, actor=admin)
            print(f"re-import, same text (no-op): {time.perf_counter() - t0:.3f} s")
        else:
            print(f"reference report not found at {ref}: import skipped")

        # A synthetic ledger: one report, N targets (60% cumulative amounts, 25% growth rates, 15% tasks),
        # M accepted monthly reports spread over them.
        rng = random.Random(42)
        rep = Report(region_id=service.get_or_create_region(s, name="基准州", actor=admin).id, year=2024,
                     title="benchmark", sha256="0" * 64, text="")
        s.add(rep)
        s.flush()
        rows = []
        for i in range(args.targets):
            r = rng.random()
            base = {"report_id": rep.id, "type": "quantified", "seq": i + 1, "start_date": date(2024, 1, 1),
                    "deadline": date(2024, 12, 31), "frequency": "quarter", "evidence": ""}
            if r < 0.60:
                rows.append({**base, "text": f"新增项目{i}", "subject": f"项目{i}", "value": float(rng.randint(10, 1000)),
                             "unit": "个", "kind": "amount", "bound": rng.choice(["exact", "min"]), "measure": "cumulative"})
            elif r < 0.85:
                rows.append({**base, "text": f"指标{i}增长", "subject": f"指标{i}", "value": float(rng.randint(3, 12)),
                             "unit": "%", "kind": "growth", "bound": rng.choice(["approx", "min"]), "measure": "level"})
            else:
                rows.append({**base, "type": "task", "text": f"推进第{i}项重点工作"})
        t0 = time.perf_counter()
        s.execute(insert(Target), rows)
        ids = [t.id for t in s.query(Target.id).filter(Target.report_id == rep.id).order_by(Target.id)]
        values = {t.id: t.value for t in s.query(Target.id, Target.value).filter(Target.report_id == rep.id)}
        progress = []
        per = max(1, args.reports // max(1, len(ids)))
        now = datetime(2024, 11, 1)
        for tid in ids:
            target_value = values[tid]
            for m in range(1, per + 1):
                month_end = (date(2024, m % 12 + 1, 1) - timedelta(days=1)) if m < 12 else date(2024, 12, 31)
                share = m / 12 * rng.uniform(0.6, 1.3)
                progress.append({
                    "target_id": tid, "period": f"2024-{m:02d}", "period_end": month_end,
                    "value": None if target_value is None else round(target_value * share, 2),
                    "stage": rng.choice(["推进中", "滞后", "未启动"]) if target_value is None else None,
                    "note": "", "source": "office", "reported_at": now, "review_state": "accepted",
                })
                if len(progress) >= 20_000:
                    s.execute(insert(ProgressReport), progress)
                    progress = []
        if progress:
            s.execute(insert(ProgressReport), progress)
        s.commit()
        n_progress = len(ids) * per
        print(f"generated {len(ids):,} targets and {n_progress:,} progress reports in {time.perf_counter() - t0:.2f} s")

        as_of = date(2024, 11, 5)
        timings = []
        for _ in range(3):
            t0 = time.perf_counter()
            statuses = service.statuses_as_of(s, as_of=as_of, report_id=rep.id)
            timings.append(time.perf_counter() - t0)
        counts: dict[str, int] = {}
        for st in statuses.values():
            counts[st.status] = counts.get(st.status, 0) + 1
        best = min(timings)
        print(f"status of {len(statuses):,} targets as of {as_of}: best {best:.2f} s, runs "
              + ", ".join(f"{t:.2f}" for t in timings) + f" (goal < 2 s: {'met' if best < 2 else 'MISSED'})")
        print("  counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))

        t0 = time.perf_counter()
        ledger = service.ledger_rows(s, as_of=as_of, report_id=rep.id)
        print(f"ledger rows (targets + departments + latest progress + status): {len(ledger):,} in {time.perf_counter() - t0:.2f} s")
        t0 = time.perf_counter()
        groups = service.rollups(s, as_of=as_of, by="section", report_id=rep.id)
        print(f"roll-up by section: {len(groups)} groups in {time.perf_counter() - t0:.2f} s")

        out = Path(tmp) / "任务分解表.xlsx"
        t0 = time.perf_counter()
        n = export_xlsx(s, out, report_id=rep.id, as_of=as_of)
        print(f"xlsx export of {n:,} targets: {time.perf_counter() - t0:.2f} s, {out.stat().st_size / 1e6:.1f} MB")
    engine.dispose()


if __name__ == "__main__":
    main()
