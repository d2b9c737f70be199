"""Corpus-mode throughput: reports per second on one core and on all cores.

Writes 1,000 generated report files (our own template wording, numbers varied by a seeded random
generator; 100 fictional regions × 10 years, so the promises table has pairs to judge) to a temporary
folder, then runs `luoshi.analysis.corpus.run` twice from scratch: `workers=1` and `workers=os.cpu_count()`.

    .venv/bin/python benchmarks/bench_corpus.py [--files 1000] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

PLACES = [
    "青川",
    "白河",
    "云岭",
    "石门",
    "清源",
    "龙溪",
    "安宁",
    "丰乐",
    "平阳",
    "长汀",
    "东阳",
    "西平",
    "南屏",
    "北固",
    "金沙",
    "玉泉",
    "松涛",
    "桃源",
    "临江",
    "望海",
]
SUFFIX = ["市", "县"]

RESULTS = [
    "全市地区生产总值达到{a}亿元，增长{g}%",
    "规上工业增加值增长{g}%",
    "社会消费品零售总额{a}亿元，增长{g}%",
    "地方一般公共预算收入{b}亿元，增长{g}%",
    "城镇常住居民人均可支配收入{c}元，增长{g}%",
    "农村常住居民人均可支配收入{d}元，增长{g}%",
    "固定资产投资增长{g}%",
    "粮食总产量{e}万吨",
    "城镇新增就业{f}人",
    "城镇调查失业率{u}%",
]
TARGETS = [
    "地区生产总值增长{g}%左右",
    "规模以上工业增加值增长{g}%以上",
    "社会消费品零售总额增长{g}%左右",
    "一般公共预算收入增长{g}%",
    "城镇居民人均可支配收入增长{g}%",
    "农村居民人均可支配收入增长{g}%左右",
    "固定资产投资增长{g}%以上",
    "粮食产量稳定在{e}万吨以上",
    "城镇新增就业{j}万人",
    "城镇调查失业率控制在{u}%以内",
]
TASKS = [
    "加快{n}个重点项目建设，完成投资{b}亿元以上",
    "新建改造农村公路{k}公里",
    "新增规模以上工业企业{n}家",
    "建成5G基站{k}个，新增高标准农田{e}万亩",
    "改造老旧小区{n}个，惠及居民{f}户",
    "新增学位{k}个，培训职业技能人员{f}人次",
]
FILLER = [
    "我们坚持稳中求进工作总基调，统筹发展和安全，扎实推进各项工作。",
    "持续优化营商环境，深化重点领域改革，激发市场主体活力。",
    "坚持以人民为中心的发展思想，办好群众关心的民生实事。",
    "加强生态环境保护，推进城乡融合发展，提升基层治理水平。",
]
HEADINGS = [
    "推动产业升级",
    "扩大有效投资",
    "促进消费回升",
    "深化改革开放",
    "保障改善民生",
    "建设美丽城乡",
    "提升治理效能",
    "加强政府建设",
]
CN = "一二三四五六七八九十"


def _nums(rng: random.Random) -> dict[str, object]:
    return {
        "a": round(rng.uniform(100, 3000), 2),
        "b": round(rng.uniform(5, 300), 1),
        "c": rng.randint(25000, 60000),
        "d": rng.randint(9000, 30000),
        "e": round(rng.uniform(20, 200), 1),
        "f": rng.randint(2000, 90000),
        "g": round(rng.uniform(2, 12), 1),
        "j": round(rng.uniform(0.5, 5), 1),
        "k": rng.randint(10, 900),
        "n": rng.randint(5, 80),
        "u": round(rng.uniform(4, 6), 1),
    }


def report(region: str, year: int, rng: random.Random) -> str:
    def fill(t: str) -> str:
        return t.format(**_nums(rng))

    lines = [
        f"{region}{year}年政府工作报告",
        f"——{year}年1月{rng.randint(5, 25)}日在{region}第{CN[rng.randint(0, 9)]}届人民代表大会第{CN[rng.randint(0, 4)]}次会议上",
        "",
        "各位代表：",
        "",
        f"一、{year - 1}年工作回顾",
        "",
        "过去一年，" + "；".join(fill(t) for t in RESULTS) + "。",
    ]
    for i in range(6):
        body = "".join(rng.choice(FILLER) for _ in range(8))
        lines += ["", f"（{CN[i]}）{HEADINGS[i]}", "", body + fill(rng.choice(TASKS)) + "。"]
    lines += [
        "",
        f"二、{year}年工作安排",
        "",
        "主要预期目标是：" + "；".join(fill(t) for t in TARGETS) + "。",
    ]
    for i in range(8):
        tasks = "；".join(fill(t) for t in rng.sample(TASKS, 3))
        body = "".join(rng.choice(FILLER) for _ in range(8))
        lines += ["", f"（{CN[i]}）{HEADINGS[i]}", "", body + tasks + "。"]
    lines += ["", "各位代表！让我们团结一心，为完成全年目标任务而努力奋斗！"]
    return "\n".join(lines) + "\n"


def generate(folder: Path, n: int, seed: int = 20240101) -> None:
    rng = random.Random(seed)
    regions = [f"{p}{q}{s}" for p in PLACES for q in ("", "新", "东") for s in SUFFIX][: max(1, n // 10)]
    i = 0
    while i < n:
        region = regions[(i // 10) % len(regions)]
        year = 2015 + i % 10
        (folder / f"r{i:04d}-{year}.txt").write_text(report(region, year, rng), encoding="utf-8")
        i += 1


def bench(src: Path, out: Path, workers: int) -> tuple[float, dict[str, int], int]:
    from luoshi.analysis.corpus import run

    t0 = time.perf_counter()
    res = run(src, out, workers=workers, progress=False)
    elapsed = time.perf_counter() - t0
    return elapsed, res.rows, res.failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="luoshi-bench-") as tmp:
        src = Path(tmp) / "reports"
        src.mkdir()
        t0 = time.perf_counter()
        generate(src, args.files)
        size = sum(p.stat().st_size for p in src.iterdir())
        print(
            f"generated {args.files} reports ({size / args.files / 1024:.1f} KiB each) in {time.perf_counter() - t0:.1f} s"
        )
        print(f"cores: {os.cpu_count()}")
        for workers in dict.fromkeys([1, args.workers]):
            elapsed, rows, failed = bench(src, Path(tmp) / f"out-{workers}", workers)
            print(
                f"workers={workers}: {args.files / elapsed:.1f} reports/s ({elapsed:.1f} s); "
                f"rows {rows}; failed {failed}"
            )
        # A re-run skips every file: what is left is hashing, the review and writing the tables.
        elapsed, _, _ = bench(src, Path(tmp) / f"out-{args.workers}", args.workers)
        print(f"re-run, all files done: {elapsed:.1f} s (hashing, promises review, Parquet/CSV tables)")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
