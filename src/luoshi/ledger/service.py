"""The ledger API: keyword-only functions taking a Session and the acting User. They check the actor's
role, validate input (raising NotFound / InvalidInput / PermissionDenied, all LuoshiError), write an
AuditEvent for every change, and never commit: the caller owns the transaction (`db.transaction`), so
a failure writes nothing.

Regions, departments, users
    get_or_create_region(s, name=, level=, parent=, actor=) -> Region
    create_department(s, name=, short_name=, region=, actor=) -> Department
    update_department(s, department=, name=, short_name=, active=, actor=) -> Department
    get_department(s, ref=) / list_departments(s, active_only=)    (names resolve through the dictionary)
    rename_department / set_department_active / set_aliases / aliases_of / merge_departments(s, source=, into=, actor=)
    create_user(s, username=, password=, role=, department=, display_name=, actor=) -> User
    verify_password(s, username=, password=) -> User | None      (argon2)
    set_password(s, user=, password=, actor=, current=) / get_user(s, ref=) / list_users(s) / system_user(s)
    reset_password(s, user=, actor=) -> str / set_active(s, user=, active=, actor=)
    set_role(s, user=, role=, department=, actor=)        (each ends the user's sessions)
Reports and targets
    import_report(s, source=, region=, year=, actor=, indicators=, title=, ocr_checked=) -> ImportResult(report, diff, created)
    list_reports(s) / get_report(s, ref=)
    list_targets(s, report_id=, department_id=, status=, type=, kind=, section_id=, q=, as_of=,
                 include_withdrawn=) -> list[Target]
    get_target(s, ref=) -> Target          children(s, target=) -> list[Target]
    withdraw_target(s, target=, reason=, actor=)
    add_subtask(s, parent=, text=, deadline=, co=, actor=) -> Target
    update_target(s, target=, actor=, **fields)
Responsibility
    suggest_departments(s, target=) -> Suggestion
    assign(s, target=, lead=, co=, deadline=, frequency=, actor=, confirmed=True) -> list[Assignment]
    confirm_assignment(s, target=, actor=) / confirm_many(s, targets=, actor=) / auto_assign(s, report=, actor=) -> int
    set_department_rules(s, region=, rules=, actor=) / department_rules(s, region=)
    lead_of(target) / co_of(target)
Progress and status
    add_progress(s, target=, period=, value=, stage=, note=, unit=, attachments=, reporter=, supersedes=,
                 accept=) -> ProgressReport
    review_progress(s, progress=, accept=, comment=, actor=) -> ProgressReport
    list_progress(s, target=, review_state=, department_id=) / get_progress(s, ref=)
    override_status(s, target=, status=, reason=, actor=) / clear_override(s, target=, reason=, actor=)
    status_of(s, target=, as_of=) -> Status
    statuses_as_of(s, as_of=, report_id=, rules=) -> dict[target_id, Status]   (bulk: a few queries)
    ledger_rows(s, as_of=, ...filters) -> list[LedgerRow]       (one row per target, for tables/exports)
    ledger_status(s, as_of=, report_id=) -> LedgerStatus(rows, tally)  (THE count: rules.counting)
    count_rows(rows, as_of) -> Tally                            (the same count of rows already made)
    rollup_rows(rows) -> list[Rollup]                           (rollups by lead department of those rows)
    rollups(s, as_of=, by='section'|'department'|'region', report_id=) -> list[Rollup]
催办 and 督办单 (luoshi.ledger.operations.urges)
    send_urges(s, targets=, message=, reply_by=, actor=, kind=, as_of=, issuer=, cc=) -> list[Urge]
    reply_urge(s, urge=, actor=, text=, progress=, expected_version=) / close_urge(s, urge=, actor=, note=,
               expected_version=) / mark_read(s, urge=, actor=)
    get_urge(s, ref=) / list_urges(s, department_id=, state=, kind=, as_of=) / urge_counts(s, as_of=, department_id=)
    lagging_targets(s, department=, as_of=, report_id=, warnings=) -> list[target id]
Audit
    history(s, target=, entity=, entity_id=, limit=) -> list[AuditEvent]
today() -> date                        (LUOSHI_TODAY, else the clock)
as_of_default(s) -> date               (LUOSHI_TODAY, else the ledger's pinned date, else the clock)
Reminders (luoshi.ledger.operations.remind): due_reminders(s, as_of=) / send_reminders(s, as_of=, actor=)
"""

from __future__ import annotations

from luoshi.ledger.operations.context import as_of_default, today
from luoshi.ledger.operations.departments import (
    MergeResult,
    aliases_of,
    create_department,
    department_counts,
    department_history,
    get_or_create_department,
    list_departments,
    merge_departments,
    rename_department,
    set_aliases,
    set_department_active,
    update_department,
)
from luoshi.ledger.operations.importer import ImportDiff, ImportResult, import_report
from luoshi.ledger.operations.lookup import get_department, get_report, get_target, list_reports
from luoshi.ledger.operations.permissions import require_role
from luoshi.ledger.operations.progress import (
    AttachmentInfo,
    add_progress,
    get_progress,
    list_progress,
    review_progress,
)
from luoshi.ledger.operations.regions import get_or_create_region
from luoshi.ledger.operations.responsibility import (
    assign,
    auto_assign,
    co_of,
    confirm_assignment,
    confirm_many,
    department_rules,
    lead_of,
    set_department_rules,
    suggest_departments,
)
from luoshi.ledger.operations.statuses import clear_override, override_status, status_of, statuses_as_of
from luoshi.ledger.operations.targets import (
    add_subtask,
    children,
    list_targets,
    update_target,
    withdraw_target,
)
from luoshi.ledger.operations.tracking import (
    LedgerRow,
    LedgerStatus,
    Rollup,
    count_rows,
    ledger_rows,
    ledger_status,
    rollup_rows,
    rollups,
)
from luoshi.ledger.operations.urges import (
    UrgeCounts,
    close_urge,
    get_urge,
    lagging_targets,
    list_urges,
    mark_read,
    reply_urge,
    send_urges,
    urge_counts,
)
from luoshi.ledger.operations.users import (
    create_user,
    get_user,
    list_users,
    reset_password,
    set_active,
    set_password,
    set_role,
    system_user,
    verify_password,
)
from luoshi.ledger.storage.audit import history, record

__all__ = [
    "AttachmentInfo",
    "ImportDiff",
    "ImportResult",
    "LedgerRow",
    "LedgerStatus",
    "MergeResult",
    "Rollup",
    "UrgeCounts",
    "add_progress",
    "add_subtask",
    "aliases_of",
    "as_of_default",
    "assign",
    "auto_assign",
    "children",
    "clear_override",
    "close_urge",
    "co_of",
    "confirm_assignment",
    "confirm_many",
    "count_rows",
    "create_department",
    "create_user",
    "department_counts",
    "department_history",
    "department_rules",
    "get_department",
    "get_or_create_department",
    "get_or_create_region",
    "get_progress",
    "get_report",
    "get_target",
    "get_urge",
    "get_user",
    "history",
    "import_report",
    "lagging_targets",
    "lead_of",
    "ledger_rows",
    "ledger_status",
    "list_departments",
    "list_progress",
    "list_reports",
    "list_targets",
    "list_urges",
    "list_users",
    "mark_read",
    "merge_departments",
    "override_status",
    "record",
    "rename_department",
    "reply_urge",
    "require_role",
    "reset_password",
    "review_progress",
    "rollup_rows",
    "rollups",
    "send_urges",
    "set_active",
    "set_aliases",
    "set_department_active",
    "set_department_rules",
    "set_password",
    "set_role",
    "status_of",
    "statuses_as_of",
    "suggest_departments",
    "system_user",
    "today",
    "update_department",
    "update_target",
    "urge_counts",
    "verify_password",
    "withdraw_target",
]
