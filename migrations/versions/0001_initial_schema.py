"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("popular_title", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acts")),
        sa.UniqueConstraint("key", name=op.f("uq_acts_key")),
    )
    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("series", sa.String(length=40), nullable=False),
        sa.Column("letter", sa.String(length=4), nullable=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_file", sa.String(length=400), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
        sa.UniqueConstraint("ref", name=op.f("uq_practice_ref")),
    )
    op.create_table(
        "store_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_state")),
    )
    op.create_table(
        "act_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"], ["acts.id"], name=op.f("fk_act_names_act_id_acts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_names")),
        sa.UniqueConstraint("act_id", "name", name=op.f("uq_act_names_act_id_name")),
    )
    with op.batch_alter_table("act_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_act_names_name"), ["name"], unique=False)

    op.create_table(
        "practice_provisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_provisions_practice_id_practice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_provisions")),
    )
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=20), nullable=False),
        sa.Column("document_type_raw", sa.String(length=60), nullable=True),
        sa.Column("is_amending", sa.Boolean(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("date_signed", sa.Date(), nullable=True),
        sa.Column("accession", sa.String(length=40), nullable=True),
        sa.Column("designation", sa.String(length=200), nullable=False),
        sa.Column("eli", sa.String(length=200), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("in_force_from", sa.Date(), nullable=True),
        sa.Column("in_force_to", sa.Date(), nullable=True),
        sa.Column("source_start_date", sa.Date(), nullable=True),
        sa.Column("source_end_date", sa.Date(), nullable=True),
        sa.Column("is_partial", sa.Boolean(), nullable=False),
        sa.Column("lineage", sa.Text(), nullable=True),
        sa.Column("ministry", sa.String(length=200), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("source_file", sa.String(length=400), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("importer_version", sa.String(length=40), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"], ["acts.id"], name=op.f("fk_versions_act_id_acts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_versions")),
        sa.UniqueConstraint("accession", name=op.f("uq_versions_accession")),
        sa.UniqueConstraint("act_id", "designation", name=op.f("uq_versions_act_id_designation")),
    )
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_versions_act_id"), ["act_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_versions_source_sha256"), ["source_sha256"], unique=False
        )

    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("end_ord", sa.Integer(), nullable=False),
        sa.Column("parent_ord", sa.Integer(), nullable=True),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("tail", sa.Text(), nullable=True),
        sa.Column("path", sa.String(length=200), nullable=True),
        sa.Column("anchor", sa.Integer(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            name=op.f("fk_units_version_id_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("version_id", "ord", name=op.f("uq_units_version_id_ord")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index("ix_units_version_path", ["version_id", "path"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index("ix_units_version_path")

    op.drop_table("units")
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_versions_source_sha256"))
        batch_op.drop_index(batch_op.f("ix_versions_act_id"))

    op.drop_table("versions")
    op.drop_table("practice_provisions")
    with op.batch_alter_table("act_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_act_names_name"))

    op.drop_table("act_names")
    op.drop_table("store_state")
    op.drop_table("practice")
    op.drop_table("acts")
