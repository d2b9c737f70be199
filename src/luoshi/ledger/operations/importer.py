"""Import a report into the ledger: its draft targets (`rules.drafting`) stored with a diff against the
targets already there, so a re-import keeps ids, assignments and progress."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from sqlalchemy import select

from luoshi.document import Document, build, read, report_year
from luoshi.errors import InvalidInput
from luoshi.extract import pipeline
from luoshi.extract.model import Indicator
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.regions import get_or_create_region
from luoshi.ledger.operations.responsibility import auto_assign as suggest_all
from luoshi.ledger.rules.drafting import Draft, plan_targets
from luoshi.ledger.storage.audit import record, snapshot
from luoshi.ledger.storage.models import Region, Report, Section, Target, utcnow


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
    facts: Any = None  # the report's own facts (document.model.ReportFacts)
    warnings: list[str] = field(default_factory=list)  # what the report says against what was given


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
    region: Any = None,
    year: int | None = None,
    actor: Any,
    indicators: list[Indicator] | None = None,
    title: str | None = None,
    auto_assign: bool = True,
    ocr_checked: bool = False,
    recheck: bool = False,
) -> ImportResult:
    """Import a report (a path, or a Document already read) for `region` (name or Region) and `year`,
    each by default what the report says of itself (its facts: the congress line, the title). Where
    the report says otherwise than what is given, the result carries a warning. Same text as already
    imported → nothing changes. A changed text → targets are matched to the existing ones (keeping
    their ids, assignments and progress), new ones added, vanished ones withdrawn; the diff is returned
    and audited. `indicators` defaults to the extraction pipeline's (`luoshi.extract(doc)`). Numbers
    read by OCR enter only with `ocr_checked`: the caller says a person has checked them against the
    paper. `recheck`: match the given indicators even when the text is the same (the office corrected
    them on the import page after a first commit)."""
    require_role(actor, "admin")
    doc = build(source) if isinstance(source, Document) else read(Path(source))
    if not doc.text.strip():
        raise InvalidInput("报告内容为空 / the report is empty")
    warnings = fact_warnings(doc, region=region if not isinstance(region, Region) else region.name, year=year)
    year = _plan_year(doc, year)
    if region is None:
        region = doc.facts.region
        if not region:
            raise InvalidInput("无法从报告判断地区，请用 --region 指定 / cannot tell the report's region: give --region")
    reg = (
        region if isinstance(region, Region) else get_or_create_region(session, name=str(region), actor=actor)
    )
    sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    report = session.scalar(select(Report).where(Report.region_id == reg.id, Report.year == year))
    if report is not None and report.sha256 == sha and not recheck:
        return ImportResult(report, ImportDiff(identical=True), created=False, facts=doc.facts, warnings=warnings)
    if indicators is None:
        indicators = pipeline.extract(doc)
    unchecked = sum(1 for ind in indicators if ind.ocr_confidence is not None)
    if unchecked and not ocr_checked:
        raise InvalidInput(
            f"报告中有 {unchecked} 个数字由 OCR 从图片识别，须对照原件核对后才能进入台账：请在网页“导入”页逐一确认，"
            "或核对原件后加 --ocr-checked 导入 / numbers read by OCR must be checked first (--ocr-checked)"
        )
    drafts = plan_targets(doc, indicators, year)
    created = report is None
    if report is None:
        report = _new_report(session, doc, reg, year, sha, title, actor)
        before = None
    else:
        before = _update_report(report, doc, sha, title)
    sec_of = _sync_sections(session, report, doc)
    existing = _live_targets(session, report)
    pairs = _match(drafts, existing) if existing else {}
    diff = ImportDiff()
    rows = _store_drafts(session, report, drafts, pairs, sec_of, year, diff)
    session.flush()
    for i, d in enumerate(drafts):
        rows[i].parent_id = rows[d.parent].id if d.parent is not None else None
    _withdraw_vanished(session, existing, pairs, diff, actor)
    session.flush()
    _audit_targets(session, rows, pairs, diff, actor)
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
        suggest_all(session, report=report, actor=actor)
    counts: dict[str, int] = {}
    for d in drafts:
        counts[d.type] = counts.get(d.type, 0) + 1
    return ImportResult(report, diff, created, counts, facts=doc.facts, warnings=warnings)


def fact_warnings(doc: Document, *, region: str | None, year: int | None) -> list[str]:
    """What the report says of itself against what the user gave: a 2026 report imported as 2024,
    or another region's report. Short names are no contradiction (黔南州 for 黔南布依族苗族自治州)."""
    facts = doc.facts
    out = []
    if year is not None and facts.year is not None and year != facts.year:
        out.append(f"报告自身的年度是 {facts.year} 年（{facts.cues.get('year', '')}），导入时指定的是 {year} 年，请核对")
    if region and facts.region and not _same_region(region, facts.region):
        out.append(f"报告自身的地区是“{facts.region}”，导入时指定的是“{region}”，请核对")
    return out


def _same_region(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return a in b or b in a or a[:2] == b[:2]


def _plan_year(doc: Document, year: int | None) -> int:
    """The year given, else the one the report plans for; refused when unknown or implausible."""
    year = year or report_year(doc)
    if year is None:
        raise InvalidInput(
            "无法从报告判断年度，请用 --year 指定 / cannot tell the report's year: give --year"
        )
    if not 1949 <= year <= 2100:
        raise InvalidInput(f"年度 {year} 不合理 / implausible year")
    return year


def _new_report(
    session: Any, doc: Document, reg: Region, year: int, sha: str, title: str | None, actor: Any
) -> Report:
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
    return report


def _update_report(report: Report, doc: Document, sha: str, title: str | None) -> dict[str, Any] | None:
    """Put the new text in place; returns the report as it was (for the audit)."""
    before = snapshot(report)
    report.sha256, report.text, report.updated_at = sha, doc.text, utcnow()
    report.source_name = (doc.path and Path(doc.path).name) or doc.id
    if title:
        report.title = title
    return before


def _sync_sections(session: Any, report: Report, doc: Document) -> dict[int, Section]:
    """The report's section rows, matched by path so that targets keep theirs across versions; rows
    whose path is gone are marked removed. Returns the row of each Document section id."""
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
    return sec_of


def _live_targets(session: Any, report: Report) -> list[Target]:
    """The report's targets from earlier imports (not sub-tasks, not withdrawn), each with its section
    path at hand for matching."""
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
    return existing


def _store_drafts(
    session: Any,
    report: Report,
    drafts: list[Draft],
    pairs: dict[int, Any],
    sec_of: dict[int, Section],
    year: int,
    diff: ImportDiff,
) -> list[Target]:
    """One target row per draft: the matched one updated (changes noted in `diff`), else a new one."""
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
    return rows


def _withdraw_vanished(
    session: Any, existing: list[Target], pairs: dict[int, Any], diff: ImportDiff, actor: Any
) -> None:
    """Targets of the earlier version that no draft matched are withdrawn (kept, with a reason)."""
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


def _audit_targets(
    session: Any, rows: list[Target], pairs: dict[int, Any], diff: ImportDiff, actor: Any
) -> None:
    """An audit event for every target created, and for every one changed by the re-import."""
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


def _title(doc: Document) -> str:
    for line in doc.text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return doc.id
