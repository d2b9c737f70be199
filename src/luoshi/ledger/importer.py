"""From a Document and its indicators to draft targets (pure), then into the database with a diff.

Drafts:
- `quantified`: one per `target`-stance indicator (borderline `optional` ones left out);
- `item`: one per (1)…(n) list item after a lead-in such as 民生实事, with the quantified targets inside it
  as children;
- `task`: one per task sentence of the plan part (rules in data/tasks.yaml): not a heading, not a short
  theme line, not a sentence all of whose clauses are quantified targets already.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from luoshi.document import Document, build
from luoshi.extract.model import Indicator

_CLAUSE = re.compile(r"[，；;,]")
_BOUND_WORDS = {"approx": "左右", "min": "以上", "max": "以内"}


@dataclass
class Draft:
    type: str
    text: str
    evidence: str
    start: int
    end: int
    section: int | None  # Document section id
    section_path: str
    subject: str | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    kind: str | None = None
    bound: str | None = None
    year: int | None = None
    mention: str | None = None
    measure: str | None = None
    parent: int | None = None  # index of the parent draft
    children: list[int] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        return (
            self.type,
            self.subject,
            self.kind,
            self.section_path,
            self.value,
            self.text if self.type != "quantified" else None,
        )


@cache
def task_rules() -> dict[str, Any]:
    with resources.files("luoshi.ledger").joinpath("data", "tasks.yaml").open(encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    for key, typ in (
        ("min_level", int),
        ("skip_paragraphs", list),
        ("theme_max_chars", int),
        ("min_chars", int),
        ("list_leadins", list),
        ("list_marker", str),
    ):
        if not isinstance(data.get(key), typ):
            raise ValueError(f"tasks.yaml: {key} must be a {typ.__name__}")
    return data


def measure_of(kind: str | None, unit: str | None, subject: str | None) -> str:
    """cumulative for amounts built up over the year (新增…户, 建成…万亩), level for rates, shares,
    ranks and indices (judged directly against the target)."""
    if kind in ("growth", "percent", "rank"):
        return "level"
    if (
        not unit
        or "/" in unit
        or any(w in (subject or "") for w in ("率", "占比", "比重", "指数", "强度", "单产"))
    ):
        return "level"
    return "cumulative"


def value_text(
    kind: str | None,
    bound: str | None,
    value: float | None,
    unit: str | None,
    mention: str | None,
    value_max: float | None = None,
) -> str:
    """指标值 as an office writes it: 增长6%左右, 250万吨以上, 1—2所, 第3位."""
    if value is None:
        return ""
    unit = unit or ""
    num = f"{abs(value):g}{unit}" if kind == "growth" else f"{value:g}{unit}"
    if bound == "range" and value_max is not None:
        num = f"{value:g}—{value_max:g}{unit}"
    if kind == "rank":
        num = mention or f"第{value:g}位"
    prefix = ("增长" if value >= 0 else "下降") if kind == "growth" else ""
    return f"{prefix}{num}{_BOUND_WORDS.get(bound or '', '')}"


def _clause(text: str, start: int, end: int, lo: int, hi: int) -> str:
    """The comma-delimited clause of text[lo:hi] around [start, end)."""
    a = start
    while a > lo and not _CLAUSE.match(text[a - 1]) and text[a - 1] not in "。：:":
        a -= 1
    b = end
    while b < hi and not _CLAUSE.match(text[b]) and text[b] not in "。":
        b += 1
    return text[a:b].strip()


def _path(doc: Document, pos: int) -> tuple[int | None, str]:
    path = doc.section_path(pos)
    return (path[-1].id if path else None), " / ".join(s.label for s in path)


def plan_targets(doc: Document, indicators: list[Indicator], year: int) -> list[Draft]:
    rules = task_rules()
    text, norm = doc.text, doc.norm
    drafts: list[Draft] = []
    sentences = doc.sentences

    def sentence_of(pos: int) -> tuple[int, int]:
        for s in sentences:
            if s.span.start <= pos < s.span.end:
                return s.span.start, s.span.end
        return pos, pos

    # 1. Quantified targets.
    quant: list[tuple[int, int, int]] = []  # (start, end, draft index)
    for ind in sorted(indicators, key=lambda i: (i.span[0], i.span[1])):
        # Last year's targets named in the review (完成年初确定的…目标) are not this year's promises.
        if ind.stance != "target" or ind.optional or ind.part == "review":
            continue
        s0, s1 = ind.span
        ss, se = sentence_of(s0)
        sec, path = _path(doc, s0)
        subject = ind.subject_full or ind.subject
        shown = value_text(ind.kind, ind.bound, ind.value, ind.unit, ind.mention, ind.value_max)
        drafts.append(
            Draft(
                type="quantified",
                text=f"{subject}{shown}" if subject else _clause(text, s0, s1, ss, se),
                evidence=text[ss:se],
                start=s0,
                end=s1,
                section=sec,
                section_path=path,
                subject=subject,
                value=ind.value,
                value_max=ind.value_max,
                unit=ind.unit,
                kind=ind.kind,
                bound=ind.bound,
                year=ind.year or year,
                mention=ind.mention,
                measure=measure_of(ind.kind, ind.unit, subject),
            )
        )
        quant.append((s0, s1, len(drafts) - 1))

    # 2. List items after a lead-in (十件民生实事): items span from one marker to the next.
    marker = re.compile(rules["list_marker"])
    item_ranges: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(norm):
        if doc.part_at(para_start) != "plan":
            continue
        ms = list(marker.finditer(norm, para_start, para_end))
        if len(ms) < 2:
            continue
        lead = norm[para_start : ms[0].start()]
        if not any(w in lead for w in rules["list_leadins"]):
            continue
        for i, m in enumerate(ms):
            a = m.end()
            b = ms[i + 1].start() if i + 1 < len(ms) else para_end
            item = text[a:b].strip().rstrip("；;。，, ")
            sec, path = _path(doc, m.start())
            drafts.append(
                Draft(
                    type="item",
                    text=item,
                    evidence=text[m.start() : b].strip(),
                    start=m.start(),
                    end=a + len(item),
                    section=sec,
                    section_path=path,
                    subject=_list_name(lead, rules["list_leadins"]),
                )
            )
            idx = len(drafts) - 1
            for q0, _q1, qi in quant:
                if m.start() <= q0 < b and drafts[qi].parent is None:
                    drafts[qi].parent = idx
                    drafts[idx].children.append(qi)
            item_ranges.append((m.start(), b))

    # 3. Task sentences.
    skip = [re.compile(p) for p in rules["skip_paragraphs"]]
    headings = [(s.heading.start, s.heading.end) for s in doc.sections]
    by_id = {s.id: s for s in doc.sections}
    para_first: dict[int, int] = {}
    for s in sentences:
        para_first.setdefault(s.paragraph, s.span.start)
    theme = ""
    for s in sentences:
        a, b = s.span.start, s.span.end
        tsec = doc.section_at(a)
        if tsec is None or tsec.part != "plan" or tsec.level < rules["min_level"]:
            continue
        if any(h0 <= a < h1 or a <= h0 < b for h0, h1 in headings):
            theme = ""
            continue
        if any(r0 <= a < r1 or a <= r0 < b for r0, r1 in item_ranges):
            continue
        para_text = norm[para_first[s.paragraph] : b]
        if any(p.match(para_text.lstrip()) for p in skip):
            continue
        body = s.text.strip().rstrip("。！？")
        if len(body) < rules["min_chars"]:
            continue
        if len(body) <= rules["theme_max_chars"] and not _CLAUSE.search(body):
            theme = body  # names the tasks after it; a task itself too (深化高职高专改革。)
        clauses = [(m0, m1) for m0, m1 in _clause_spans(text, a, b)]
        covered = all(any(c0 <= q0 < c1 for q0, _q1, _qi in quant) for c0, c1 in clauses)
        if clauses and covered:
            continue
        _sec_id, path = _path(doc, a)
        drafts.append(
            Draft(
                type="task",
                text=body,
                evidence=s.text,
                start=a,
                end=b,
                section=tsec.id,
                section_path=path,
                subject=theme or by_id[tsec.id].title.rstrip("。"),
            )
        )
    order = sorted(
        range(len(drafts)),
        key=lambda i: (drafts[i].start, 0 if drafts[i].type != "quantified" else 1, drafts[i].end),
    )
    remap = {old: new for new, old in enumerate(order)}
    out = [drafts[i] for i in order]
    for d in out:
        d.parent = remap[d.parent] if d.parent is not None else None
        d.children = [remap[c] for c in d.children]
    return out


def _list_name(lead: str, words: list[str]) -> str:
    """The list's name from its lead-in: the quoted name (十件民生实事) or the last clause."""
    for m in re.finditer(r"[“\"]([^”\"]{2,20})[”\"]", lead):
        if any(w in m.group(1) for w in words):
            return m.group(1)
    return re.split(r"[。！？，：:]", lead.strip().rstrip("：: "))[-1][-20:]


def _clause_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    start = a
    for i in range(a, b):
        if _CLAUSE.match(text[i]) or text[i] in "。":
            if text[start:i].strip():
                out.append((start, i))
            start = i + 1
    if text[start:b].strip():
        out.append((start, b))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans


# ---- into the database -------------------------------------------------------------------------------


@dataclass
class ImportDiff:
    """What an import changed: targets added, withdrawn (gone from the new version), changed and kept."""

    identical: bool = False
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[tuple[int, dict[str, Any]]] = field(
        default_factory=list
    )  # (target id, {field: [old, new]})
    unchanged: int = 0

    def summary(self) -> str:
        if self.identical:
            return "报告未变化，未做任何修改 / same file: nothing changed"
        return f"新增 {len(self.added)}，变更 {len(self.changed)}，移除 {len(self.removed)}，未变 {self.unchanged}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "identical": self.identical,
            "added": self.added,
            "removed": self.removed,
            "changed": [{"id": i, "fields": f} for i, f in self.changed],
            "unchanged": self.unchanged,
        }


@dataclass
class ImportResult:
    report: Any  # models.Report
    diff: ImportDiff
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


_FIELDS = (
    "type",
    "text",
    "evidence",
    "subject",
    "value",
    "value_max",
    "unit",
    "kind",
    "bound",
    "year",
    "mention",
    "measure",
)


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < 0.75 or sm.quick_ratio() < 0.75:
        return 0.0
    return sm.ratio()


def _match(drafts: list[Draft], existing: list[Any]) -> dict[int, Any]:
    """Pair each draft with an existing target: exact key first (type, subject, kind, section, value),
    then same type/subject/kind/section (a changed value), then text similarity ≥ 0.8."""
    pairs: dict[int, Any] = {}
    free = list(existing)

    def take(i: int, pred: Any) -> None:
        for t in free:
            if pred(t):
                pairs[i] = t
                free.remove(t)
                return

    def same_place(t: Any, d: Any) -> bool:
        """The same quantified target: type, subject, kind and section (its value may have changed)."""
        return bool(
            t.type == d.type and t.subject == d.subject and t.kind == d.kind and str(t._section_path) == d.section_path
        )

    for i, d in enumerate(drafts):
        if d.type == "quantified":
            take(i, lambda t, d=d: same_place(t, d) and t.value == d.value)
        else:
            take(i, lambda t, d=d: t.type == d.type and t.text == d.text)
    for i, d in enumerate(drafts):
        if i not in pairs and d.type == "quantified":
            take(i, lambda t, d=d: same_place(t, d))
    for i, d in enumerate(drafts):
        if i in pairs:
            continue
        best, score = None, 0.8
        for t in free:
            if t.type != d.type:
                continue
            s = _similar(
                t.evidence if d.type == "quantified" else t.text,
                d.evidence if d.type == "quantified" else d.text,
            )
            if d.type == "quantified" and (
                t.subject != d.subject and _similar(t.subject or "", d.subject or "") < 0.8
            ):
                continue
            if s >= score:
                best, score = t, s
        if best is not None:
            pairs[i] = best
            free.remove(best)
    return pairs


def import_report(
    session: Any,
    *,
    source: Any,
    region: Any,
    year: int | None = None,
    actor: Any,
    indicators: list[Indicator] | None = None,
    title: str | None = None,
    auto_assign: bool = True,
) -> ImportResult:
    """Import a report (a path, or a Document already read) for `region` (name or Region) and `year`
    (default: the year the report plans for). Same text as already imported → nothing changes. A changed
    text → targets are matched to the existing ones (keeping their ids, assignments and progress),
    new ones added, vanished ones withdrawn; the diff is returned and audited. `indicators` defaults to
    `luoshi.extract(doc)`."""
    import hashlib
    from datetime import date
    from pathlib import Path

    from sqlalchemy import select

    import luoshi
    from luoshi.document import report_year
    from luoshi.errors import InvalidInput
    from luoshi.ledger.audit import record, snapshot
    from luoshi.ledger.crud import get_or_create_region
    from luoshi.ledger.models import Region, Report, Section, Target, utcnow
    from luoshi.ledger.users import require_role

    require_role(actor, "admin")
    doc = build(source) if isinstance(source, Document) else luoshi.read(Path(source))
    if not doc.text.strip():
        raise InvalidInput("报告内容为空 / the report is empty")
    year = year or report_year(doc)
    if year is None:
        raise InvalidInput(
            "无法从报告判断年度，请用 --year 指定 / cannot tell the report's year: give --year"
        )
    if not 1949 <= year <= 2100:
        raise InvalidInput(f"年度 {year} 不合理 / implausible year")
    reg = (
        region if isinstance(region, Region) else get_or_create_region(session, name=str(region), actor=actor)
    )
    sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    report = session.scalar(select(Report).where(Report.region_id == reg.id, Report.year == year))
    if report is not None and report.sha256 == sha:
        return ImportResult(report, ImportDiff(identical=True), created=False)
    if indicators is None:
        indicators = luoshi.extract(doc)
    drafts = plan_targets(doc, indicators, year)
    created = report is None
    if report is None:
        report = Report(
            region_id=reg.id,
            year=year,
            title=title or _title(doc),
            source_name=(doc.path and Path(doc.path).name) or doc.id,
            sha256=sha,
            text=doc.text,
        )
        session.add(report)
        session.flush()
        record(
            session,
            actor=actor,
            action="import",
            entity="report",
            entity_id=report.id,
            after=snapshot(report),
        )
    else:
        before = snapshot(report)
        report.sha256, report.text, report.updated_at = sha, doc.text, utcnow()
        report.source_name = (doc.path and Path(doc.path).name) or doc.id
        if title:
            report.title = title
    # Sections: matched by path, so targets keep theirs across versions.
    old_secs = {s.path: s for s in session.scalars(select(Section).where(Section.report_id == report.id))}
    sec_of: dict[int, Section] = {}
    by_id = {s.id: s for s in doc.sections}
    for s in doc.sections:
        chain: list[str] = []
        cur: Any = s
        while cur is not None:
            chain.append(cur.label)
            cur = by_id.get(cur.parent) if cur.parent is not None else None
        path = " / ".join(reversed(chain))
        row = old_secs.pop(path, None)
        if row is None:
            row = Section(report_id=report.id, path=path)
            session.add(row)
        row.ordinal, row.level, row.marker, row.title, row.part = (
            s.id,
            s.level,
            s.marker[:20],
            s.title[:300],
            s.part,
        )
        row.start, row.end, row.removed = s.span.start, s.span.end, False
        row.parent_id = sec_of[s.parent].id if s.parent is not None else None
        session.flush()
        sec_of[s.id] = row
    for gone in old_secs.values():
        gone.removed = True
    existing = list(
        session.scalars(
            select(Target).where(
                Target.report_id == report.id, Target.type != "subtask", Target.withdrawn_at.is_(None)
            )
        )
    )
    paths = {s.id: s.path for s in session.scalars(select(Section).where(Section.report_id == report.id))}
    for t in existing:
        t._section_path = paths.get(t.section_id or -1, "")
    pairs = _match(drafts, existing) if existing else {}
    diff = ImportDiff()
    rows: list[Target] = []
    start = date(year, 1, 1)
    for i, d in enumerate(drafts):
        values = {k: getattr(d, k) for k in _FIELDS}
        values["section_id"] = sec_of[d.section].id if d.section is not None else None
        t = pairs.get(i)
        if t is None:
            t = Target(
                report_id=report.id,
                start_date=start,
                deadline=date(year, 12, 31),
                frequency="quarter",
                **values,
            )
            session.add(t)
            rows.append(t)
            t.seq, t.span_start, t.span_end = i + 1, d.start, d.end
            continue
        changes = {
            k: [getattr(t, k), v] for k, v in values.items() if k != "section_id" and getattr(t, k) != v
        }
        for k, v in values.items():
            setattr(t, k, v)
        t.seq, t.span_start, t.span_end = i + 1, d.start, d.end
        rows.append(t)
        if changes:
            t.updated_at = utcnow()
            diff.changed.append((t.id, changes))
        else:
            diff.unchanged += 1
    session.flush()
    for i, d in enumerate(drafts):
        rows[i].parent_id = rows[d.parent].id if d.parent is not None else None
    matched = {t.id for t in pairs.values()}
    now = utcnow()
    for t in existing:
        if t.id not in matched:
            t.withdrawn_at, t.withdrawn_reason = (
                now,
                "重新导入的报告中已无此目标 / gone from the re-imported report",
            )
            diff.removed.append(t.id)
            record(
                session,
                actor=actor,
                action="withdraw",
                entity="target",
                entity_id=t.id,
                target_id=t.id,
                note=t.withdrawn_reason,
            )
    session.flush()
    for i, t in enumerate(rows):
        if i not in pairs:
            diff.added.append(t.id)
            record(
                session,
                actor=actor,
                action="create",
                entity="target",
                entity_id=t.id,
                target_id=t.id,
                after=snapshot(t),
            )
        elif any(c[0] == t.id for c in diff.changed):
            record(
                session,
                actor=actor,
                action="update",
                entity="target",
                entity_id=t.id,
                target_id=t.id,
                after={k: v[1] for c in diff.changed if c[0] == t.id for k, v in c[1].items()},
                before={k: v[0] for c in diff.changed if c[0] == t.id for k, v in c[1].items()},
                note="重新导入",
            )
    if not created:
        record(
            session,
            actor=actor,
            action="reimport",
            entity="report",
            entity_id=report.id,
            before=before,
            after=snapshot(report),
            note=diff.summary(),
        )
    if auto_assign:
        from luoshi.ledger.responsibility import auto_assign as _auto

        _auto(session, report=report, actor=actor)
    counts: dict[str, int] = {}
    for d in drafts:
        counts[d.type] = counts.get(d.type, 0) + 1
    return ImportResult(report, diff, created, counts)


def _title(doc: Document) -> str:
    for line in doc.text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return doc.id
