"""counterparts: where a provision of a replaced act stands in the new act

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counterparts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("old_version", sa.String(length=200), nullable=False),
        sa.Column("old_path", sa.String(length=200), nullable=False),
        sa.Column("new_version", sa.String(length=200), nullable=False),
        sa.Column("new_path", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_file", sa.String(length=400), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"], ["acts.id"], name=op.f("fk_counterparts_act_id_acts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparts")),
        sa.UniqueConstraint(
            "act_id",
            "old_version",
            "old_path",
            "new_version",
            name=op.f("uq_counterparts_act_id_old_version_old_path_new_version"),
        ),
    )
    with op.batch_alter_table("counterparts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counterparts_act_id"), ["act_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("counterparts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counterparts_act_id"))
    op.drop_table("counterparts")
