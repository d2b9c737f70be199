"""The web's one door into the ledger: pages read and write through these functions, which call the
ledger's service API (`luoshi.ledger.service`) and shape its answers into plain values for templates.

Writes always go through the service (role checks, validation and audit live there); the web adds its
own checks first (role and department) so that a refusal is a clear 403 before anything is tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from luoshi.errors import InvalidInput, NotFound
from luoshi.web.security import Forbidden

if TYPE_CHECKING:
    from luoshi.ledger.storage.models import Target, User
    from luoshi.web.deps import WebUser
    from luoshi.web.drafts import Draft


def svc() -> Any:
    from luoshi.ledger import service

    return service


# ---- users -----------------------------------------------------------------------------------------


def authenticate(session: Session, username: str, password: str) -> int | None:
    """The user id when the name and password match an active account, else None."""
    user = svc().verify_password(session, username=username, password=password)
    return user.id if user is not None and user.active else None


def actor(session: Session, user: WebUser) -> User:
    """The ledger's User row for the acting web user (the service records it in the audit trail)."""
    row: User = svc().get_user(session, ref=user.id)
    return row


def today(request_settings: Any) -> date:
    pinned = getattr(request_settings, "today", None)
    return pinned if isinstance(pinned, date) else date.today()


# ---- targets and permissions -----------------------------------------------------------------------


def department_ids(target: Target) -> set[int]:
    """The departments a target is the business of: only assignments the office confirmed (a keyword
    suggestion nobody confirmed does not reach the department)."""
    return {a.department_id for a in target.assignments if a.confirmed}


def _region_guard(session: Session, user: WebUser, target: Target) -> None:
    """A target of a region the user may not see (a neighbour's) does not exist for this user."""
    from luoshi.ledger.operations.visibility import can_see_report

    if not can_see_report(session, user, target.report_id):
        raise NotFound(f"目标任务不存在 / no target {target.id}")


def target_for(session: Session, user: WebUser, target_id: int) -> Target:
    """The target if this user may see it: the office and viewers see their regions' targets; a
    department only its own."""
    target: Target = svc().get_target(session, ref=target_id)
    _region_guard(session, user, target)
    if user.role == "department" and user.department_id not in ancestors_departments(session, target):
        raise Forbidden("这不是本部门的目标任务 / not a target of your department")
    return target


def can_report(user: WebUser, target: Target) -> bool:
    if user.role == "admin":
        return True
    return user.role == "department" and user.department_id in department_ids(target)


def reports(session: Session, user: WebUser | None = None) -> list[Any]:
    """The imported reports; with `user`, only those of the regions it may see."""
    if user is None:
        return list(svc().list_reports(session))
    from luoshi.ledger.operations.visibility import filter_visible

    reps = list(svc().list_reports(session))
    ok = set(filter_visible(session, user, [r.id for r in reps]))
    return [r for r in reps if r.id in ok]


def departments(session: Session) -> list[Any]:
    return list(svc().list_departments(session, active_only=True))


def department_by_id(session: Session, dept_id: int) -> Any:
    for d in departments(session):
        if d.id == dept_id:
            return d
    raise NotFound(f"部门不存在 / no department {dept_id}")


# ---- import ----------------------------------------------------------------------------------------


def commit_import(session: Session, draft: Draft, region: str, year: int, user: WebUser) -> dict[str, Any]:
    """Commit a reviewed draft: the report with the office's corrected indicators, not the raw extraction.
    Numbers read by OCR enter the ledger only once a person has confirmed each against the paper."""
    from luoshi.extract.model import Indicator

    waiting = draft.unconfirmed()
    if waiting:
        shown = "、".join(f"#{it['id']}" for it in waiting[:10]) + (" …" if len(waiting) > 10 else "")
        raise InvalidInput(f"还有 {len(waiting)} 个由 OCR 识别的数字未确认（{shown}）：请对照原件逐一确认、"
                           "更正或剔除后再提交 / OCR numbers not yet confirmed")
    s = svc()
    indicators = [Indicator.from_dict(it["data"]) for it in draft.live()]
    region_row = s.get_or_create_region(session, name=region, actor=actor(session, user))
    result = s.import_report(session, source=draft.doc, region=region_row, year=year, actor=actor(session, user),
                             indicators=indicators, title=draft.meta.get("filename", ""),
                             ocr_checked=True,  # each OCR number was confirmed above
                             # Committed before: the same text, but the office may have corrected since.
                             recheck=bool(draft.meta.get("committed")))
    report = result.report
    n = len(s.list_targets(session, report_id=report.id))
    if result.created:
        kinds = "、".join(f"{word} {result.counts.get(t, 0)} 项" for t, word in
                          (("quantified", "量化指标"), ("item", "民生实事"), ("task", "定性任务")))
        message = f"已导入台账：{region} {year} 年，共 {n} 项目标任务（{kinds}）。"
    else:
        message = f"报告已更新：{_diff_words(result.diff)}；已有分工和进展均保留。"
    # Results this report gives for the same region's targets of the year before become pending
    # year-end progress for the office to accept.
    from luoshi.ledger.operations import carryover

    co = carryover.offer_results(session, report=report, actor=actor(session, user), indicators=indicators)
    if co.added:
        message += f"另有 {len(co.added)} 项上年（{co.year} 年）目标的完成情况已作为年终进展报送，待审核。"
    return {"report_id": report.id, "message": message, "targets": n, "carried_over": len(co.added),
            "warnings": list(result.warnings)}


def _diff_words(diff: Any) -> str:
    if diff is None:
        return "内容未变"
    parts = []
    for attr, word in (("added", "新增"), ("changed", "变更"), ("removed", "移除")):
        items = getattr(diff, attr, None)
        if items:
            parts.append(f"{word} {len(items)} 项")
    return "，".join(parts) or "内容未变"


# ---- ledger rows, cached by ledger version ---------------------------------------------------------


def current_report_id(session: Session, wanted: int | None, user: WebUser | None = None,
                      reps: list[Any] | None = None) -> int | None:
    """The report asked for, else the latest (highest year, then newest) report; None when there is none.
    With `user`, only the reports of the regions it may see count (`reps`: those already looked up)."""
    reps = reports(session, user) if reps is None else reps
    if wanted is not None:
        if not any(r.id == wanted for r in reps):
            raise NotFound(f"报告不存在 / no report {wanted}")
        return wanted
    if not reps:
        return None
    return max(reps, key=lambda r: (r.year, r.id)).id


@dataclass(frozen=True)
class Named:
    name: str


@dataclass(frozen=True)
class ReportChoice:
    """What a report picker shows of a report (without its text): `r.id`, `r.year`, `r.region.name`."""

    id: int
    year: int
    region: Named


def report_choices(session: Session, cache: Any, user: WebUser, version: int) -> list[ReportChoice]:
    """The reports `user` may see, as plain values, once per ledger version and region (the pages that
    pick a report ask for this on every request)."""

    def make() -> list[ReportChoice]:
        return [ReportChoice(r.id, r.year, Named(r.region.name)) for r in reports(session, user)]

    found: list[ReportChoice] = cache.get(("report-choices", version, user.role, user.region_id), make)
    return found


def department_choices(session: Session, cache: Any, version: int) -> list[Any]:
    """The active departments (`d.id`, `d.name`) as plain values, once per ledger version."""
    from types import SimpleNamespace

    found: list[Any] = cache.get(("department-choices", version),
                                 lambda: [SimpleNamespace(id=d.id, name=d.name) for d in departments(session)])
    return found


def view(session: Session, cache: Any, as_of: date, report_id: int | None, version: int | None = None) -> Any:
    """The report's `views.LedgerView` (rows, statuses and counts) at the ledger's current version."""
    from luoshi.web.views import ledger_view

    return ledger_view(session, cache, as_of, report_id, version)


def statuses(session: Session, cache: Any, as_of: date, report_id: int | None) -> dict[int, Any]:
    """Every target's status as of a date, at the ledger's current version (`views.ledger_view`)."""
    from luoshi.web.views import ledger_view

    return ledger_view(session, cache, as_of, report_id).statuses


def all_rows(session: Session, cache: Any, as_of: date, report_id: int | None) -> list[dict[str, Any]]:
    """Every target of the report as a plain dict (ledger row + status details), at the ledger's current
    version (`views.ledger_view`: patched from the last version seen, not remade on every write)."""
    from luoshi.web.views import ledger_view

    return ledger_view(session, cache, as_of, report_id).rows


def tally(session: Session, cache: Any, as_of: date, report_id: int | None) -> Any:
    """The counts of the report's 跟踪目标 as of a date (`rules.counting`), the same as every export's."""
    from luoshi.web.views import ledger_view

    return ledger_view(session, cache, as_of, report_id).tally


# Filters of the ledger list (and of its exports): the query parameters, in the order they are shown.
FILTERS = ("section", "department", "status", "warning", "kind", "type", "due_before", "overdue", "q")


def filter_rows(rows: list[dict[str, Any]], *, section: str = "", department: str = "", status: str = "",
                kind: str = "", type: str = "", q: str = "", warning: str = "", due_before: str = "",
                overdue: str = "", as_of: date | None = None) -> list[dict[str, Any]]:
    """The rows the filters keep. A filter on status, warning colour or overdue keeps 跟踪目标 only (a
    split target counts through its sub-targets), so that its rows are exactly what the counts count."""
    from luoshi.ledger.rules.counting import NO_WARNING

    out = rows
    if section:
        out = [r for r in out if r["section"] == section or r["section"].startswith(section + " / ")]
    if department:
        out = [r for r in out if r["lead"] == department or department in r["co"]]
    if status:
        out = [r for r in out if r["counted"] and r["status"] == status]
    if warning:
        out = [r for r in out if r["counted"] and (r["warning"] or NO_WARNING) == warning]
    if overdue:
        day = (as_of or date.today()).isoformat()
        out = [r for r in out if r["counted"] and r["deadline"] < day and r["status"] != "已完成"]
    if due_before:
        out = [r for r in out if r["deadline"] <= due_before]
    if kind:
        out = [r for r in out if r["kind"] == kind]
    if type:
        out = [r for r in out if r["type"] == type]
    if q:
        ql = q.strip().lower()
        out = [r for r in out if ql in r["search"]]
    return out


def _severity(r: dict[str, Any]) -> int:
    from luoshi.ledger.rules.status import SEVERITY

    return SEVERITY.get(r["status"], 0) if r["counted"] else -2


def _warning_rank(r: dict[str, Any]) -> int:
    from luoshi.ledger.rules.colours import WARNING_RANK

    return WARNING_RANK.get(r["warning"], 0) if r["counted"] else -1


# Sortable columns of the ledger list: key → (header, sort key). Anything else is refused.
SORTS: dict[str, Any] = {
    "no": None,  # report order, grouped by section
    "deadline": lambda r: r["deadline"],
    "lead": lambda r: (r["lead"] == "", r["lead"]),
    "status": lambda r: -_severity(r),
    "warning": lambda r: -_warning_rank(r),
    "progress": lambda r: r["progress_period"] or "",
}


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool = False) -> list[dict[str, Any]]:
    """Rows sorted by a whitelisted column (ties keep report order); `no` keeps report order."""
    fn = SORTS.get(key)
    if key not in SORTS:
        raise InvalidInput(f"不能按“{key}”排序")
    if fn is None:
        return list(reversed(rows)) if descending else rows
    return sorted(rows, key=fn, reverse=descending)


def grouped(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows grouped by their section (top two levels), in report order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["top_section"] or "（无章节）", []).append(r)
    return list(groups.items())


def section_options(rows: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for section in dict.fromkeys(r["section"] for r in rows):  # a few dozen sections, in report order
        parts = section.split(" / ") if section else []
        for i in range(1, min(len(parts), 2) + 1):
            seen.setdefault(" / ".join(parts[:i]), None)
    return list(seen)


def bulk_assign(session: Session, user: WebUser, target_ids: list[int], lead: int, co: list[int],
                deadline: date | None) -> int:
    s = svc()
    who = actor(session, user)
    if not target_ids:
        raise InvalidInput("请先勾选要分配的目标任务 / select targets first")
    if lead in co:
        co = [c for c in co if c != lead]
    for tid in target_ids:
        _region_guard(session, user, s.get_target(session, ref=tid))
        s.assign(session, target=tid, lead=lead, co=co, deadline=deadline, actor=who)
    return len(target_ids)


def confirm_leads(session: Session, user: WebUser, target_ids: list[int]) -> int:
    """The office confirms the suggested departments of the selected targets; returns how many changed."""
    if not target_ids:
        raise InvalidInput("请先勾选要确认分工的目标任务")
    s = svc()
    for tid in target_ids:
        _region_guard(session, user, s.get_target(session, ref=tid))
    n: int = s.confirm_many(session, targets=target_ids, actor=actor(session, user))
    return n


def export_file(session: Session, user: WebUser, report_id: int | None, as_of: date, fmt: str,
                only: list[int] | None = None) -> tuple[bytes, str]:
    """The office's 任务分解表 (xlsx) or 进展通报 (docx), by the shared exporter; the export is audited.
    `only`: the targets a filtered list shows."""
    from luoshi import export

    if fmt == "xlsx":
        data = export.xlsx_bytes(session, report_id=report_id, as_of=as_of, only=only)
        name = f"任务分解表-{as_of.isoformat()}.xlsx"
    else:
        data = export.docx_bytes(session, report_id=report_id, as_of=as_of, only=only)
        name = f"进展通报-{as_of.isoformat()}.docx"
    s = svc()
    rep = s.get_report(session, ref=report_id)
    shown = f"，筛选后 {len(only)} 项" if only is not None else ""
    s.record(session, actor=actor(session, user), action="export", entity="report", entity_id=rep.id,
             note=f"{fmt}，截至 {as_of}{shown}，{len(data)} 字节")
    return data, name


# ---- one target ------------------------------------------------------------------------------------

STAGE_PERCENT = {"未启动": 0.0, "推进中": 50.0, "滞后": 25.0, "已完成": 100.0}


def ancestors_departments(session: Session, target: Target) -> set[int]:
    """Departments assigned to the target or to any parent (a department reports on its items' parts)."""
    from luoshi.ledger.storage.models import Target as T

    ids: set[int] = set()
    t: T | None = target
    while t is not None:
        ids |= department_ids(t)
        t = session.get(T, t.parent_id) if t.parent_id else None
    return ids


def target_detail(session: Session, user: WebUser, target_id: int, as_of: date,
                  cache: Any = None) -> dict[str, Any]:
    """What the target page shows; with the view cache, the status comes from the report's statuses of
    this ledger version instead of computing every status of the report for one page."""
    s = svc()
    target = s.get_target(session, ref=target_id)
    _region_guard(session, user, target)
    depts = ancestors_departments(session, target)
    if user.role == "department" and user.department_id not in depts:
        raise Forbidden("这不是本部门的目标任务 / not a target of your department")
    known = statuses(session, cache, as_of, target.report_id) if cache is not None else {}
    status = known.get(target.id) or s.status_of(session, target=target, as_of=as_of)
    progress = s.list_progress(session, target=target)
    events = s.history(session, target=target, limit=100)
    kids = s.children(session, target=target)
    lead = s.lead_of(target)
    co = s.co_of(target)
    may_report = user.role == "admin" or (user.role == "department" and user.department_id in depts)
    return {
        "target": target, "status": status, "progress": progress, "events": events, "children": kids,
        "lead": lead, "co": co, "may_report": may_report and target.withdrawn_at is None,
        "chart": progress_chart(target, progress), "periods": period_choices(target),
        "evidence": evidence_parts(target),
    }


def evidence_parts(target: Target) -> tuple[str, str, str]:
    """The evidence sentence cut around the mention, so the template can mark it (escaped, never |safe)."""
    ev = target.evidence or ""
    m = target.mention or ""
    i = ev.find(m) if m else -1
    if i < 0:
        return ev, "", ""
    return ev[:i], m, ev[i + len(m):]


def period_choices(target: Target) -> list[str]:
    y = target.deadline.year
    out = [f"{y}-Q{q}" for q in range(1, 5)] + [f"{y}-H1", f"{y}"]
    out += [f"{y}-{m:02d}" for m in range(1, 13)]
    return out


def progress_chart(target: Target, progress: list[Any]) -> dict[str, Any]:
    """ECharts option: progress against the time-elapsed (时序进度) line, or against the target level."""
    start, end = target.start_date.isoformat(), target.deadline.isoformat()
    measure = getattr(target, "measure", None)
    level = target.value is not None and measure == "level"
    rank = target.kind == "rank"

    def y_of(p: Any) -> float | None:
        if p.value is None:
            return STAGE_PERCENT.get(p.stage or "") if target.value is None else None
        if target.value is None or level:
            return float(p.value)
        return round(float(p.value) / target.value * 100, 1) if target.value else None

    accepted = sorted(((p.period_end.isoformat(), y_of(p)) for p in progress
                       if p.review_state == "accepted" and y_of(p) is not None), key=lambda x: x[0])
    pending = [(p.period_end.isoformat(), y_of(p)) for p in progress
               if p.review_state == "pending" and y_of(p) is not None]
    series: list[dict[str, Any]] = []
    if level:
        series.append({"name": "目标值", "type": "line", "symbol": "none", "lineStyle": {"type": "dashed"},
                       "data": [[start, target.value], [end, target.value]]})
        y_name = target.unit or ""
    else:
        series.append({"name": "时序进度", "type": "line", "symbol": "none", "lineStyle": {"type": "dashed"},
                       "data": [[start, 0], [end, 100]]})
        y_name = "完成 %"
    series.append({"name": "已采纳报送", "type": "line", "data": [list(a) for a in accepted], "symbolSize": 8})
    if pending:
        series.append({"name": "待审核", "type": "scatter", "data": [list(p) for p in pending], "symbolSize": 10})
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "time", "min": start, "max": end},
        "yAxis": {"type": "value", "name": y_name, "inverse": rank, "min": 0 if not rank else None},
        "series": series,
    }


def add_progress(session: Session, user: WebUser, target_id: int, *, period: str, value: float | None,
                 unit: str | None, stage: str | None, note: str, files: list[Any], supersedes: int | None) -> Any:
    """Record a progress report with its stored evidence files (already checked and saved by the caller)."""
    from luoshi.ledger.operations.progress import AttachmentInfo

    s = svc()
    target = s.get_target(session, ref=target_id)
    _region_guard(session, user, target)
    if user.role == "department" and user.department_id not in ancestors_departments(session, target):
        raise Forbidden("这不是本部门的目标任务 / not a target of your department")
    if user.role not in ("admin", "department"):
        raise Forbidden("只读用户不能报送进展 / viewers cannot report")
    infos = [AttachmentInfo(filename=f.filename, size=f.size, content_type=f.content_type,
                            stored_path=f.stored_path, sha256=f.sha256) for f in files]
    return s.add_progress(session, target=target, period=period, value=value, stage=stage, note=note,
                          unit=unit, attachments=infos, reporter=actor(session, user), supersedes=supersedes)


def target_detail_guard(session: Session, user: WebUser, target_id: int) -> Target:
    """The target if this user may report on it; Forbidden otherwise (checked before any file is stored)."""
    target: Target = svc().get_target(session, ref=target_id)
    _region_guard(session, user, target)
    if user.role == "department" and user.department_id not in ancestors_departments(session, target):
        raise Forbidden("这不是本部门的目标任务 / not a target of your department")
    if user.role not in ("admin", "department"):
        raise Forbidden("只读用户不能报送进展 / viewers cannot report")
    return target


# ---- dashboard -------------------------------------------------------------------------------------

STATUS_COLORS = {"已完成": "#2563eb", "超进度": "#0d9488", "达进度": "#16a34a", "欠进度": "#d97706",
                 "严重欠进度": "#dc2626", "未报送": "#9ca3af", "无法判断": "#cbd5e1"}
MAIN_TARGET_WORDS = ("主要预期目标", "预期目标", "主要目标")


def dashboard(session: Session, cache: Any, as_of: date, report_id: int | None,
              version: int | None = None) -> dict[str, Any]:
    from luoshi.ledger.rules.status import SEVERITY, STATUSES
    from luoshi.web.cache import ledger_version

    if version is None:
        version = ledger_version(session)

    def make() -> dict[str, Any]:
        s = svc()
        v = view(session, cache, as_of, report_id, version)
        rows, known, counted = v.rows, v.statuses, v.tally
        by_section = s.rollups(session, as_of=as_of, by="section", report_id=report_id, statuses=known)
        by_dept = s.rollups(session, as_of=as_of, by="department", report_id=report_id, statuses=known)
        counts = counted.counts
        total = counted.total
        lagging = sorted((r for r in rows if r["counted"] and r["lagging"]),
                         key=lambda r: (-SEVERITY.get(r["status"], 0), r["id"]))
        main = [r for r in rows if r["type"] == "quantified" and any(w in (r["evidence"] or "") for w in MAIN_TARGET_WORDS)]
        if not main:
            main = [r for r in rows if r["type"] == "quantified" and r["parent_id"] is None][:12]
        return {
            "total": total, "counts": [(st, counts.get(st, 0)) for st in STATUSES], "tally": counted,
            "lagging": lagging[:50], "lagging_total": len(lagging), "main": main[:16],
            "by_section": [r.to_dict() for r in by_section], "by_dept": [r.to_dict() for r in by_dept],
            "charts": {
                "status": _pie(counts),
                "section": _stacked(by_section, STATUSES),
                "dept": _stacked(sorted(by_dept, key=lambda r: -r.total)[:25], STATUSES),
            },
        }

    data: dict[str, Any] = cache.get(("dashboard", version, as_of, report_id), make)
    return data


def office_home(session: Session, cache: Any, user: WebUser, as_of: date, report_id: int,
                version: int | None = None) -> dict[str, Any]:
    """The office's home page: counts by status and colour (the ledger's one count), reports overdue
    (未报送: a period's report missing after its grace days), the newest reports awaiting review, and
    the departments most behind. Made once per ledger version (the queue per region of the office)."""
    from luoshi.web.cache import ledger_version

    if version is None:
        version = ledger_version(session)

    def make() -> dict[str, Any]:
        v = view(session, cache, as_of, report_id, version)
        rows, counted = v.rows, v.tally
        late = sorted((r for r in rows if r["counted"] and r["status"] == "未报送"),
                      key=lambda r: (r["deadline"], r["id"]))
        by_dept = svc().rollup_rows(rows)  # by lead department, from the rows at hand
        behind = sorted((g for g in by_dept if g.lagging), key=lambda g: (-g.lagging, -g.total, g.label))[:10]
        return {"tally": counted, "late": late[:10], "late_total": len(late),
                "behind": [g.to_dict() for g in behind], "chart": _behind_chart(behind)}

    def pending() -> list[dict[str, Any]]:
        leads = {r["id"]: r["lead"] for r in view(session, cache, as_of, report_id, version).rows}
        queue = sorted(review_queue(session, user), key=lambda p: (p.reported_at, p.id), reverse=True)
        return [{"id": p.id, "target_id": p.target_id, "text": p.target.text, "period": p.period,
                 "value": p.value, "unit": p.target.unit, "stage": p.stage, "reported_at": p.reported_at,
                 "lead": leads.get(p.target_id, "")} for p in queue]

    data: dict[str, Any] = dict(cache.get(("home", version, as_of, report_id), make))
    # Plain values, not rows of a closed session; per region, as each office sees its own regions.
    queue = cache.get(("home-queue", version, as_of, report_id, getattr(user, "region_id", None)), pending)
    data["queue"] = queue[:10]
    data["queue_total"] = len(queue)
    return data


def _behind_chart(groups: list[Any]) -> dict[str, Any]:
    """Departments most behind: a horizontal bar per department, stacked by the three lagging statuses."""
    from luoshi.ledger.rules.status import BEHIND, MISSING, SERIOUS

    labels = [g.label for g in groups]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 10, "right": 20, "top": 36, "bottom": 10, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": labels, "inverse": True,
                  "axisLabel": {"width": 160, "overflow": "truncate"}},
        "series": [{"name": st, "type": "bar", "stack": "n", "itemStyle": {"color": STATUS_COLORS.get(st)},
                    "data": [g.counts.get(st, 0) for g in groups]} for st in (SERIOUS, BEHIND, MISSING)],
    }


def _pie(counts: dict[str, int]) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}：{c}（{d}%）"},
        "legend": {"bottom": 0},
        "series": [{"type": "pie", "radius": ["40%", "70%"], "label": {"formatter": "{b} {c}"},
                    "data": [{"name": k, "value": v, "itemStyle": {"color": STATUS_COLORS.get(k)}}
                             for k, v in counts.items() if v]}],
    }


def _stacked(groups: list[Any], statuses: tuple[str, ...]) -> dict[str, Any]:
    labels = [g.label for g in groups]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 10, "right": 20, "top": 40, "bottom": 10, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": labels, "inverse": True,
                  "axisLabel": {"width": 180, "overflow": "truncate"}},
        "series": [{"name": st, "type": "bar", "stack": "n", "itemStyle": {"color": STATUS_COLORS.get(st)},
                    "data": [g.counts.get(st, 0) for g in groups]} for st in statuses],
    }


# ---- department view and review queue --------------------------------------------------------------


def dept_view(session: Session, cache: Any, user: WebUser, as_of: date,
              rows_key: tuple[Any, ...] | None = None) -> dict[str, Any]:
    """The department's page: its confirmed targets, overdue and due ones, its returned and pending
    reports. `rows_key` (of the ledger version): the targets are taken from the cache under it."""
    s = svc()
    name = user.department_name or ""

    def targets() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        rows: list[dict[str, Any]] = []
        for rep in reports(session):
            label = f"{rep.region.name} {rep.year}"
            rows += [{**r, "report": label} for r in all_rows(session, cache, as_of, rep.id)
                     if r["confirmed"] and (r["lead"] == name or name in r["co"])]
        # Counted as every page counts (`rules.counting`): a split target through its sub-targets.
        overdue = [r for r in rows if r["counted"] and r["warning"] == "红"]
        due = [r for r in rows if r["counted"] and r["warning"] != "红"
               and (r["status"] == "未报送" or r["warning"] in ("蓝", "黄"))]
        return rows, overdue, due

    rows, overdue, due = cache.get(("dept-rows", *rows_key), targets) if rows_key else targets()
    mine = s.list_progress(session, department_id=user.department_id)
    superseded = {p.supersedes_id for p in mine if p.supersedes_id}
    returned = [p for p in mine if p.review_state == "returned" and p.id not in superseded]
    pending = [p for p in mine if p.review_state == "pending"]
    return {"rows": rows, "overdue": overdue, "due": due, "returned": returned, "pending": pending}


def review_queue(session: Session, user: WebUser | None = None) -> list[Any]:
    """Pending progress reports; with `user`, only those on targets of the regions it may see."""
    queue = list(svc().list_progress(session, review_state="pending"))
    if user is None:
        return queue
    from luoshi.ledger.operations.visibility import filter_visible

    ok = set(filter_visible(session, user, {p.target.report_id for p in queue}))
    return [p for p in queue if p.target.report_id in ok]


def department_names(session: Session) -> dict[int, str]:
    """Every department's name by id (disabled and merged ones too: old reports name them)."""
    return {d.id: d.name for d in svc().list_departments(session, active_only=False)}


def review_many(session: Session, user: WebUser, decisions: list[tuple[int, int | None]]) -> int:
    """Accept several reports at once, each at the version the queue showed; one decided meanwhile by
    someone else makes the whole batch a Conflict (409), and nothing is written."""
    if not decisions:
        raise InvalidInput("请先勾选要采纳的报送")
    for pid, version in decisions:
        review(session, user, pid, True, "", version)
    return len(decisions)


def returned_report(session: Session, user: WebUser, target: Target, progress_id: int | None) -> Any:
    """The returned report a correction starts from (its text prefilled, the office's comment shown):
    only one of this target's, sent back, that the user may correct."""
    if progress_id is None:
        return None
    from luoshi.ledger.operations.lookup import by_id
    from luoshi.ledger.storage.models import ProgressReport

    pr = by_id(session, ProgressReport, progress_id)
    if pr is None or pr.target_id != target.id:
        return None
    return pr


def review(session: Session, user: WebUser, progress_id: int, accept: bool, comment: str,
           version: int | None = None) -> Any:
    """Accept or send back a report; with the `version` the reviewer saw, a decision someone else made
    meanwhile wins and this one gets Conflict (409) with that decision."""
    if user.role != "admin":
        raise Forbidden("只有督查室可以审核 / only the office reviews")
    _region_guard(session, user, svc().get_progress(session, ref=progress_id).target)
    return svc().review_progress(session, progress=progress_id, accept=accept, comment=comment,
                                 actor=actor(session, user), expected_version=version)


def override(session: Session, user: WebUser, target_id: int, status: str, reason: str, *, clear: bool,
             version: int | None = None) -> None:
    """The office's own verdict on a target (or its removal), with a reason; the ledger audits it. With
    the `version` the page showed, a target changed meanwhile gives Conflict (409)."""
    if user.role != "admin":
        raise Forbidden("只有督查室可以认定状态 / only the office overrides a status")
    s = svc()
    _region_guard(session, user, s.get_target(session, ref=target_id))
    if clear:
        s.clear_override(session, target=target_id, reason=reason, actor=actor(session, user),
                         expected_version=version)
    else:
        s.override_status(session, target=target_id, status=status, reason=reason, actor=actor(session, user),
                          expected_version=version)
