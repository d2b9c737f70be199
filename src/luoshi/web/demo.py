"""`luoshi demo`: a database ready to show — the reference report (or our own sample) imported,
departments suggested, a demo admin with a password shown once."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from luoshi.ledger.rules.passwords import random_password

DEMO_DEPARTMENTS = (
    "发展和改革局", "工业和信息化局", "财政局", "农业农村局", "文体广电旅游局", "教育局", "卫生健康局",
    "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "商务局", "民政局", "林业局", "生态环境局",
    "自然资源局", "水务局", "市场监督管理局", "投资促进局",
)


def shared_dir() -> Path:
    return Path(os.environ.get("LUOSHI_SHARED", "../shared"))


def reference_report() -> tuple[Path, str, int]:
    """The reference report from LUOSHI_SHARED (default ../shared), else the sample our team wrote."""
    ref = shared_dir() / "corpus" / "qiannan-2024.txt"
    if ref.is_file():
        return ref, "黔南州", 2024
    sample = resources.files("luoshi.sample").joinpath("sample-report.txt")
    return Path(str(sample)), "青岚县（示例）", 2024


def _quiet(line: str) -> None:
    """The default of `setup(say=…)`: say nothing."""


def setup(url: str, username: str = "admin", say: Callable[[str], None] = _quiet) -> dict[str, Any]:
    """Build the demo database; `say` is told each step as it starts (`luoshi demo` prints them)."""


    from sqlalchemy import select

    import luoshi
    from luoshi.ledger import service as s
    from luoshi.ledger.operations.context import pin_as_of, pinned_as_of
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.ledger.storage.models import User

    say(f"建立或升级数据库：{url}")
    engine, factory = open_db(url, init=True)
    try:
        path, region, year = reference_report()
        if region.endswith("（示例）"):
            say(f"没有找到参考报告 {shared_dir() / 'corpus' / 'qiannan-2024.txt'}（可用环境变量 LUOSHI_SHARED 指定 "
                f"shared 目录），改用项目自带的示例报告：{path.name}")
        say(f"读取并提取报告：{path}")
        doc = luoshi.read(path)
        indicators = luoshi.extract(doc)
        with transaction(factory) as session:
            system = s.system_user(session)
            say(f"建立 {len(DEMO_DEPARTMENTS)} 个演示部门")
            for name in DEMO_DEPARTMENTS:
                s.get_or_create_department(session, name=name, actor=system)
            reg = s.get_or_create_region(session, name=region, actor=system)
            say(f"导入{region} {year} 年报告，生成目标任务台账")
            result = s.import_report(session, source=doc, region=reg, year=year, actor=system,
                                     indicators=indicators, title=f"{region}{year}年政府工作报告")
            say("按分工规则建议牵头单位和配合单位")
            s.auto_assign(session, report=result.report, actor=system)
            targets = s.list_targets(session, report_id=result.report.id)
            n = len(targets)
            if result.created:
                say("为约三分之二的目标生成一、二季度演示进展")
            reported = add_demo_progress(session, targets, year, system) if result.created else 0
            pin = demo_today(year)
            if pin is not None and pinned_as_of(session) != pin:
                # The demo's as-of date, stated once here and kept in the database: the web, the exports
                # and `luoshi status` on this database all count as of this day.
                pin_as_of(session, as_of=pin, actor=system)
            password = None
            if session.scalar(select(User).where(User.username == username)) is None:
                password = random_password()
                s.create_user(session, username=username, password=password, role="admin",
                              display_name="督查室（演示）", actor=system)
        return {"report": f"{region} {year} 年（{path.name}）", "targets": n,
                "sample": region.endswith("（示例）"), "departments": len(DEMO_DEPARTMENTS),
                "demo_progress": reported,
                "username": username, "password": password, "year": year,
                "demo_today": demo_today(year)}
    finally:
        engine.dispose()


def demo_today(year: int) -> date | None:
    """The demo's as-of date: 30 June of the report's year, so that statuses mean something when the
    year is past (None in the report's own year: the clock)."""
    today = date.today()
    return None if today.year == year else date(year, 6, 30)


DEMO_NOTE = "演示数据：随机生成，仅供试用"


def add_demo_progress(session: Any, targets: list[Any], year: int, actor: Any) -> int:
    """First- and second-quarter progress for about two targets in three, so that the demo's dashboard,
    charts and warnings show every status. Values are drawn with a fixed seed around what the targets
    ask for; every report says in its note that it is demo data."""
    import random

    from luoshi.errors import LuoshiError
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.models import STAGES

    rng = random.Random(year)
    added = 0
    for t in targets:
        if t.parent_id is not None or t.type == "item" or rng.random() < 0.35:
            continue  # leave some unreported (未报送) and let items roll up from their children
        for quarter, share in ((1, 0.25), (2, 0.5)):
            if quarter == 2 and rng.random() < 0.3:
                break
            period = f"{year}-Q{quarter}"
            try:
                if t.type == "task" or t.value is None:
                    s.add_progress(session, target=t, period=period, stage=rng.choice((*STAGES, STAGES[1])),
                                   note=DEMO_NOTE, reporter=actor)
                elif t.measure == "cumulative":
                    done = t.value * share * rng.uniform(0.45, 1.4)
                    s.add_progress(session, target=t, period=period, value=round(done, 2), note=DEMO_NOTE,
                                   reporter=actor)
                else:
                    s.add_progress(session, target=t, period=period, value=round(t.value + rng.uniform(-1.5, 1.0), 1),
                                   note=DEMO_NOTE, reporter=actor)
                added += 1
            except LuoshiError:
                break  # a target that takes no value of this kind: leave it unreported
    return added


# ---- a province and two of its cities (the region tree, the roll-up and the comparisons) ----------

REGION_DEMO = (  # (region, level, parent, reports: (file, year))
    ("云川省", "省", None, (("yunchuan-2026.txt", 2026),)),
    ("青川市", "市", "云川省", (("qingchuan-2025.txt", 2025), ("qingchuan-2026.txt", 2026))),
    ("白石市", "市", "云川省", (("baishi-2026.txt", 2026),)),
)
REGION_USERS = (("yunchuan", "云川省", "云川省督查室（演示）"), ("qingchuan", "青川市", "青川市督查室（演示）"),
                ("baishi", "白石市", "白石市督查室（演示）"))


def setup_regions(url: str) -> dict[str, Any]:
    """A region tree of three (云川省 and its cities 青川市, 白石市; our own sample reports), each city's
    office an admin that sees only its own city, the province's office all three. Idempotent."""
    from sqlalchemy import select

    import luoshi
    from luoshi.ledger import service as s
    from luoshi.ledger.storage.db import open_db, transaction
    from luoshi.ledger.storage.models import User

    engine, factory = open_db(url, init=True)
    samples = resources.files("luoshi.sample").joinpath("regions")
    try:
        with transaction(factory) as session:
            system = s.system_user(session)
            regions: dict[str, Any] = {}
            imported = targets = 0
            for name, level, parent, reports in REGION_DEMO:
                reg = s.get_or_create_region(session, name=name, level=level, parent=regions.get(parent or ""),
                                             actor=system)
                regions[name] = reg
                for file, year in reports:
                    doc = luoshi.read_bytes(samples.joinpath(file).read_bytes(), file[:-4], file)
                    result = s.import_report(session, source=doc, region=reg, year=year, actor=system,
                                             indicators=luoshi.extract(doc), title=f"{name}{year}年政府工作报告")
                    found = s.list_targets(session, report_id=result.report.id)
                    imported += 1
                    targets += len(found)
                    if result.created:
                        add_demo_progress(session, found, year, system)
            passwords: dict[str, str | None] = {}
            for username, region, label in REGION_USERS:
                passwords[username] = None
                if session.scalar(select(User).where(User.username == username)) is None:
                    passwords[username] = random_password()
                    s.create_user(session, username=username, password=passwords[username], role="admin",
                                  display_name=label, region=regions[region], actor=system)
        return {"regions": [r[0] for r in REGION_DEMO], "reports": imported, "targets": targets,
                "users": [(u, region, passwords[u]) for u, region, _ in REGION_USERS]}
    finally:
        engine.dispose()
