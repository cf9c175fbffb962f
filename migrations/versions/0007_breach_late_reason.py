"""breach late reason (Decree 13/2023 Art. 23(1): a notice after 72 hours states why)

Revision ID: 0007
Revises: 0004

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('breach', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_reason', sa.Text(), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('breach', schema=None) as batch_op:
        batch_op.drop_column('late_reason')
