"""urges: 催办 and 督办单 sent by the office to a department, with their targets, 文号 and replies

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "urges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("reply_by", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.Column("cc", sa.String(length=300), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("reply_kind", sa.String(length=10), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=True),
        sa.Column("reply_progress_id", sa.Integer(), nullable=True),
        sa.Column("replied_by", sa.Integer(), nullable=True),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("read_by", sa.Integer(), nullable=True),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(["closed_by"], ["users.id"], name=op.f("fk_urges_closed_by_users")),
        sa.ForeignKeyConstraint(["department_id"], ["departments.id"], name=op.f("fk_urges_department_id_departments")),
        sa.ForeignKeyConstraint(["read_by"], ["users.id"], name=op.f("fk_urges_read_by_users")),
        sa.ForeignKeyConstraint(["replied_by"], ["users.id"], name=op.f("fk_urges_replied_by_users")),
        sa.ForeignKeyConstraint(["reply_progress_id"], ["progress_reports.id"],
                                name=op.f("fk_urges_reply_progress_id_progress_reports")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_urges_report_id_reports")),
        sa.ForeignKeyConstraint(["sent_by"], ["users.id"], name=op.f("fk_urges_sent_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urges")),
        sa.UniqueConstraint("kind", "year", "seq", name="uq_urges_kind_year_seq"),
    )
    with op.batch_alter_table("urges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_urges_department_id"), ["department_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_urges_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_urges_state"), ["state"], unique=False)
    op.create_table(
        "urge_targets",
        sa.Column("urge_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("warning", sa.String(length=2), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["targets.id"], name=op.f("fk_urge_targets_target_id_targets")),
        sa.ForeignKeyConstraint(["urge_id"], ["urges.id"], name=op.f("fk_urge_targets_urge_id_urges")),
        sa.PrimaryKeyConstraint("urge_id", "target_id", name=op.f("pk_urge_targets")),
    )
    with op.batch_alter_table("urge_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_urge_targets_target_id"), ["target_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("urge_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urge_targets_target_id"))
    op.drop_table("urge_targets")
    with op.batch_alter_table("urges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_urges_state"))
        batch_op.drop_index(batch_op.f("ix_urges_report_id"))
        batch_op.drop_index(batch_op.f("ix_urges_department_id"))
    op.drop_table("urges")
