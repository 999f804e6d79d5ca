"""Owners and outcome: extractions and briefings belong to the API key that created them, and
record whether their run was complete or partial; per-owner list indexes (jobs already record
their principal).

Rows stored before this revision had no owner: they go to 'anonymous' (the principal when no
API keys are configured), so with keys configured only an admin key sees them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("extractions", "briefings")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("owner", sa.String(length=64), nullable=False, server_default="anonymous")
            )
            batch_op.add_column(
                sa.Column("status", sa.String(length=20), nullable=False, server_default="complete")
            )
            batch_op.create_index(f"ix_{table}_owner_created", ["owner", "created_at", "id"])
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_principal_created", ["principal", "created_at", "id"])


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_principal_created")
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_owner_created")
            batch_op.drop_column("status")
            batch_op.drop_column("owner")
