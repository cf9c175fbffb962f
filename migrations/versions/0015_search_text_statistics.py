"""A larger statistics target for case.search_text, so that PostgreSQL's guess of how common a
searched phrase is holds from one ANALYZE to the next (caseflow/cases/search.py: STATISTICS).

Revision ID: 0015
"""

from __future__ import annotations

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "case" ALTER COLUMN search_text SET STATISTICS 1000')
        op.execute('ANALYZE "case" (search_text)')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "case" ALTER COLUMN search_text SET STATISTICS -1')
