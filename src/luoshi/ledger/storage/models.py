"""The ledger's tables (SQLAlchemy 2 declarative). Nothing is deleted in place: rows are superseded,
ended (`ended_at`) or withdrawn (`withdrawn_at`), and every change writes an `AuditEvent`.

Times are naive UTC (`utcnow()`); dates are calendar dates in the region's own time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

# Stable constraint names so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("admin", "department", "viewer")
TARGET_TYPES = ("quantified", "task", "item", "subtask")
ASSIGN_ROLES = ("lead", "co")
REVIEW_STATES = ("pending", "accepted", "returned")
FREQUENCIES = ("month", "quarter", "half", "year")
STAGES = ("未启动", "推进中", "滞后", "已完成")
MAX_ID = 2**31 - 1  # ids are 32-bit integers (PostgreSQL INTEGER): a larger one names no row


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Region(Base):
    """州/市/县; `parent_id` links a county to its prefecture."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    level: Mapped[str] = mapped_column(String(20), default="")  # 省/州/市/县/区
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Report(Base):
    """One work report of a region for a year. Re-importing a changed file updates it in place (the old
    hash and the diff are kept in the audit trail)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("region_id", "year", name="uq_reports_region_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    source_name: Mapped[str] = mapped_column(String(300), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    region: Mapped[Region] = relationship()


class Section(Base):
    """One heading of the report's outline; `path` is the labels from the top, joined by ' / '."""

    __tablename__ = "sections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    marker: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    path: Mapped[str] = mapped_column(Text)
    part: Mapped[str] = mapped_column(String(10))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)  # gone from a re-imported version

    @property
    def label(self) -> str:
        return f"{self.marker}{self.title}"


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str] = mapped_column(String(50), default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Target(Base):
    """A tracked promise. `type`: quantified (from a target indicator), task (a qualitative task
    sentence), item (a list item such as one 民生实事), subtask (a lead department's decomposition).
    `parent_id` links items' numeric sub-targets and sub-tasks to their parent."""

    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id"), index=True)
    type: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer, default=0)  # order in the report
    text: Mapped[str] = mapped_column(Text)  # 目标任务 as shown to people
    evidence: Mapped[str] = mapped_column(Text, default="")  # the sentence in the report
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    # Quantified fields (None for tasks), as the annotation guide defines them.
    subject: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(30))
    kind: Mapped[str | None] = mapped_column(String(10))
    bound: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)
    mention: Mapped[str | None] = mapped_column(String(100))
    # cumulative: an amount reached step by step (judged against 时序进度); level: a growth rate, share,
    # rank or index (judged against the target directly); None for tasks (judged by reported stage).
    measure: Mapped[str | None] = mapped_column(String(10))
    # Tracking.
    start_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    frequency: Mapped[str] = mapped_column(String(10), default="quarter")  # how often progress is due
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # Moves on every status decision (override, withdrawal): a form sends the version it showed, and a
    # decision on a target someone changed meanwhile is refused (409) instead of silently winning.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    report: Mapped[Report] = relationship()
    section: Mapped[Section | None] = relationship()
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="target",
        primaryjoin="and_(Target.id == Assignment.target_id, Assignment.ended_at.is_(None))",
        viewonly=True,
        order_by="Assignment.id",
    )

    @property
    def quantified(self) -> bool:
        return self.value is not None


class Assignment(Base):
    """A department's responsibility for a target: one `lead` (牵头单位) and any `co` (配合单位).
    Reassigning ends the old rows (`ended_at`) and adds new ones. `confirmed` is False while the row is
    only the keyword rules' suggestion."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    role: Mapped[str] = mapped_column(String(5))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)

    target: Mapped[Target] = relationship(back_populates="assignments")
    department: Mapped[Department] = relationship(lazy="joined")


class ProgressReport(Base):
    """Progress of a target for a period, append-only: a correction is a new row with `supersedes_id`.
    `value` is the value reached to date in the target's unit; `stage` is for qualitative tasks.
    Only `accepted` rows count for status."""

    __tablename__ = "progress_reports"
    __table_args__ = (Index("ix_progress_target_period", "target_id", "period_end"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"))
    period: Mapped[str] = mapped_column(String(12))  # 2024 / 2024-H1 / 2024-Q2 / 2024-06 / 2024-06-30
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    stage: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="department")  # department / office / report
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    review_state: Mapped[str] = mapped_column(String(10), default="pending")
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)
    # Moves on every review: of two reviewers deciding the same report at once, the second gets a 409.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    target: Mapped[Target] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(back_populates="progress", order_by="Attachment.id")


class Attachment(Base):
    """A 佐证材料 file of a progress report: the bytes live in the upload folder at `stored_path`."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    progress_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer, default=0)
    content_type: Mapped[str] = mapped_column(String(100), default="")
    stored_path: Mapped[str] = mapped_column(String(500), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    progress: Mapped[ProgressReport] = relationship(back_populates="attachments")


class StatusOverride(Base):
    """The office's own verdict on a target, with its reason; the latest row without `ended_at` wins."""

    __tablename__ = "status_overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(200), default="")  # empty: cannot log in
    role: Mapped[str] = mapped_column(String(12))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    # The office's region: the user sees it and the regions below it (None: the whole deployment).
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set by a password reset: the next log-in must choose a new password before anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)

    department: Mapped[Department | None] = relationship(lazy="joined")


class AuditEvent(Base):
    """Who did what, when, to which row, with the row before and after (JSON)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    target_id: Mapped[int | None] = mapped_column(
        Integer, index=True
    )  # the target it concerns, for its history
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    # Where the action came from: the client's address for the web, `cli@<host>` for the command line.
    address: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The ledger version its transaction moved to (None for events that change no content): cached views
    # find here which targets changed between two versions, and redo only those.
    ledger_version: Mapped[int | None] = mapped_column(Integer, index=True)


class Reminder(Base):
    """A 催办 sent to a department about a target (near deadline, overdue, report missing, awaiting review)."""

    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("targets.id"))
    progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    kind: Mapped[str] = mapped_column(String(20))  # near / overdue / missing / review
    message: Mapped[str] = mapped_column(Text)
    as_of: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DepartmentRule(Base):
    """A region's own keyword rule for suggesting departments; tried before the packaged rules."""

    __tablename__ = "department_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    keywords: Mapped[list[Any]] = mapped_column(JSON)
    lead: Mapped[str] = mapped_column(String(100))
    co: Mapped[list[Any]] = mapped_column(JSON, default=list)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UserSession(Base):
    """A logged-in browser. The cookie carries a random token; only its SHA-256 is stored. Logging out,
    a password change, a role change or disabling the account end every session of the user at once
    (`ended_at`), in every worker process, because the check is here and not in the cookie."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_reason: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(100), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class LoginThrottle(Base):
    """Log-in attempts per key (account and address, account, address) in the current window. Counted
    atomically (one UPDATE … RETURNING per key) before the password is checked, so concurrent attempts
    cannot all slip in."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime)


class LedgerState(Base):
    """One row: the ledger's version, bumped in the same transaction as any change to its content, so
    that a view cached under version v is never stale once v is visible (see ledger.db)."""

    __tablename__ = "ledger_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


URGE_KINDS = ("urge", "supervise")  # 催办 / 督办单
URGE_STATES = ("waiting", "replied", "closed")  # 待答复 / 已答复 / 已办结 (逾期 is waiting past `reply_by`)


class Urge(Base):
    """A 催办 (or, kind `supervise`, a 督办单) the office sends one department about some of its targets,
    with its own message and a reply deadline. It carries its 文号: `year` and `seq`, numbered per kind
    and year, unique (two offices sending at once retry, never share a number). The department answers
    once, with a progress report or in writing; the office reads the answer and closes the matter.
    `version` moves on every decision (reply, close): of two people acting at once the second gets 409."""

    __tablename__ = "urges"
    __table_args__ = (UniqueConstraint("kind", "year", "seq", name="uq_urges_kind_year_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="urge")
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    reply_by: Mapped[date] = mapped_column(Date)
    as_of: Mapped[date] = mapped_column(Date)  # the date the targets' statuses were judged at
    issuer: Mapped[str] = mapped_column(String(100), default="")  # 发文机关
    cc: Mapped[str] = mapped_column(String(300), default="")  # 抄送
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(10), default="waiting", index=True)
    reply_kind: Mapped[str | None] = mapped_column(String(10))  # progress / text
    reply_text: Mapped[str | None] = mapped_column(Text)
    reply_progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id"))
    replied_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    read_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    close_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    department: Mapped[Department] = relationship(lazy="joined")
    report: Mapped[Report | None] = relationship()
    sender: Mapped[User | None] = relationship(foreign_keys=[sent_by])
    replier: Mapped[User | None] = relationship(foreign_keys=[replied_by])
    closer: Mapped[User | None] = relationship(foreign_keys=[closed_by])
    items: Mapped[list[UrgeTarget]] = relationship(order_by="UrgeTarget.position", lazy="selectin")


class UrgeTarget(Base):
    """A target a 催办 is about, with its status and warning on the day it was sent."""

    __tablename__ = "urge_targets"
    urge_id: Mapped[int] = mapped_column(ForeignKey("urges.id"), primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="")
    warning: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(Text, default="")

    target: Mapped[Target] = relationship(lazy="joined")
