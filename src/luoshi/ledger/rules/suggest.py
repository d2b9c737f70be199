"""Department suggestion from keyword rules (data/departments.yaml, plus a region's own rules in the
database, tried first). Pure: the data comes from the file or the caller."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from luoshi.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Rule:
    keywords: tuple[str, ...]
    lead: str
    co: tuple[str, ...] = ()
    source: str = "default"


@dataclass(frozen=True, slots=True)
class Suggestion:
    lead: str
    co: tuple[str, ...] = ()
    keyword: str = ""  # the keyword that decided; empty when nothing matched
    source: str = "default"
    field: str = ""  # subject / text / section


def parse_rules(data: Any, source: str) -> list[Rule]:
    """Validate a rules mapping `{rules: [{keywords, lead, co}], default_lead?}` (one message per problem)."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InvalidInput(f"{source}: 部门规则文件须有 rules 列表 / rules file needs a 'rules' list")
    out = []
    for i, r in enumerate(data["rules"], 1):
        if not isinstance(r, dict) or not isinstance(r.get("lead"), str) or not r.get("lead"):
            raise InvalidInput(f"{source}: 第{i}条规则缺少 lead / rule {i} has no lead")
        kws = r.get("keywords")
        if not isinstance(kws, list) or not kws or not all(isinstance(k, str) and k for k in kws):
            raise InvalidInput(
                f"{source}: 第{i}条规则的 keywords 须为非空字符串列表 / rule {i}: bad keywords"
            )
        co = r.get("co") or []
        if not isinstance(co, list) or not all(isinstance(c, str) for c in co):
            raise InvalidInput(f"{source}: 第{i}条规则的 co 须为字符串列表 / rule {i}: bad co")
        out.append(Rule(tuple(kws), r["lead"], tuple(co), source))
    return out


@cache
def default_rules() -> tuple[tuple[Rule, ...], str]:
    with resources.files("luoshi.ledger").joinpath("data", "departments.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return tuple(parse_rules(data, "departments.yaml")), str(data.get("default_lead") or "政府办公室")


def load_rules_file(path: str | Path) -> list[Rule]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        raise InvalidInput(f"无法读取部门规则文件 / cannot read rules file: {e}", path=str(path)) from e
    return parse_rules(data, str(path))


def suggest(
    subject: str, text: str, sections: list[str], region_rules: list[Rule] | None = None
) -> Suggestion:
    """Suggest (lead, co) for a target from its subject, text and section titles (top first)."""
    rules, default_lead = default_rules()
    fields = [("subject", subject or ""), ("text", text or ""), *(("section", s) for s in reversed(sections))]
    for rule_set in ([*region_rules] if region_rules else [], list(rules)):
        if not rule_set:
            continue
        for name, value in fields:
            hits: list[tuple[int, int, Rule, str]] = []
            for order, rule in enumerate(rule_set):
                best = max((k for k in rule.keywords if k in value), key=len, default="")
                if best:
                    hits.append((len(best), -order, rule, best))
            if hits:
                hits.sort(key=lambda h: (h[0], h[1]), reverse=True)
                _, _, win, kw = hits[0]
                co: list[str] = []
                for c in [*win.co, *(h[2].lead for h in hits[1:])]:
                    if c != win.lead and c not in co:
                        co.append(c)
                return Suggestion(win.lead, tuple(co[:3]), kw, win.source, name)
    return Suggestion(default_lead)
