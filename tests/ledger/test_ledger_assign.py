"""Department suggestions from keyword rules, a region's own rules, and the data files' validity."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from ledger_cases import DB
from sqlalchemy import select

from luoshi.errors import InvalidInput
from luoshi.ledger import service
from luoshi.ledger.rules.drafting import task_rules
from luoshi.ledger.rules.suggest import Rule, default_rules, load_rules_file, parse_rules, suggest
from luoshi.ledger.storage.models import Target


@pytest.mark.parametrize(("subject", "text", "sections", "lead"), [
    ("规模工业增加值", "", [], "工业和信息化局"),
    ("小七孔景区接待游客量", "", [], "文体广电旅游局"),
    ("粮食单产", "", [], "农业农村局"),
    ("新增城镇就业", "", [], "人力资源和社会保障局"),
    ("新建幼儿园", "", [], "教育局"),
    ("", "推动县医院能力提升", [], "卫生健康局"),
    ("森林覆盖率", "", [], "林业局"),
    ("", "深化园区改革，实行一园一规划", ["一是集中突破工业"], "工业和信息化局"),
    ("", "讲好品牌故事", ["三是聚力旅游提质"], "文体广电旅游局"),  # only the section says
])
def test_suggest(subject: str, text: str, sections: list[str], lead: str) -> None:
    assert suggest(subject, text, sections).lead == lead


def test_longest_keyword_wins_and_others_become_co() -> None:
    s = suggest("城乡公益性岗位安置就业", "", [])
    assert s.lead == "人力资源和社会保障局" and s.keyword == "公益性岗位"
    # 新能源电池 (industry) is longer than 能源 (energy): industry leads, energy helps.
    both = suggest("新能源电池材料产业产值", "", [])
    assert (both.lead, both.keyword) == ("工业和信息化局", "新能源电池") and "能源局" in both.co


def test_region_rules_come_first() -> None:
    mine = [Rule(("旅游",), "州旅游发展委员会", ("州文化局",), "region:1")]
    s = suggest("过夜游客", "全州实现过夜游客1200万人次以上，旅游收入增长", [], mine)
    assert (s.lead, s.co, s.source) == ("州旅游发展委员会", ("州文化局",), "region:1")
    assert suggest("粮食产量", "", [], mine).lead == "农业农村局"  # falls back to the packaged rules


def test_no_match_gives_the_default_lead() -> None:
    assert suggest("", "", []).lead == default_rules()[1]


def test_data_files_validate() -> None:
    rules, default = default_rules()
    assert len(rules) > 20 and default
    leads = [r.lead for r in rules]
    assert all(isinstance(k, str) and k for r in rules for k in r.keywords)
    assert "工业和信息化局" in leads and "教育局" in leads
    assert task_rules()["min_level"] == 2


@pytest.mark.parametrize("data", [[], {"rules": "x"}, {"rules": [{"keywords": ["a"]}]}, {"rules": [{"lead": "x", "keywords": []}]},
                                  {"rules": [{"lead": "x", "keywords": ["a"], "co": "y"}]}])
def test_bad_rules_are_refused(data: Any) -> None:
    with pytest.raises(InvalidInput):
        parse_rules(data, "test")


def test_rules_file_and_region_rules_in_db(loaded: tuple[DB, Any, Any], tmp_path: Any) -> None:
    _db, s, admin = loaded
    f = tmp_path / "rules.yaml"
    f.write_text(yaml.safe_dump({"rules": [{"keywords": ["幼儿园"], "lead": "县学前教育中心", "co": ["县财政局"]}]},
                                allow_unicode=True), encoding="utf-8")
    rules = load_rules_file(f)
    region = service.get_or_create_region(s, name="某县", actor=admin)
    assert service.set_department_rules(s, region=region, rules=rules, actor=admin) == 1
    kid = s.scalar(select(Target).where(Target.subject == "新建幼儿园"))
    sug = service.suggest_departments(s, target=kid)
    assert (sug.lead, sug.co) == ("县学前教育中心", ("县财政局",))
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [", encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_rules_file(bad)


def test_assign_confirm_and_deadline(loaded: tuple[DB, Any, Any]) -> None:
    from datetime import date

    _db, s, admin = loaded
    kid = s.scalar(select(Target).where(Target.subject == "新建幼儿园"))
    assert not any(a.confirmed for a in kid.assignments)
    service.confirm_assignment(s, target=kid, actor=admin)
    s.expire(kid, ["assignments"])
    assert all(a.confirmed for a in kid.assignments)
    service.assign(s, target=kid, lead="教育局", co=["财政局", "教育局"], deadline=date(2024, 9, 30), frequency="month", actor=admin)
    assert service.lead_of(kid).name == "教育局" and [d.name for d in service.co_of(kid)] == ["财政局"]
    assert (kid.deadline, kid.frequency) == (date(2024, 9, 30), "month")
    with pytest.raises(InvalidInput):
        service.assign(s, target=kid, lead="教育局", deadline=date(2023, 6, 1), actor=admin)
    with pytest.raises(InvalidInput):
        service.assign(s, target=kid, lead="教育局", frequency="daily", actor=admin)
    ev = service.history(s, target=kid, action="assign")[0]
    assert ev.before["lead"] == "教育局" and ev.after["deadline"] == "2024-09-30"
