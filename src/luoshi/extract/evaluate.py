"""Score extracted indicators against gold records (`luoshi eval`).

Two levels:

- `value`: the spans overlap, the kind is the same, and the value is the same once units are
  normalised (1.44万套 = 14400套; ranks compare positions).
- `strict`: `value`, and also the stance, the bound and the subject. Subjects match when one
  contains the other or their character-bigram Dice coefficient is at least 0.5; the gold subject
  and, where given, the gold `subject_full` are both tried.
- `year`: `strict`, and also the year (a 2030 goal filed as 2026 is wrong).

`stance` limits both sides to one stance (`target` for target-only gold such as
`gold/full-2026/`), so that records of the other stance are neither misses nor spurious.

Gold records marked `optional` neither reward nor punish: a prediction matching one is not counted,
and a missed one is not a miss. Matching is one-to-one within a document.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from luoshi.document.normalize import fold
from luoshi.errors import GoldError
from luoshi.lexicon import load

LEVELS = ("value", "strict", "year")


@cache
def _magnitudes() -> list[tuple[str, float]]:
    mags = load("units")["magnitudes"]
    return sorted(((k, float(v)) for k, v in mags.items()), key=lambda kv: -len(kv[0]))


def normalise(value: float, unit: str) -> tuple[float, str]:
    """(value in base units, base unit): (1.44, 万套) → (14400, 套); (1, 个亿) → (1e8, '')."""
    u = fold(unit or "").replace(" ", "")
    if u.startswith("个") and len(u) > 1 and u[1] in "万亿":
        u = u[1:]
    factor = 1.0
    for prefix, f in _magnitudes():
        if u.startswith(prefix):
            factor = f
            u = u[len(prefix) :]
            break
    if u == "百分点":
        u = "个百分点"
    return value * factor, u


def subject_match(pred: str, gold: str) -> bool:
    p, g = fold(pred or "").strip(), fold(gold or "").strip()
    if not p or not g:
        return False
    if p in g or g in p:
        return True
    return dice(p, g) >= 0.5


def dice(a: str, b: str) -> float:
    ba = [a[i : i + 2] for i in range(len(a) - 1)] or [a]
    bb = [b[i : i + 2] for i in range(len(b) - 1)] or [b]
    from collections import Counter

    ca, cb = Counter(ba), Counter(bb)
    inter = sum((ca & cb).values())
    return 2 * inter / (len(ba) + len(bb))


def _overlap(a: list[int] | tuple[int, int], b: list[int] | tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def value_match(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    if not _overlap(p["span"], g["span"]) or p["kind"] != g["kind"]:
        return False
    if g["kind"] == "rank":
        return math.isclose(float(p["value"]), float(g["value"]), rel_tol=1e-9, abs_tol=1e-9)
    pv, pu = normalise(float(p["value"]), p.get("unit", ""))
    gv, gu = normalise(float(g["value"]), g.get("unit", ""))
    if pu and gu and pu != gu:
        return False
    return math.isclose(pv, gv, rel_tol=1e-6, abs_tol=1e-9)


def strict_match(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    if not value_match(p, g):
        return False
    if p.get("stance") != g.get("stance") or p.get("bound") != g.get("bound"):
        return False
    subj = p.get("subject", "")
    return subject_match(subj, g.get("subject", "")) or bool(
        g.get("subject_full") and subject_match(subj, g["subject_full"])
    )


def year_match(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return strict_match(p, g) and p.get("year") == g.get("year")


_TESTS = {"value": value_match, "strict": strict_match, "year": year_match}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class LevelResult:
    overall: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)

    def kind(self, k: str) -> Counts:
        return self.by_kind.setdefault(k, Counts())


@dataclass
class EvalResult:
    levels: dict[str, LevelResult]
    docs: list[str]
    by_doc: dict[str, dict[str, Counts]] = field(default_factory=dict)  # doc → level → counts
    stance: str | None = None

    def as_dict(self, misses: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"docs": self.docs, "stance": self.stance}
        for name, lr in self.levels.items():
            d: dict[str, Any] = {"overall": lr.overall.as_dict(),
                                 "by_kind": {k: c.as_dict() for k, c in sorted(lr.by_kind.items())}}
            if misses:
                d["misses"] = lr.misses
                d["spurious"] = lr.spurious
            out[name] = d
        out["by_doc"] = {doc: {lv: c.as_dict() for lv, c in levels.items()} for doc, levels in self.by_doc.items()}
        return out


def _match_doc(preds: list[dict[str, Any]], golds: list[dict[str, Any]], level: str, lr: LevelResult) -> Counts:
    """Match one document at one level, adding to `lr`; returns this document's own counts."""
    test = _TESTS[level]
    doc = Counts()
    used: set[int] = set()
    # Required gold first, so that a prediction goes to a record that counts; then optional gold
    # absorbs what is left, so that predicting a borderline case costs nothing.
    order = sorted(range(len(golds)), key=lambda i: bool(golds[i].get("optional")))
    matched_gold: set[int] = set()
    for gi in order:
        g = golds[gi]
        # An optional record absorbs any prediction on it at the value level: borderline cases
        # neither reward nor punish, whatever subject or bound the prediction gives them.
        fits = value_match if g.get("optional") else test
        best = None
        for pi, p in enumerate(preds):
            if pi in used or not fits(p, g):
                continue
            # Prefer a prediction whose subject also fits (for 各/均 records on one span).
            if best is None or (subject_match(p.get("subject", ""), g.get("subject", ""))
                                and not subject_match(preds[best].get("subject", ""), g.get("subject", ""))):
                best = pi
        if best is not None:
            used.add(best)
            matched_gold.add(gi)
            if not g.get("optional"):
                for c in (lr.overall, lr.kind(g["kind"]), doc):
                    c.tp += 1
    for gi, g in enumerate(golds):
        if gi not in matched_gold and not g.get("optional"):
            for c in (lr.overall, lr.kind(g["kind"]), doc):
                c.fn += 1
            lr.misses.append(g)
    for pi, p in enumerate(preds):
        if pi not in used:
            for c in (lr.overall, lr.kind(p["kind"]), doc):
                c.fp += 1
            lr.spurious.append(p)
    return doc


def evaluate(
    gold: Mapping[str, list[dict[str, Any]]],
    predicted: Mapping[str, list[dict[str, Any]]],
    *,
    stance: str | None = None,
) -> EvalResult:
    """Score `predicted` against `gold`, both mapping a doc id to its records (dicts in gold format).
    With `stance`, only records of that stance are scored on either side."""
    levels = {name: LevelResult() for name in LEVELS}
    docs = sorted(set(gold) | set(predicted))
    result = EvalResult(levels, docs, stance=stance)
    for doc in docs:
        g = gold.get(doc, [])
        p = predicted.get(doc, [])
        if stance:
            g = [r for r in g if r.get("stance", stance) == stance]
            p = [r for r in p if r.get("stance") == stance]
        result.by_doc[doc] = {name: _match_doc(p, g, name, levels[name]) for name in LEVELS}
    return result


_REQUIRED = ("doc", "span", "value", "kind")


def load_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Read gold records from a `.jsonl` file or a folder of `<doc id>.jsonl` files."""
    p = Path(path)
    if not p.exists():
        raise GoldError("金标文件不存在 / no such gold file or folder", path=str(path))
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    if not files:
        raise GoldError("目录中没有 .jsonl 金标文件 / no .jsonl files in folder", path=str(path))
    out: dict[str, list[dict[str, Any]]] = {}
    for f in files:
        try:
            lines = f.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as e:
            raise GoldError(f"无法读取金标文件 / cannot read gold file: {e}", path=str(f)) from e
        for no, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise GoldError(f"第 {no} 行不是合法 JSON / line {no}: invalid JSON ({e.msg})", path=str(f)) from e
            if not isinstance(rec, dict) or any(k not in rec for k in _REQUIRED):
                raise GoldError(f"第 {no} 行缺少字段 / line {no}: needs {', '.join(_REQUIRED)}", path=str(f))
            out.setdefault(str(rec["doc"]), []).append(rec)
        if p.is_dir():
            out.setdefault(f.stem, [])
    return out


def format_table(result: EvalResult) -> str:
    """The figures as a plain table: one row per level and kind."""
    rows = [f"{'level':<8}{'kind':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, lr in result.levels.items():
        items: Iterable[tuple[str, Counts]] = [("all", lr.overall), *sorted(lr.by_kind.items())]
        for k, c in items:
            rows.append(f"{name:<8}{k:<10}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    return "\n".join(rows)


def format_by_doc(result: EvalResult) -> str:
    """One row per document: F1 at each level, and the strict+year counts."""
    head = f"{'doc':<24}" + "".join(f"{lv + ' F1':>12}" for lv in LEVELS) + f"{'tp':>6}{'fp':>6}{'fn':>6}"
    rows = [head]
    for doc, levels in sorted(result.by_doc.items()):
        y = levels["year"]
        rows.append(f"{doc:<24}" + "".join(f"{levels[lv].f1:>12.3f}" for lv in LEVELS) + f"{y.tp:>6}{y.fp:>6}{y.fn:>6}")
    return "\n".join(rows)
