"""Notifications carry their line in English too (shown to readers who chose English).

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("text_en", sa.String(300), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("text_en")
