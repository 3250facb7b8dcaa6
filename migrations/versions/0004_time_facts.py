"""versions: what a source says about time beyond its interval

- published: the Lovtidende date (DiesEdicti), from which "dagen efter
  bekendtgørelsen" and similar entry-into-force rules count;
- later_changes: the later amendments the document's own metadata names
  (<AendresAf>/<Change>), as JSON, so that a version is never shown as simply
  current when its source knew of changes the store does not hold;
- historic_since: the day Retsinformation marked the version historic
  (DateOfHistoricMark), when it says;
- attested: the interval is the period a publication attests the text for (the
  pamphlet's quotations of January 2004), not an interval in force.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN, not batch mode: a batch copy of `versions` would drop
    # the old table, and with foreign keys on, that deletes every unit by cascade.
    op.add_column("versions", sa.Column("published", sa.Date(), nullable=True))
    op.add_column("versions", sa.Column("later_changes", sa.Text(), nullable=True))
    op.add_column("versions", sa.Column("historic_since", sa.Date(), nullable=True))
    op.add_column(
        "versions",
        sa.Column("attested", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # The pamphlet's quotations stored before this revision were given an interval
    # in force from 2004-01-01 until the next version; they attest January 2004 only.
    op.execute(
        "UPDATE versions SET attested = true, in_force_from = '2004-01-01', "
        "in_force_to = '2004-02-01' "
        "WHERE is_partial AND source LIKE 'Den Sociale Ankestyrelse: At skrive en afgørelse%'"
    )


def downgrade() -> None:
    for column in ("attested", "historic_since", "later_changes", "published"):
        op.drop_column("versions", column)
