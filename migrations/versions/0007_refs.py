"""refs: the reference graph

Every reference in the text of every stored unit (`refs`), with the units it
resolves to or the reason it does not (`ref_targets`), and which versions have been
read (`ref_reads`) — `kb.graph`. The tables
start empty: the graph is derived, and `kb.graph.ensure` reads what is missing the
next time it is asked for (an import reads it at once).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=8), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            name=op.f("fk_refs_version_id_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refs")),
    )
    op.create_index(op.f("ix_refs_version_id"), "refs", ["version_id"])
    op.create_table(
        "ref_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=200), nullable=True),
        sa.Column("unit_ord", sa.Integer(), nullable=True),
        sa.Column("pkt", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["ref_id"],
            ["refs.id"],
            name=op.f("fk_ref_targets_ref_id_refs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_targets")),
    )
    op.create_index(op.f("ix_ref_targets_ref_id"), "ref_targets", ["ref_id"])
    op.create_index("ix_ref_targets_target", "ref_targets", ["act_id", "path"])
    op.create_table(
        "ref_reads",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("references", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            name=op.f("fk_ref_reads_version_id_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_ref_reads")),
    )


def downgrade() -> None:
    op.drop_table("ref_reads")
    op.drop_index("ix_ref_targets_target", table_name="ref_targets")
    op.drop_index(op.f("ix_ref_targets_ref_id"), table_name="ref_targets")
    op.drop_table("ref_targets")
    op.drop_index(op.f("ix_refs_version_id"), table_name="refs")
    op.drop_table("refs")
