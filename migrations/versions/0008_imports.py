"""imports: the import history

One row per `kb import` and `kb update` (`kb history`): when it ran, how many files
became new acts, new versions, stayed unchanged or were refused, and each file or
address with what became of it. Starts empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("new_acts", sa.Integer(), nullable=False),
        sa.Column("new_versions", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_index(op.f("ix_imports_started_at"), "imports", ["started_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_imports_started_at"), table_name="imports")
    op.drop_table("imports")
