"""A unit's case list from its own referrals: referral.case_created_at (the case's creation
time, copied) and ix_referral_agency_case_created (agency_id, case_created_at, case_id, id).

Listing a unit's cases newest first walked every case newest first until 26 were referred to
it: seconds at a million cases for a unit with few or only old referrals.

Revision ID: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("case_created_at", sa.DateTime(), nullable=True))
    op.execute('UPDATE referral SET case_created_at = '
               '(SELECT "case".created_at FROM "case" WHERE "case".id = referral.case_id)')
    with op.batch_alter_table("referral") as batch:
        batch.create_index("ix_referral_agency_case_created",
                           ["agency_id", "case_created_at", "case_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.drop_index("ix_referral_agency_case_created")
        batch.drop_column("case_created_at")
