"""The indicator catalogue (指标库): which canonical indicator a record measures.

    cat = default_catalogue()              # lexicon/data/indicators.yaml, plus the user's file if set
    cat = load_catalogue("my-aliases.yaml")  # the package's catalogue plus a user's aliases
    cat.match("全省生产总值增速", "growth")   # → "地区生产总值"
    assign_indicators(records, cat)        # the pipeline's last stage: sets Indicator.indicator

A subject names an indicator only when the whole of it (after folding, after dropping a scope word
such as 全省 in front and a rate word such as 增速 behind) is one of the indicator's names: never a
part of a longer name, so 城镇居民人均可支配收入 is not 居民人均可支配收入 and 规上工业增加值占比
is nothing. The user's YAML file has the same `indicators` list: an entry with a known name adds
aliases to it, a new name (with kind and unit) adds an indicator.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from luoshi.document.normalize import fold
from luoshi.errors import InvalidInput
from luoshi.extract.model import KINDS, Indicator
from luoshi.lexicon import LexiconError, load

_DROP = re.compile(r"[\s\"'“”‘’「」『』《》]")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_BRACKETS = re.compile(r"[()（）]")
_ENTRY_KEYS = {"name": str, "kind": str, "unit": str, "group": str, "kinds": list, "lower_is_better": bool,
               "aliases": list}  # fmt: skip
ENV = "LUOSHI_CATALOGUE"


@dataclass(frozen=True)
class Entry:
    """One canonical indicator."""

    name: str
    kind: str
    unit: str
    group: str = ""
    kinds: frozenset[str] = frozenset(k for k in KINDS if k != "rank")
    lower_is_better: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Catalogue:
    entries: dict[str, Entry] = field(default_factory=dict)  # canonical name → entry, in file order
    qualifiers: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    list_cues: tuple[str, ...] = ()
    outside_cues: tuple[str, ...] = ()
    _names: dict[str, str] = field(default_factory=dict)  # folded name → canonical name
    _matched: dict[str, str | None] = field(default_factory=dict)  # subject → name: reports repeat subjects

    @property
    def names(self) -> list[str]:
        return list(self.entries)

    def add(self, entry: Entry, source: str) -> None:
        """Add an indicator, or more aliases to a known one. A name under two indicators is refused."""
        known = self.entries.get(entry.name)
        if known is not None:
            entry = Entry(known.name, known.kind, known.unit, known.group, known.kinds, known.lower_is_better,
                          tuple(dict.fromkeys([*known.aliases, *entry.aliases])))
        self.entries[entry.name] = entry
        for alias in (entry.name, *entry.aliases):
            key = self.fold(alias)
            other = self._names.get(key)
            if other is not None and other != entry.name:
                raise InvalidInput(f"名称“{alias}”同时属于“{other}”和“{entry.name}”", path=source)
            self._names[key] = entry.name
        self._matched.clear()

    @staticmethod
    def fold(text: str) -> str:
        return _DROP.sub("", fold(text)).upper()

    def _candidates(self, subject: str) -> Iterator[str]:
        """The subject as written, then with brackets or bracketed words dropped, each with scope
        words stripped from the front one by one, each of those with one rate word stripped."""
        s = self.fold(subject)
        for form in dict.fromkeys((s, _BRACKETS.sub("", s), _BRACKETED.sub("", s))):
            fronts = [form]
            stripped = True
            while stripped:
                stripped = False
                for q in self.qualifiers:
                    if fronts[-1].startswith(q) and len(fronts[-1]) > len(q):
                        fronts.append(fronts[-1][len(q) :])
                        stripped = True
                        break
            for f in fronts:
                yield f
                for x in self.suffixes:
                    if f.endswith(x) and len(f) > len(x):
                        yield f[: -len(x)]

    def match(self, subject: str | None, kind: str | None = None) -> str | None:
        """The canonical indicator `subject` names, if any; `kind` (when given) must be one the
        indicator takes (a rank of GDP is not GDP)."""
        if not subject:
            return None
        if subject not in self._matched:
            found = (self._names.get(c) for c in self._candidates(subject))
            self._matched[subject] = next((n for n in found if n is not None), None)
        name = self._matched[subject]
        return name if name is None or kind is None or kind in self.entries[name].kinds else None

    def prefix(self, clause: str) -> str | None:
        """The indicator whose name opens `clause` (居民收入增长与经济增长同步 → 居民人均可支配收入),
        longest name first: for qualitative targets, which have no number to hang a subject on."""
        s = self.fold(clause)
        for q in self.qualifiers:
            if s.startswith(q):
                s = s[len(q) :]
                break
        for n in range(min(len(s), 24), 1, -1):
            name = self._names.get(s[:n])
            if name is not None:
                return name
        return None


# ---- loading and validation ------------------------------------------------------------------------


def _entries(items: Any, source: str, *, complete: bool, known: Iterable[str] = ()) -> list[Entry]:
    """Validate the `indicators` list of a catalogue file: one rule per key."""
    if not isinstance(items, list):
        raise InvalidInput("indicators 必须是列表", path=source)
    names = set(known)
    out: list[Entry] = []
    for i, item in enumerate(items, 1):
        where = f"第{i}项"
        if not isinstance(item, dict):
            raise InvalidInput(f"{where}必须是映射（name、aliases …）", path=source)
        for key, value in item.items():
            typ = _ENTRY_KEYS.get(key)
            if typ is None:
                raise InvalidInput(f"{where}有未知的键“{key}”", path=source)
            if not isinstance(value, typ):
                raise InvalidInput(f"{where}的“{key}”类型不对", path=source)
        name = item.get("name")
        if not name or not name.strip():
            raise InvalidInput(f"{where}缺少 name", path=source)
        new = name not in names
        if new and (complete or "kind" in item or "unit" in item):
            for key in ("kind", "unit"):
                if key not in item:
                    raise InvalidInput(f"新指标“{name}”缺少 {key}", path=source)
        elif new:
            raise InvalidInput(f"“{name}”不在指标库中：新指标需要 kind 和 unit", path=source)
        kinds = item.get("kinds", [k for k in KINDS if k != "rank"])
        for k in [item.get("kind", "growth"), *kinds]:
            if k not in KINDS:
                raise InvalidInput(f"“{name}”的类型“{k}”无效（{'/'.join(KINDS)}）", path=source)
        aliases = item.get("aliases", [])
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            raise InvalidInput(f"“{name}”的 aliases 必须是非空文字", path=source)
        names.add(name)
        out.append(Entry(name=name.strip(), kind=item.get("kind", ""), unit=str(item.get("unit", "")),
                         group=item.get("group", ""), kinds=frozenset(kinds),
                         lower_is_better=item.get("lower_is_better", False), aliases=tuple(aliases)))
    return out


@lru_cache(maxsize=1)
def package_catalogue() -> Catalogue:
    data = load("indicators")
    cat = Catalogue(
        qualifiers=tuple(sorted((Catalogue.fold(q) for q in data["qualifiers"]), key=len, reverse=True)),
        suffixes=tuple(sorted((Catalogue.fold(x) for x in data["suffixes"]), key=len, reverse=True)),
        list_cues=tuple(fold(c) for c in data["target_list_cues"]),
        outside_cues=tuple(fold(c) for c in data["outside_list_cues"]),
    )
    try:
        for entry in _entries(data["indicators"], "indicators.yaml", complete=True):
            cat.add(entry, "indicators.yaml")
    except InvalidInput as e:  # the package's own data: a bug, not a user error
        raise LexiconError(f"indicators: {e.message}") from e
    return cat


def load_catalogue(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """The package's catalogue, with the user's YAML file (`indicators:` list) added when given."""
    base = package_catalogue()
    if path is None:
        return base
    return _with_user(str(path), *_stat(Path(path)))


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError as e:
        raise InvalidInput(f"无法读取指标库文件：{e.strerror}", path=str(path)) from e
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=8)
def _with_user(path: str, _mtime: int, _size: int) -> Catalogue:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput("无法读取指标库文件（需要 UTF-8 的 YAML）", path=path) from e
    return catalogue_from_yaml(text, path)


@lru_cache(maxsize=8)
def catalogue_from_yaml(text: str, source: str = "指标库") -> Catalogue:
    """The package's catalogue plus a user's YAML text (what a Dask worker gets instead of a path)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InvalidInput(f"指标库文件不是有效的 YAML：{str(e).splitlines()[0]}", path=source) from e
    if not isinstance(data, dict) or set(data) != {"indicators"}:
        raise InvalidInput("指标库文件的顶层只能有 indicators 列表", path=source)
    base = package_catalogue()
    cat = Catalogue(qualifiers=base.qualifiers, suffixes=base.suffixes, list_cues=base.list_cues,
                    outside_cues=base.outside_cues)
    for entry in [*base.entries.values(), *_entries(data["indicators"], source, complete=False, known=base.entries)]:
        cat.add(entry, source)
    return cat


def user_file() -> Path | None:
    """The user's catalogue file named by the setting `catalogue` (LUOSHI_CATALOGUE), if any."""
    # Settings read only the environment; looking first spares `luoshi extract` loading pydantic.
    if not os.environ.get(ENV):
        return None
    from luoshi.config import get_settings

    return get_settings().catalogue


def default_catalogue() -> Catalogue:
    """The catalogue extraction uses by default: the package's, plus the user's file (`user_file`)."""
    return load_catalogue(user_file())


def assign_indicators(records: list[Indicator], catalogue: Catalogue) -> None:
    """Set `indicator` on every record: the resolved subject when there is one, else the subject."""
    for r in records:
        r.indicator = catalogue.match(r.subject_full or r.subject, r.kind)


__all__ = ["Catalogue", "Entry", "assign_indicators", "catalogue_from_yaml", "default_catalogue", "load_catalogue", "package_catalogue", "user_file"]
