"""versions: whether the day in force is the sources' own, and the act's rule

- in_force_known: false where a LOV's own ikrafttrædelse provision gives no day the
  sources hold ("Loven træder i kraft dagen efter bekendtgørelsen i Lovtidende" without
  the Lovtidende date, "Justitsministeren fastsætter tidspunktet for lovens
  ikrafttræden"): in_force_from is then the earliest day it can be, kept so that the
  chain stays in order, and no output states it as the day of entry into force;
- in_force_rule: the act's own sentence on when it comes into force, word for word.

Rows stored before this revision took a LOV's day from its signing (or, in newer
files, from StartDate, which for a LOV is its Lovtidende date) wherever the old reader
found no "Loven træder i kraft den …": those days are marked as not known. Their rule is
not in the old rows; importing the file into a new store reads it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, not batch mode (see 0004: a batch copy of `versions` would
    # delete every unit by cascade).
    op.add_column(
        "versions",
        sa.Column("in_force_known", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column("versions", sa.Column("in_force_rule", sa.Text(), nullable=True))
    op.execute(
        "UPDATE versions SET in_force_known = false "
        "WHERE doc_type IN ('LOV', 'BEK') AND NOT attested "
        "AND source = 'Retsinformation (LexDania 2.1 XML)' "
        "AND (in_force_from = date_signed OR in_force_from = source_start_date)"
    )


def downgrade() -> None:
    for column in ("in_force_rule", "in_force_known"):
        op.drop_column("versions", column)
