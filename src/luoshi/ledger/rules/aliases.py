"""The department dictionary (data/departments.yaml, `departments:`): the names one department goes by,
so that 发改委, 发展和改革委员会 and 发改局 reach the same row. Pure: no database; the ledger's own
aliases (a merge, the office's additions) are passed in by the caller."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from luoshi.errors import InvalidInput

_SPACE = re.compile(r"\s+")
MAX_ALIAS = 50


def clean(name: str) -> str:
    """A name as typed: spaces (also full-width) removed."""
    return _SPACE.sub("", (name or "").replace("\u3000", ""))


def parse_dictionary(data: Any, source: str) -> list[tuple[str, tuple[str, ...]]]:
    """`departments: [{name, aliases}]` → [(name, aliases)], one message per problem."""
    rows = data.get("departments") if isinstance(data, dict) else None
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise InvalidInput(f"{source}：departments 须为列表")
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: dict[str, str] = {}
    for i, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not row["name"].strip():
            raise InvalidInput(f"{source}：第{i}个部门缺少名称 name")
        aliases = row.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise InvalidInput(f"{source}：部门“{row['name']}”的 aliases 须为非空字符串列表")
        name = clean(row["name"])
        names = (name, *(clean(a) for a in aliases))
        for n in names:
            if n in seen and seen[n] != name:
                raise InvalidInput(f"{source}：名称“{n}”同时属于“{seen[n]}”和“{name}”")
            seen[n] = name
        out.append((name, tuple(n for n in names[1:] if n != name)))
    return out


@cache
def dictionary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    with resources.files("luoshi.ledger").joinpath("data", "departments.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return tuple(parse_dictionary(data, "departments.yaml"))


@cache
def _group_of() -> dict[str, str]:
    return {n: name for name, aliases in dictionary() for n in (name, *aliases)}


def variants(name: str) -> list[str]:
    """The names tried for `name`. Only the name as typed: a region prefix (州财政局, 县财政局) names
    another region's department in a ledger of several regions, so it is never taken off."""
    return [clean(name)]


def canonical(name: str) -> str:
    """The dictionary's full name for `name` (发改局 → 发展和改革委员会), else the name itself (cleaned)."""
    groups = _group_of()
    for v in variants(name):
        if v in groups:
            return groups[v]
    return clean(name)


def dictionary_aliases(name: str) -> tuple[str, ...]:
    """Every name of `name`'s group in the dictionary (its full name first), () when it has none."""
    full = canonical(name)
    for n, aliases in dictionary():
        if n == full:
            return (n, *aliases)
    return ()


def find(name: str, departments: Iterable[tuple[int, str, bool]],
         own_aliases: Mapping[int, Iterable[str]] | None = None) -> int | None:
    """The department `name` means, among `departments` (id, name, active): an active one of that exact
    name, else one whose own aliases (merges, the office's additions) include it, else one of the same
    dictionary group; inactive ones only by their exact name or own alias. None when nothing matches."""
    rows = list(departments)
    own = {k: {clean(a) for a in v} for k, v in (own_aliases or {}).items()}
    for v in variants(name):  # the name as typed first, then without its region prefix
        for did, dname, act in rows:
            if act and clean(dname) == v:
                return did
        for did, _dname, act in rows:
            if act and v in own.get(did, ()):
                return did
    group = canonical(name)
    if group in _group_of():
        for did, dname, act in rows:
            if act and canonical(dname) == group:
                return did
        for did, _dname, act in rows:
            if act and any(canonical(a) == group for a in own.get(did, ())):
                return did
    n = clean(name)
    for did, dname, act in rows:
        if not act and clean(dname) == n:
            return did
    for did, _dname, act in rows:
        if not act and n in own.get(did, ()):
            return did
    return None
