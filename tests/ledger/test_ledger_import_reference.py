"""The bar: importing the reference report yields every `target` record of the gold file as a
quantified target, the ten 民生实事 as items, and the plan's task sentences."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from ledger_cases import DB, shared_dir
from sqlalchemy import select

from luoshi.ledger import service
from luoshi.ledger.storage.models import Target

REF = shared_dir() / "corpus" / "qiannan-2024.txt"
GOLD = shared_dir() / "gold" / "qiannan-2024.jsonl"
pytestmark = pytest.mark.skipif(not REF.exists(), reason=f"reference corpus not found under {shared_dir()}")


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def imported(sqlite_db: DB) -> Any:
    with sqlite_db.session() as s:
        admin = service.system_user(s)
        res = service.import_report(s, source=REF, region="黔南州", year=2024, actor=admin)
        s.commit()
        yield s, res


def _key(span: Any, value: float, unit: str, kind: str) -> tuple[Any, ...]:
    return (tuple(span), round(value, 6), unit, kind)


def test_every_gold_target_is_a_quantified_target(imported: Any, gold: list[dict[str, Any]]) -> None:
    s, _res = imported
    quant = s.scalars(select(Target).where(Target.type == "quantified")).all()
    have = Counter(_key((t.span_start, t.span_end), t.value, t.unit, t.kind) for t in quant)
    # Borderline (`optional`) records are neither required nor forbidden, as in the scorer.
    want = Counter(_key(g["span"], g["value"], g["unit"], g["kind"]) for g in gold
                   if g["stance"] == "target" and not g.get("optional"))
    missing = want - have
    assert not missing, f"{sum(missing.values())} gold targets not imported: {sorted(missing)[:10]}"
    text = REF.read_text(encoding="utf-8")
    for t in quant:
        assert text[t.span_start : t.span_end] == t.mention


def test_ten_livelihood_items_with_children(imported: Any) -> None:
    s, _res = imported
    items = s.scalars(select(Target).where(Target.type == "item").order_by(Target.seq)).all()
    assert len(items) == 10
    assert all(i.subject == "十件民生实事" for i in items)
    assert items[0].text.startswith("新增城镇就业6万人以上")
    assert items[9].text == "完成1万户新（改）建农村卫生户厕"
    counts = [len(service.children(s, target=i)) for i in items]
    assert counts == [3, 2, 4, 2, 2, 4, 1, 2, 2, 1]


def test_plan_task_sentences(imported: Any) -> None:
    s, _res = imported
    tasks = [t.text for t in s.scalars(select(Target).where(Target.type == "task").order_by(Target.seq))]
    assert "推动海关驻都匀设点工作，建成投用麻尾内陆港，继续推进退税“事前服务+联动模式”" in tasks
    assert "深化高职高专改革" in tasks  # a short task at the end of a paragraph
    # Not tasks: framing lines, the delegates' address, the government's own conduct, headings.
    assert not any(t.startswith(("总体要求", "主要预期目标", "各位代表", "要加强", "今年是")) for t in tasks)
    assert "集中突破工业" not in tasks
    # A sentence whose clauses are all quantified targets is covered by them.
    assert not any(t.startswith("新增外贸实绩企业10家以上") for t in tasks)
    assert 100 <= len(tasks) <= 160


def test_reimport_reference_is_a_noop(imported: Any) -> None:
    s, res = imported
    again = service.import_report(s, source=REF, region="黔南州", year=2024, actor=service.system_user(s))
    assert again.diff.identical and again.report.id == res.report.id
