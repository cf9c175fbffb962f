"""Overdue referrals: a partial index of the issued ones replaces (status, due_at) over all.

Revision ID: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.drop_index("ix_referral_status_due", postgresql_include=["case_id", "agency_id"])
        batch.create_index("ix_referral_issued_due", ["due_at"], unique=False,
                           postgresql_include=["case_id", "agency_id"],
                           postgresql_where=sa.text("status = 'issued'"))


def downgrade() -> None:
    with op.batch_alter_table("referral") as batch:
        batch.drop_index("ix_referral_issued_due", postgresql_include=["case_id", "agency_id"],
                         postgresql_where=sa.text("status = 'issued'"))
        batch.create_index("ix_referral_status_due", ["status", "due_at"], unique=False,
                           postgresql_include=["case_id", "agency_id"])
