"""A supervisor's status filter within a province: (province_code, status, created_at, id) of the
submitted cases, so the page and its capped count read only their own rows.

Revision ID: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.create_index("ix_case_province_status_created",
                           ["province_code", "status", "created_at", "id"], unique=False,
                           postgresql_where=sa.text("reference IS NOT NULL"))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_index("ix_case_province_status_created",
                         postgresql_where=sa.text("reference IS NOT NULL"))
