"""region tree: each user's region (an office sees its region and those below it)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot add a foreign key to an existing table otherwise.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("region_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_users_region_id_regions"), "regions", ["region_id"], ["id"])
        batch.create_index(op.f("ix_users_region_id"), ["region_id"], unique=False)
    with op.batch_alter_table("regions") as batch:
        batch.create_index(op.f("ix_regions_parent_id"), ["parent_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("regions") as batch:
        batch.drop_index(op.f("ix_regions_parent_id"))
    with op.batch_alter_table("users") as batch:
        batch.drop_index(op.f("ix_users_region_id"))
        batch.drop_constraint(op.f("fk_users_region_id_regions"), type_="foreignkey")
        batch.drop_column("region_id")
