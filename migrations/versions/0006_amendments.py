"""amendments: which act each amending § changes

A table of the §§ of amending acts that open with the act they change ("I
forvaltningsloven, jf. lovbekendtgørelse nr. 988 af 9. oktober 2012, foretages
følgende ændringer:"), with the key of that act (`kb.ingest.amendments`): an act's
effects then read only the amending acts that name it, not every one stored. And an
index of versions by number and day, the designation such a § or a citation names.

The data step records the §§ of every amending act already stored, read with every
act name stored, and their instructions (`kb.ingest.instructions`), as an import from
now on does.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: nothing existing is copied (see 0004 on batch copies).
    op.create_table(
        "amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("act_key", sa.String(length=400), nullable=True),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("ref_number", sa.Integer(), nullable=True),
        sa.Column("ref_date", sa.String(length=10), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["versions.id"],
            name=op.f("fk_amendments_version_id_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendments")),
    )
    op.create_index(op.f("ix_amendments_version_id"), "amendments", ["version_id"])
    op.create_index(op.f("ix_amendments_act_key"), "amendments", ["act_key"])
    # Versions by the designation a citation or an amending § names them by.
    op.create_index("ix_versions_number_date", "versions", ["number", "date_signed"])

    # Imported here, not at the top: Alembic loads every revision's module to walk the
    # history, and only this step needs the citation grammar.
    from kb.ingest.amendments import fill

    fill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_versions_number_date", table_name="versions")
    op.drop_index(op.f("ix_amendments_act_key"), table_name="amendments")
    op.drop_index(op.f("ix_amendments_version_id"), table_name="amendments")
    op.drop_table("amendments")
