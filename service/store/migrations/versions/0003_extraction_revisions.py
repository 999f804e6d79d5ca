"""Reviewers' corrections of extractions, one row per revision (the model's output is revision 0).

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extraction_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("extraction_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("status", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["extraction_id"], ["extractions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("extraction_id", "number"),
    )
    with op.batch_alter_table("extraction_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extraction_revisions_extraction_id"), ["extraction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("extraction_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extraction_revisions_extraction_id"))
    op.drop_table("extraction_revisions")
